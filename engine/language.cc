#include "engine/language.h"

namespace ictgate::engine {

std::string_view LanguageTag(Language language) {
  return language == Language::kDutch ? "nl" : "en";
}

std::optional<Language> ParseLanguageTag(std::string_view tag) {
  if (tag == "nl") return Language::kDutch;
  if (tag == "en") return Language::kEnglish;
  return std::nullopt;
}

}  // namespace ictgate::engine
