#include "engine/retention.h"

#include <map>
#include <set>

namespace ictgate::engine {
namespace {

using nlohmann::json;

// Adds a problem for every member of `object` (at `where`) not in `known`.
void RefuseUnknownMembers(const json& object, const std::set<std::string>& known,
                          const std::string& where, std::vector<Problem>& problems) {
  for (const auto& [member, value] : object.items()) {
    if (!known.count(member)) problems.push_back({where + "/" + member, "is not a known member"});
  }
}

// The non-blank string at `object[member]`, or a problem.
std::string RequiredText(const json& object, const std::string& member, const std::string& where,
                         std::vector<Problem>& problems) {
  const auto it = object.find(member);
  if (it == object.end() || !it->is_string() ||
      it->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    problems.push_back({where + "/" + member, "must be a non-blank text"});
    return "";
  }
  return it->get<std::string>();
}

// `object[member]` when it is a string, else "".
std::string TextOr(const json& object, const char* member) {
  const auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// retain: {"years": N, "months": N}, as months.
int ParsePeriod(const json& rule, const std::string& where, std::vector<Problem>& problems) {
  const auto retain = rule.find("retain");
  if (retain == rule.end() || !retain->is_object()) {
    problems.push_back({where + "/retain", "must be an object with years and/or months"});
    return 0;
  }
  RefuseUnknownMembers(*retain, {"years", "months"}, where + "/retain", problems);
  int months = 0;
  bool given = false;
  for (const auto& [member, factor] : {std::pair<const char*, int>{"years", 12}, {"months", 1}}) {
    const auto it = retain->find(member);
    if (it == retain->end()) continue;
    given = true;
    if (!it->is_number_integer() || it->get<int64_t>() < 0 ||
        it->get<int64_t>() * factor > kMaxRetentionMonths) {
      problems.push_back(
          {where + "/retain/" + member,
           "must be a whole number from 0 up to " + std::to_string(kMaxRetentionMonths / factor)});
      continue;
    }
    months += static_cast<int>(it->get<int64_t>()) * factor;
  }
  if (!given) problems.push_back({where + "/retain", "must give years or months"});
  if (months > kMaxRetentionMonths) {
    problems.push_back({where + "/retain",
                        "is longer than " + std::to_string(kMaxRetentionMonths / 12) + " years"});
  }
  return months;
}

// An activity rule's end states, each once across the schedule.
std::vector<State> ParseStates(const json& rule, const std::string& where,
                               std::map<State, std::string>& covered,
                               std::vector<Problem>& problems) {
  std::vector<State> states;
  const auto list = rule.find("states");
  if (list == rule.end() || !list->is_array() || list->empty()) {
    problems.push_back({where + "/states", "must list the end states the rule applies to"});
    return states;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = where + "/states/" + std::to_string(i);
    const json& name = (*list)[i];
    const auto state = name.is_string() ? ParseState(name.get<std::string>()) : std::nullopt;
    if (!state || !IsTerminal(*state)) {
      problems.push_back({at, "must be an end state: closed or cancelled"});
      continue;
    }
    const auto [it, added] = covered.emplace(*state, at);
    if (!added) {
      problems.push_back({at, "is covered by another rule too (" + it->second + ")"});
      continue;
    }
    states.push_back(*state);
  }
  return states;
}

std::optional<RetentionAction> ParseAction(const json& rule) {
  const std::string name = TextOr(rule, "action");
  for (RetentionAction a :
       {RetentionAction::kDestroy, RetentionAction::kTransfer, RetentionAction::kErase}) {
    if (name == RetentionActionName(a)) return a;
  }
  return std::nullopt;
}

RetentionRule ParseRule(const json& rule, const std::string& where,
                        std::map<State, std::string>& covered, std::vector<Problem>& problems) {
  RetentionRule out;
  if (!rule.is_object()) {
    problems.push_back({where, "must be an object"});
    return out;
  }
  RefuseUnknownMembers(rule, {"id", "recordType", "states", "retain", "action", "basis"}, where,
                       problems);
  out.id = RequiredText(rule, "id", where, problems);
  out.basis = RequiredText(rule, "basis", where, problems);
  out.months = ParsePeriod(rule, where, problems);
  const std::string type = TextOr(rule, "recordType");
  const auto action = ParseAction(rule);
  if (type == RetentionRecordTypeName(RetentionRecordType::kActivity)) {
    out.record_type = RetentionRecordType::kActivity;
    out.states = ParseStates(rule, where, covered, problems);
    if (action != RetentionAction::kDestroy && action != RetentionAction::kTransfer) {
      problems.push_back({where + "/action", "must be destroy or transfer for an activity"});
    }
  } else if (type == RetentionRecordTypeName(RetentionRecordType::kActorName)) {
    out.record_type = RetentionRecordType::kActorName;
    if (rule.contains("states")) {
      problems.push_back({where + "/states", "applies to activities only"});
    }
    if (action != RetentionAction::kErase) {
      problems.push_back({where + "/action", "must be erase for a name"});
    }
  } else {
    problems.push_back({where + "/recordType", "must be activity or actorName"});
  }
  if (action) out.action = *action;
  return out;
}

}  // namespace

std::string_view RetentionRecordTypeName(RetentionRecordType t) {
  return t == RetentionRecordType::kActivity ? "activity" : "actorName";
}

std::string_view RetentionActionName(RetentionAction a) {
  switch (a) {
    case RetentionAction::kDestroy:
      return "destroy";
    case RetentionAction::kTransfer:
      return "transfer";
    case RetentionAction::kErase:
      return "erase";
  }
  return "";
}

Result<RetentionSchedule> ParseRetentionSchedule(const json& document) {
  std::vector<Problem> problems;
  if (!document.is_object()) return OneProblem("", "a retention schedule is a JSON object");
  RefuseUnknownMembers(document, {"schedule", "version", "rules"}, "", problems);
  RetentionSchedule schedule;
  schedule.id = RequiredText(document, "schedule", "", problems);
  schedule.version = RequiredText(document, "version", "", problems);
  const auto rules = document.find("rules");
  if (rules == document.end() || !rules->is_array() || rules->empty()) {
    problems.push_back({"/rules", "must list at least one rule"});
    return problems;
  }
  std::map<State, std::string> covered;
  std::set<std::string> ids;
  int name_rules = 0;
  for (size_t i = 0; i < rules->size(); ++i) {
    const std::string where = "/rules/" + std::to_string(i);
    RetentionRule rule = ParseRule((*rules)[i], where, covered, problems);
    if (!rule.id.empty() && !ids.insert(rule.id).second) {
      problems.push_back({where + "/id", "is the id of another rule too"});
    }
    if (rule.record_type == RetentionRecordType::kActorName && ++name_rules == 2) {
      problems.push_back({where, "is a second actorName rule: a name has one period"});
    }
    schedule.rules.push_back(std::move(rule));
  }
  if (!problems.empty()) return problems;
  return schedule;
}

Instant RetentionEnds(const RetentionRule& rule, Instant ended_at) {
  const Date day = DateOf(ended_at);
  return StartOf(AddMonths(day, rule.months)) + (ended_at - StartOf(day));
}

const RetentionRule* ActorNameRule(const RetentionSchedule& schedule) {
  for (const RetentionRule& rule : schedule.rules) {
    if (rule.record_type == RetentionRecordType::kActorName) return &rule;
  }
  return nullptr;
}

std::vector<RetentionDecision> ActivitiesDue(const RetentionSchedule& schedule,
                                             const std::vector<RetentionCandidate>& candidates,
                                             Instant now) {
  std::vector<RetentionDecision> due;
  std::map<std::string, size_t> leaving;  // id -> index in due
  for (const RetentionCandidate& c : candidates) {
    for (const RetentionRule& rule : schedule.rules) {
      if (rule.record_type != RetentionRecordType::kActivity) continue;
      bool applies = false;
      for (State s : rule.states) applies = applies || s == c.state;
      if (!applies) continue;
      const Instant ends = RetentionEnds(rule, c.ended_at);
      if (ends <= now) {
        leaving.emplace(c.id, due.size());
        due.push_back({c.id, c.version, &rule, ends, std::nullopt});
      }
      break;
    }
  }
  // Hold what is linked to what stays, until nothing more is held: holding
  // one may hold those linked to it.
  for (bool changed = true; changed;) {
    changed = false;
    for (const RetentionCandidate& c : candidates) {
      const auto self = leaving.find(c.id);
      if (self == leaving.end() || due[self->second].held_by) continue;
      for (const std::string& other : c.links) {
        const auto it = leaving.find(other);
        if (it == leaving.end() || due[it->second].held_by) {
          due[self->second].held_by = other;
          changed = true;
          break;
        }
      }
    }
  }
  return due;
}

}  // namespace ictgate::engine
