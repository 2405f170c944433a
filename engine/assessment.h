// Evaluating a dossier against a policy pack, and the advisory verdict
// (docs/spec.md section 4; semantics in docs/policy-packs.md).
#ifndef ICTGATE_ENGINE_ASSESSMENT_H_
#define ICTGATE_ENGINE_ASSESSMENT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/policy_pack.h"
#include "engine/problem.h"

namespace ictgate::engine {

enum class CriterionResult { kNotApplicable, kMet, kFailed, kExplained, kPending };
std::string_view CriterionResultName(CriterionResult r);  // "not_applicable", "met", ...
std::optional<CriterionResult> ParseCriterionResult(std::string_view name);

// The area scores a CIO gives.
const std::vector<std::string_view>& AreaScoreNames();  // "ok", "attention", "risk"

struct CriterionOutcome {
  std::string id;
  CriterionResult result = CriterionResult::kPending;     // what counts
  CriterionResult automatic = CriterionResult::kPending;  // what the pack's rules gave
  bool overruled = false;  // the CIO's finding replaced the automatic result
  std::string note;        // the CIO's note, or why a rule could not be evaluated
};

struct Evaluation {
  std::vector<CriterionOutcome> criteria;  // in pack order
  std::map<std::string, std::string> area_scores;
  // Unset while a criterion is pending or an area is unscored.
  std::optional<Colour> advisory;
  // What decided the advisory verdict: "criterion:<id>" and "area:<id>".
  std::vector<std::string> decided_by;

  const CriterionOutcome* Find(const std::string& id) const;
  std::vector<std::string> Pending() const;
};

// The automatic result of every criterion for `dossier`; no area scores.
// A rule that fails to evaluate (a limit) counts as failed, with the reason.
Evaluation EvaluateDossier(const PolicyPack& pack, const nlohmann::json& dossier);

// The CIO's assessment: automatic results, overruled by `findings` (an array
// of {criterion, result, note}), with `area_scores` (area id to ok/attention/
// risk). Both must already be valid (see ValidateAssessmentInput); the
// advisory verdict is computed when the evaluation is complete.
Evaluation Assess(const PolicyPack& pack, const nlohmann::json& dossier,
                  const nlohmann::json& findings, const nlohmann::json& area_scores);
// The same, from the dossier's automatic results already evaluated
// (EvaluateDossier under the same pack): the pack's rules, most of the cost,
// then run once for several judgements of one dossier.
Evaluation Assess(const PolicyPack& pack, Evaluation automatic, const nlohmann::json& findings,
                  const nlohmann::json& area_scores);

// Whether every area of the pack must have a score: a recorded assessment
// must be complete; an assessment in progress (the CIO's live advice) may
// leave areas unscored, which leaves the advisory verdict unset.
enum class AreaCoverage { kEveryArea, kSoFar };

// Problems with findings and area scores, each naming its member.
std::vector<Problem> ValidateAssessmentInput(const PolicyPack& pack, const nlohmann::json& findings,
                                             const nlohmann::json& area_scores,
                                             AreaCoverage coverage = AreaCoverage::kEveryArea);

nlohmann::json ToJson(const Evaluation& e);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ASSESSMENT_H_
