#include "engine/what_if.h"

#include <algorithm>

namespace ictgate::engine {

Evaluation ProvisionalAssessment(const Activity& a, const PolicyPack& pack) {
  return ProvisionalAssessment(a, pack, EvaluateDossier(pack, a.dossier));
}

Evaluation ProvisionalAssessment(const Activity& a, const PolicyPack& pack,
                                 const Evaluation& automatic) {
  using nlohmann::json;
  const json findings = a.verdict ? a.verdict->findings : json::array();
  const json scores = a.verdict ? a.verdict->area_scores : json::object();
  json usable_findings = json::array();
  for (const auto& f : findings) {
    if (pack.FindCriterion(f.value("criterion", ""))) usable_findings.push_back(f);
  }
  for (const auto& o : automatic.criteria) {
    const bool found = std::any_of(usable_findings.begin(), usable_findings.end(),
                                   [&](const json& f) { return f["criterion"] == o.id; });
    if (o.result == CriterionResult::kPending && !found) {
      usable_findings.push_back({{"criterion", o.id}, {"result", "met"}, {"note", "provisional"}});
    }
  }
  json usable_scores = json::object();
  for (const auto& area : pack.areas) usable_scores[area.id] = scores.value(area.id, "ok");
  return Assess(pack, automatic, usable_findings, usable_scores);
}

WhatIfReport WhatIf(const std::vector<Activity>& activities,
                    const std::function<const PolicyPack&(const Activity&)>& current_pack,
                    const PolicyPack& candidate) {
  WhatIfReport report;
  report.candidate = candidate.ref;
  for (const Activity& a : activities) {
    if (a.state == State::kExempt || IsTerminal(a.state)) continue;
    ++report.evaluated;
    const PolicyPack& current = current_pack(a);
    Evaluation before = ProvisionalAssessment(a, current);
    Evaluation after = ProvisionalAssessment(a, candidate);
    if (before.advisory != after.advisory) {
      report.changes.push_back(
          {a.id, a.title, a.state, current.ref, std::move(before), std::move(after)});
    }
  }
  return report;
}

}  // namespace ictgate::engine
