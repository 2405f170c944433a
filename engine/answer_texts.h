// The texts beside the codes in the gate and eligibility answers, in Dutch
// and in English (docs/spec.md section 7, "Languages"): a blocker's message,
// an eligibility reason's text, an unmet criterion's title and
// recommendation.
//
// Why one catalogue in the engine: the codes are the engine's, and every
// reader of an answer, the API's clients and the dashboard alike, should
// read the same sentence for the same code. The answers are rendered in
// English (the API's default) and kept with the record (engine/answers.h);
// a request in Dutch has its kept answer's texts rewritten from its codes
// and members, which the texts are made from and which never change with
// the language.
#ifndef ICTGATE_ENGINE_ANSWER_TEXTS_H_
#define ICTGATE_ENGINE_ANSWER_TEXTS_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/gate.h"
#include "engine/language.h"
#include "engine/policy_pack.h"

namespace ictgate::engine {

// "1 december 2026" or "1 December 2026".
std::string LongDate(Date date, Language language);

// The sentence for a blocker. A MISSING_DOCUMENTS blocker names its field
// by the pack's label in `language`.
std::string BlockerText(const Blocker& blocker, const PolicyPack& pack, Language language);
// {"code", "message", and "subject", "date", "count" when set}.
nlohmann::json BlockerJson(const Blocker& blocker, const PolicyPack& pack, Language language);

// The sentence for an eligibility reason (NO_VERDICT, VERDICT_EXPIRED, ...);
// an unknown code answers itself.
std::string ReasonText(std::string_view code, Language language);
// [{"code", "text"}] for each reason, in order.
nlohmann::json ReasonDetails(const std::vector<std::string>& codes, Language language);

// Rewrites the texts of a gate answer (GateJson) or an eligibility answer
// (EligibilityJson) into `language`: blockers' messages, reasonDetails'
// texts, and unmet criteria's titles and recommendations from `pack` (the
// pack the answer names; nullptr leaves the criteria's texts). Members that
// are absent stay absent; codes and other members are untouched.
void LocaliseAnswer(nlohmann::json& answer, const PolicyPack* pack, Language language);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ANSWER_TEXTS_H_
