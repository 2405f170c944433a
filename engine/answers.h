// The answers to the two most frequent reads, GET .../gate and GET
// .../eligibility (docs/spec.md section 7): their JSON form, and the form in
// which the shell keeps them with the record.
//
// Why kept: an activity's gate view and its eligibility now change only with
// its events, with the pack in force (the gate's judgement), and at the
// deadlines NextDeadline names. So the shell renders both once, when it
// writes an event, and stores them in the event's transaction; a read sends
// the stored text while it holds, with the two parts that belong to the
// request filled in: the gate's actions (the caller's role and department)
// and the eligibility's instant. A read then costs one primary-key lookup and
// a string, whatever the size of the portfolio.
//
//   RenderedAnswers r = RenderAnswers(a, JudgeForGate(a, pack), pack, at);
//   ... stored with the event; later, at `now`:
//   if (Holds(r.terms, now, pack_in_force))
//     send GateAnswerText(r.gate, a.state, a.department, viewer)
#ifndef ICTGATE_ENGINE_ANSWERS_H_
#define ICTGATE_ENGINE_ANSWERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/eligibility.h"
#include "engine/gate.h"
#include "engine/language.h"

namespace ictgate::engine {

nlohmann::json EventNames(const std::vector<EventType>& types);
nlohmann::json EvaluationJson(const Evaluation& e, const PackRef& ref);
// The gate view as GET .../gate answers it, judged under `pack` at `now`,
// its texts in `language` (engine/answer_texts.h).
nlohmann::json GateJson(const Activity& a, const GateView& g, const PolicyPack& pack, Instant now,
                        Language language = Language::kEnglish);
// One activity's eligibility answer; `activity` is the record as of `at`.
nlohmann::json EligibilityJson(const Activity& activity, const Eligibility& e, Instant at,
                               Language language = Language::kEnglish);

// When kept answers hold: from the instant they were rendered at until the
// first deadline after it, and while the pack they were judged under is the
// one that applies.
struct AnswerTerms {
  std::string pack_hash;  // content hash of the pack the gate was judged under
  bool pinned = false;    // the activity is pinned to that pack
  Instant from;           // rendered at
  // The earlier of GateChangesAt and EligibilityChangesAt at `from`;
  // nullopt: the next event.
  std::optional<Instant> until;
};

// Whether answers kept under `terms` are still the answers at `now` as far
// as time goes: from `from` (before it, a clock set back, the record may
// postdate `now`) until `until`. All the eligibility answer depends on.
bool HoldsAt(const AnswerTerms& terms, Instant now);
// HoldsAt, and judged under the pack that applies, when `pack_in_force` is
// the content hash of the pack in force: what the gate answer depends on.
bool Holds(const AnswerTerms& terms, Instant now, std::string_view pack_in_force);

// Kept in English; engine::LocaliseAnswer puts a kept answer in Dutch.
struct RenderedAnswers {
  std::string gate;         // GateJson, without the member "actions"
  std::string eligibility;  // EligibilityJson, without the member "at"
  AnswerTerms terms;
};

// Both answers for `activity` at `at`. `pack` is the activity's pinned pack,
// or the one in force at `at` when unpinned; `judgement` is JudgeForGate of
// the activity under it.
RenderedAnswers RenderAnswers(const Activity& activity, const GateJudgement& judgement,
                              const PolicyPack& pack, Instant at);

// The gate answer for `viewer`: the kept text with the viewer's actions on
// an activity in `state` of `department` (GateActions). Equal, as JSON, to
// GateJson of ViewGate for that viewer.
std::string GateAnswerText(std::string_view kept_gate, State state, std::string_view department,
                           const Actor& viewer);
// The eligibility answer at `at`: the kept text with its instant.
std::string EligibilityAnswerText(std::string_view kept_eligibility, Instant at);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ANSWERS_H_
