#include "engine/dashboard_part.h"

#include <algorithm>
#include <map>

#include "engine/payload.h"

namespace ictgate::engine {

using nlohmann::json;

namespace {

// A problem for every member of `object` not in `known`: a misspelt member
// would otherwise be kept and never exported.
void RejectUnknown(const json& object, const std::vector<std::string_view>& known,
                   const std::string& prefix, const char* what, std::vector<Problem>& problems) {
  for (const auto& [name, value] : object.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      problems.push_back({prefix + name, std::string("is not a member of ") + what});
  }
}

void CheckCosts(const json& costs, DashboardPartUse use, const std::string& prefix,
                std::vector<Problem>& problems) {
  if (!costs.is_object()) {
    problems.push_back({prefix, "must map cost categories to {initialEur, currentEur, actualEur}"});
    return;
  }
  RejectUnknown(costs, DashboardCostCategories(), prefix + "/", "the cost categories", problems);
  for (const auto& category : DashboardCostCategories()) {
    const auto it = costs.find(category);
    if (it == costs.end() || it->is_null()) continue;
    const std::string at = prefix + "/" + std::string(category) + "/";
    if (!it->is_object()) {
      problems.push_back(
          {at.substr(0, at.size() - 1), "must be {initialEur, currentEur, actualEur}"});
      continue;
    }
    PayloadReader in(*it, problems, at);
    in.Amount("currentEur", false);
    in.Amount("actualEur", false);
    if (use == DashboardPartUse::kDossier) {
      in.Amount("initialEur", false);
    } else if (HasMember(*it, "initialEur")) {
      in.Fail("initialEur", "is part of the initial estimate: a change gives current and actual");
    }
    RejectUnknown(*it, {"initialEur", "currentEur", "actualEur"}, at, "a cost category", problems);
  }
}

// One item of a list: the texts and dates `check` reads, nothing else.
using ItemCheck = void (*)(PayloadReader&);

void CheckList(const json& list, const std::string& prefix, const char* what,
               const std::vector<std::string_view>& members, ItemCheck check,
               std::vector<Problem>& problems) {
  if (!list.is_array()) {
    problems.push_back({prefix, std::string("must be a list of ") + what});
    return;
  }
  if (list.size() > kMaxDashboardListItems) {
    problems.push_back(
        {prefix, "must have at most " + std::to_string(kMaxDashboardListItems) + " items"});
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = prefix + "/" + std::to_string(i) + "/";
    if (!list[i].is_object()) {
      problems.push_back({at.substr(0, at.size() - 1), std::string("must be one of ") + what});
      continue;
    }
    PayloadReader in(list[i], problems, at);
    check(in);
    RejectUnknown(list[i], members, at, what, problems);
  }
}

void CheckMilestone(PayloadReader& in) {
  in.Text("description", true);
  in.DateMember("expectedDate", true);
  in.DateMember("realisedDate", false);
}

void CheckReview(PayloadReader& in) {
  in.DateMember("date", true);
  in.Text("by", true);
  in.Text("kind", true);
  in.Text("description", false);
}

void CheckPaper(PayloadReader& in) {
  in.DateMember("date", true);
  in.Text("number", true);
  in.Text("title", true);
  in.Text("link", false);
  in.Flag("acictAdvice");
}

}  // namespace

const std::vector<std::string_view>& DashboardCostCategories() {
  static const std::vector<std::string_view> kCategories = {"internalStaff", "externalStaff",
                                                            "otherMaterial"};
  return kCategories;
}

std::vector<Problem> ValidateDashboardPart(const json& part, DashboardPartUse use,
                                           const std::string& prefix) {
  std::vector<Problem> problems;
  if (!part.is_object()) {
    problems.push_back({prefix.substr(0, prefix.size() - 1), "must be a JSON object"});
    return problems;
  }
  RejectUnknown(part,
                {"activityType", "subject", "costs", "cumulativeSpendEur", "milestones",
                 "qualityReviews", "parliamentaryPapers"},
                prefix, "the dashboard part", problems);
  PayloadReader in(part, problems, prefix);
  in.Text("activityType", false);
  in.Text("subject", false);
  in.Amount("cumulativeSpendEur", false);
  if (HasMember(part, "costs")) CheckCosts(part["costs"], use, prefix + "costs", problems);
  if (HasMember(part, "milestones")) {
    CheckList(part["milestones"], prefix + "milestones", "milestones",
              {"description", "expectedDate", "realisedDate"}, CheckMilestone, problems);
  }
  if (HasMember(part, "qualityReviews")) {
    CheckList(part["qualityReviews"], prefix + "qualityReviews", "quality reviews",
              {"date", "by", "kind", "description"}, CheckReview, problems);
  }
  if (HasMember(part, "parliamentaryPapers")) {
    CheckList(part["parliamentaryPapers"], prefix + "parliamentaryPapers", "parliamentary papers",
              {"date", "number", "title", "link", "acictAdvice"}, CheckPaper, problems);
  }
  return problems;
}

json MergeDashboardPart(json dossier_part, const json& part) {
  if (!dossier_part.is_object()) dossier_part = json::object();
  for (const auto& [name, value] : part.items()) {
    if (value.is_null()) continue;  // absent, as the decision read it (HasMember)
    if (name != "costs") {
      dossier_part[name] = value;
      continue;
    }
    json& costs = dossier_part["costs"];
    if (!costs.is_object()) costs = json::object();
    for (const auto& [category, amounts] : value.items()) {
      if (amounts.is_null()) continue;
      if (!costs[category].is_object()) costs[category] = json::object();
      for (const auto& [member, amount] : amounts.items()) {
        if (!amount.is_null()) costs[category][member] = amount;
      }
    }
  }
  return dossier_part;
}

bool IsProgressReport(const json& payload) {
  for (const char* herijking :
       {"reasonCode", "reasonCodes", "newCostEur", "newPlannedEnd", "scopeChange"}) {
    if (HasMember(payload, herijking)) return false;
  }
  return HasMember(payload, "dashboard");
}

std::string_view DashboardStatus(const Activity& a) {
  switch (a.state) {
    case State::kClosed:
      return "Afgerond";
    case State::kCancelled:
      return "Geannuleerd";
    case State::kInExecution:
      return "In uitvoering";
    case State::kApproved:
    case State::kConditionallyApproved:
    case State::kExempt:
      // An approved rebaseline of a funded activity lets the work go on.
      return a.first_funded_at ? "In uitvoering" : "Nog niet gestart";
    default:
      // Back at a gate (a herijking, an expired verdict, a red one): a
      // funded activity is being reoriented, an unfunded one has not begun.
      return a.first_funded_at ? "In heroriëntatie" : "Nog niet gestart";
  }
}

std::string_view DashboardReasonLabel(std::string_view code) {
  static const std::map<std::string_view, std::string_view> kLabels = {
      {"legislation", "Wetswijziging"},
      {"parliament-request", "Wens van de Tweede Kamer/Eerste Kamer"},
      {"changed-goals-or-scope", "Aanpassing (business)doelen of eisen"},
      {"implementation-complexity", "Implementatie in organisatie"},
      {"internal-scope-change", "Project-endogene scopewijzigingen"},
      {"setbacks", "Tegenvallers binnen project"},
      {"external-advice", "Overnemen aanbeveling extern advies"},
      {"price-development", "Prijsontwikkeling"}};
  const auto it = kLabels.find(code);
  return it == kLabels.end() ? code : it->second;
}

}  // namespace ictgate::engine
