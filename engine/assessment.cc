#include "engine/assessment.h"

#include <algorithm>
#include <set>
#include <utility>

#include "engine/jsonlogic.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

CriterionOutcome Automatic(const Criterion& c, const json& dossier) {
  CriterionOutcome o;
  o.id = c.id;
  try {
    if (!JsonLogicTruthy(ApplyJsonLogic(c.applies_when, dossier))) {
      o.automatic = CriterionResult::kNotApplicable;
    } else if (!c.check) {
      o.automatic = CriterionResult::kPending;
    } else if (JsonLogicTruthy(ApplyJsonLogic(*c.check, dossier))) {
      o.automatic = CriterionResult::kMet;
    } else {
      const json explanation = dossier.value("explanations", json::object()).value(c.id, json());
      const bool explained = c.kind == CriterionKind::kComplyOrExplain && explanation.is_string() &&
                             !explanation.get<std::string>().empty();
      o.automatic = explained ? CriterionResult::kExplained : CriterionResult::kFailed;
    }
  } catch (const JsonLogicError& e) {
    o.automatic = CriterionResult::kFailed;
    o.note = std::string("the rule could not be evaluated: ") + e.what();
  }
  o.result = o.automatic;
  return o;
}

// docs/spec.md section 4, in order.
void ComputeAdvisory(const PolicyPack& pack, Evaluation& e) {
  e.advisory.reset();
  e.decided_by.clear();
  if (!e.Pending().empty() || e.area_scores.size() != pack.areas.size()) return;
  std::vector<std::string> mandatory, other, risk_areas, attention_areas;
  for (const auto& o : e.criteria) {
    if (o.result != CriterionResult::kFailed) continue;
    const Criterion* c = pack.FindCriterion(o.id);
    (c->kind == CriterionKind::kMandatory ? mandatory : other).push_back("criterion:" + o.id);
  }
  for (const auto& [area, score] : e.area_scores) {
    if (score == "risk") risk_areas.push_back("area:" + area);
    if (score == "attention") attention_areas.push_back("area:" + area);
  }
  if (!mandatory.empty()) {
    e.advisory = Colour::kRed;
    e.decided_by = mandatory;
  } else if (static_cast<int>(risk_areas.size()) >= pack.red_when_risk_areas_at_least) {
    e.advisory = Colour::kRed;
    e.decided_by = risk_areas;
  } else if (!other.empty() || !risk_areas.empty() || !attention_areas.empty()) {
    e.advisory = Colour::kOrange;
    e.decided_by = other;
    e.decided_by.insert(e.decided_by.end(), risk_areas.begin(), risk_areas.end());
    e.decided_by.insert(e.decided_by.end(), attention_areas.begin(), attention_areas.end());
  } else {
    e.advisory = Colour::kGreen;
  }
}

}  // namespace

std::string_view CriterionResultName(CriterionResult r) {
  switch (r) {
    case CriterionResult::kNotApplicable:
      return "not_applicable";
    case CriterionResult::kMet:
      return "met";
    case CriterionResult::kFailed:
      return "failed";
    case CriterionResult::kExplained:
      return "explained";
    case CriterionResult::kPending:
      return "pending";
  }
  return "?";
}

std::optional<CriterionResult> ParseCriterionResult(std::string_view name) {
  for (auto r : {CriterionResult::kNotApplicable, CriterionResult::kMet, CriterionResult::kFailed,
                 CriterionResult::kExplained, CriterionResult::kPending}) {
    if (CriterionResultName(r) == name) return r;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& AreaScoreNames() {
  static const std::vector<std::string_view> kNames = {"ok", "attention", "risk"};
  return kNames;
}

const CriterionOutcome* Evaluation::Find(const std::string& id) const {
  for (const auto& o : criteria) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::vector<std::string> Evaluation::Pending() const {
  std::vector<std::string> ids;
  for (const auto& o : criteria) {
    if (o.result == CriterionResult::kPending) ids.push_back(o.id);
  }
  return ids;
}

Evaluation EvaluateDossier(const PolicyPack& pack, const json& dossier) {
  Evaluation e;
  const json data = dossier.is_object() ? dossier : json::object();
  for (const auto& c : pack.criteria) e.criteria.push_back(Automatic(c, data));
  return e;
}

Evaluation Assess(const PolicyPack& pack, const json& dossier, const json& findings,
                  const json& area_scores) {
  return Assess(pack, EvaluateDossier(pack, dossier), findings, area_scores);
}

Evaluation Assess(const PolicyPack& pack, Evaluation automatic, const json& findings,
                  const json& area_scores) {
  Evaluation e = std::move(automatic);
  if (findings.is_array()) {
    for (const auto& f : findings) {
      for (auto& o : e.criteria) {
        if (o.id != f.at("criterion").get<std::string>()) continue;
        o.result = *ParseCriterionResult(f.at("result").get<std::string>());
        o.overruled = o.result != o.automatic;
        o.note = f.value("note", "");
      }
    }
  }
  if (area_scores.is_object()) {
    for (const auto& [area, score] : area_scores.items())
      e.area_scores[area] = score.get<std::string>();
  }
  ComputeAdvisory(pack, e);
  return e;
}

std::vector<Problem> ValidateAssessmentInput(const PolicyPack& pack, const json& findings,
                                             const json& area_scores, AreaCoverage coverage) {
  std::vector<Problem> problems;
  if (!area_scores.is_object()) {
    problems.push_back({"areaScores", "must map every area of the pack to ok, attention or risk"});
  } else {
    for (const auto& area : pack.areas) {
      if (coverage == AreaCoverage::kEveryArea && !area_scores.contains(area.id)) {
        problems.push_back({"areaScores/" + area.id, "is required (ok, attention or risk)"});
      }
    }
    for (const auto& [area, score] : area_scores.items()) {
      const auto& names = AreaScoreNames();
      if (!pack.HasArea(area)) {
        problems.push_back({"areaScores/" + area, "is not an area of the pack"});
      } else if (!score.is_string() ||
                 std::find(names.begin(), names.end(), score.get<std::string>()) == names.end()) {
        problems.push_back({"areaScores/" + area, "must be ok, attention or risk"});
      }
    }
  }
  if (findings.is_null()) return problems;
  if (!findings.is_array()) {
    problems.push_back({"findings", "must be an array"});
    return problems;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string at = "findings/" + std::to_string(i) + "/";
    const json& f = findings[i];
    if (!f.is_object()) {
      problems.push_back({"findings/" + std::to_string(i), "must be an object"});
      continue;
    }
    const json criterion = f.value("criterion", json());
    if (!criterion.is_string() || !pack.FindCriterion(criterion.get<std::string>())) {
      problems.push_back({at + "criterion", "must name a criterion of the pack"});
    } else if (!seen.insert(criterion.get<std::string>()).second) {
      problems.push_back({at + "criterion", "has a finding already"});
    }
    const json result = f.value("result", json());
    const auto parsed =
        result.is_string() ? ParseCriterionResult(result.get<std::string>()) : std::nullopt;
    if (!parsed || *parsed == CriterionResult::kPending) {
      problems.push_back({at + "result", "must be met, failed, not_applicable or explained"});
    }
    const json note = f.value("note", json());
    if (!note.is_string() || note.get<std::string>().empty()) {
      problems.push_back({at + "note", "is required: a finding says why"});
    }
    for (const auto& [key, value] : f.items()) {
      if (key != "criterion" && key != "result" && key != "note") {
        problems.push_back({at + key, "is not a member of a finding"});
      }
    }
  }
  return problems;
}

json ToJson(const Evaluation& e) {
  json criteria = json::array();
  for (const auto& o : e.criteria) {
    json c = {{"id", o.id},
              {"result", CriterionResultName(o.result)},
              {"automatic", CriterionResultName(o.automatic)},
              {"overruled", o.overruled}};
    if (!o.note.empty()) c["note"] = o.note;
    criteria.push_back(c);
  }
  return {{"criteria", criteria},
          {"areaScores", e.area_scores},
          {"advisory", e.advisory ? json(ColourName(*e.advisory)) : json()},
          {"decidedBy", e.decided_by}};
}

}  // namespace ictgate::engine
