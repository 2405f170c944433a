#include "engine/links.h"

#include <algorithm>
#include <set>

#include "engine/permissions.h"

namespace ictgate::engine {
namespace {

const Activity* Find(const std::vector<Activity>& members, const std::string& id) {
  for (const Activity& a : members) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

bool IsLinked(const Activity& a, const std::string& other) {
  return std::find(a.links.begin(), a.links.end(), other) != a.links.end();
}

Refusal Refuse(Refusal::Kind kind, std::string summary, std::vector<Problem> problems = {}) {
  return Refusal{kind, std::move(summary), std::move(problems), {}};
}

}  // namespace

std::vector<std::string> GroupOf(const std::vector<Activity>& members, const std::string& id) {
  std::set<std::string> seen = {id};
  std::vector<std::string> frontier = {id};
  while (!frontier.empty()) {
    const Activity* a = Find(members, frontier.back());
    frontier.pop_back();
    if (!a) continue;
    for (const std::string& next : a->links) {
      if (seen.insert(next).second) frontier.push_back(next);
    }
  }
  return {seen.begin(), seen.end()};
}

std::map<std::string, int64_t> LinkedCosts(const std::vector<Activity>& members) {
  std::map<std::string, int64_t> costs;
  for (const Activity& a : members) {
    if (costs.count(a.id)) continue;
    const std::vector<std::string> group = GroupOf(members, a.id);
    // Amounts are bounded by kMaxAmountEur and groups by kMaxGroupSize, so
    // the sum cannot overflow.
    int64_t total = 0;
    for (const std::string& id : group) total += Find(members, id)->ict_cost_eur;
    for (const std::string& id : group) costs[id] = total - Find(members, id)->ict_cost_eur;
  }
  return costs;
}

std::vector<Activity> WithLink(std::vector<Activity> members, const std::string& a,
                               const std::string& b, bool link) {
  for (Activity& m : members) {
    if (m.id != a && m.id != b) continue;
    const std::string& other = m.id == a ? b : a;
    auto& links = m.links;
    links.erase(std::remove(links.begin(), links.end(), other), links.end());
    if (link) links.insert(std::upper_bound(links.begin(), links.end(), other), other);
  }
  return members;
}

std::optional<Refusal> CheckLink(const Activity& a, const Activity& b, bool link,
                                 size_t combined_size, const Actor& actor) {
  if (!MayPerform(actor, EventType::kLinkChange) || actor.role == Role::kSystem) {
    return Refuse(Refusal::Kind::kForbidden,
                  "role '" + std::string(RoleName(actor.role)) + "' may not link activities");
  }
  for (const Activity* end : {&a, &b}) {
    if (!CoversDepartment(actor, end->department)) {
      return Refuse(Refusal::Kind::kForbidden,
                    "department '" + actor.department + "' may not act on " + end->department);
    }
  }
  for (const Activity* end : {&a, &b}) {
    // Checked here, not left to each member's decision: a closed or
    // cancelled member receives no events, so its links could not follow.
    if (IsTerminal(end->state)) {
      return Refuse(Refusal::Kind::kNotAllowed, end->id + " is " +
                                                    std::string(StateName(end->state)) +
                                                    "; its links can no longer change");
    }
  }
  if (a.id == b.id) {
    return Refuse(Refusal::Kind::kInvalid, "an activity cannot be linked to itself",
                  {{"activityId", "is the activity itself"}});
  }
  if (link && IsLinked(a, b.id)) {
    return Refuse(Refusal::Kind::kPrecondition, a.id + " is already linked to " + b.id);
  }
  if (link && combined_size > kMaxGroupSize) {
    return Refuse(Refusal::Kind::kPrecondition,
                  "the linked group would hold " + std::to_string(combined_size) +
                      " activities; at most " + std::to_string(kMaxGroupSize) + " may be linked");
  }
  return std::nullopt;
}

std::vector<MemberCommand> GroupCommands(const std::vector<Activity>& before,
                                         const std::vector<Activity>& after, const std::string& op,
                                         const std::vector<std::string>& activities,
                                         const Actor& actor, const std::string& request_id) {
  static const Actor kSystem{"system", Role::kSystem, "*"};
  const std::map<std::string, int64_t> costs = LinkedCosts(after);
  std::vector<MemberCommand> commands;
  for (size_t i = 0; i < before.size(); ++i) {
    const Activity& was = before[i];
    const Activity& will = after[i];
    if (IsTerminal(was.state)) continue;
    const int64_t linked_cost = costs.at(will.id);
    if (will.links == was.links && linked_cost == was.linked_cost_eur) continue;
    const bool named = std::count(activities.begin(), activities.end(), was.id) > 0;
    nlohmann::json payload = {{"op", op},
                              {"activities", activities},
                              {"links", will.links},
                              {"linkedCostEur", linked_cost}};
    commands.push_back({&was, Command{EventType::kLinkChange, std::move(payload),
                                      named ? actor : kSystem, request_id}});
  }
  return commands;
}

}  // namespace ictgate::engine
