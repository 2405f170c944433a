#include "engine/publication.h"

#include <algorithm>
#include <string>

namespace ictgate::engine {
namespace {

using nlohmann::json;

bool Marked(const Rules& rules, std::string_view part) {
  const auto& parts = rules.public_parts;
  return std::find(parts.begin(), parts.end(), part) != parts.end();
}

// A step of the AcICT track with only its public members.
json PublicStep(const json& step, std::initializer_list<const char*> members) {
  json out = {{"at", step.at("at")}};
  for (const char* m : members) {
    if (step.contains(m)) out[m] = step.at(m);
  }
  return out;
}

json VerdictSummary(const Verdict& v) {
  return {{"recorded", ColourName(v.recorded)},
          {"advisory", v.advisory ? json(ColourName(*v.advisory)) : json()},
          {"overruled", v.overridden},
          {"at", FormatInstant(v.recorded_at)},
          {"validUntil", FormatDate(v.valid_until)},
          {"recommendations", v.recommendations.size()}};
}

}  // namespace

const std::vector<std::string_view>& PublicParts() {
  static const std::vector<std::string_view> kParts = {"verdictSummary", "acictAdvice",
                                                       "acictReaction", "acictNaschrift"};
  return kParts;
}

json PublicRecord(const Activity& a, const Rules& rules) {
  json parts = json::object();
  if (a.verdict && Marked(rules, "verdictSummary")) {
    parts["verdictSummary"] = VerdictSummary(*a.verdict);
    parts["verdictSummary"]["conditions"] = a.conditions.size();
  }
  const AcictTrack& t = a.acict;
  if (!t.advice.is_null() && Marked(rules, "acictAdvice")) {
    parts["acictAdvice"] = PublicStep(t.advice, {"document", "recommendations", "summary"});
  }
  if (!t.reaction.is_null() && Marked(rules, "acictReaction")) {
    parts["acictReaction"] = PublicStep(t.reaction, {"document", "summary"});
  }
  if (!t.naschrift.is_null() && Marked(rules, "acictNaschrift")) {
    parts["acictNaschrift"] = PublicStep(t.naschrift, {"document", "note"});
  }
  if (parts.empty()) return nullptr;
  // Instants are written in one form (FormatInstant), so their text orders
  // as their time does.
  std::string updated;
  for (const auto& [name, part] : parts.items())
    updated = std::max(updated, part.at("at").get<std::string>());
  json record = {{"activityId", a.id},           {"title", a.title},
                 {"department", a.department},   {"kind", ActivityKindName(a.kind)},
                 {"ictCostEur", a.ict_cost_eur}, {"updated", updated}};
  record.update(parts);
  return record;
}

}  // namespace ictgate::engine
