// The languages people read ictgate in: Dutch, the users' own, and English,
// the API's default (docs/spec.md section 7, "Languages").
//
// The engine's codes (states, blockers, eligibility reasons) never change
// with the language; the texts beside them do. A request's language comes
// from its Accept-Language (api/problem_language.h).
#ifndef ICTGATE_ENGINE_LANGUAGE_H_
#define ICTGATE_ENGINE_LANGUAGE_H_

#include <optional>
#include <string_view>

namespace ictgate::engine {

enum class Language { kEnglish, kDutch };

// "en" or "nl": the tag sent as Content-Language and used in pack texts.
std::string_view LanguageTag(Language language);
// The language of a tag ("nl", "en"); nullopt for any other.
std::optional<Language> ParseLanguageTag(std::string_view tag);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_LANGUAGE_H_
