// The names roles, condition statuses, gates and activity kinds are stored,
// hashed and exchanged by. They are the serialized form: the chain's hashes
// cover them, so they are pinned here, and only they parse.
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/activity.h"
#include "engine/event.h"

namespace ictgate {
namespace {

using engine::ActivityKind;
using engine::ConditionStatus;
using engine::Gate;
using engine::Role;

// Each value names itself and its name parses back to it; names nothing else.
template <typename E, typename NameFn, typename ParseFn>
void CheckNames(const std::vector<std::pair<E, std::string_view>>& expected, NameFn name,
                ParseFn parse) {
  for (const auto& [value, text] : expected) {
    CHECK(name(value) == text);
    CHECK(parse(text) == value);
  }
  for (std::string_view other : {"", "?", "Owner", "OPEN", " start", "project ", "unknown"}) {
    CHECK_FALSE(parse(other));
  }
}

TEST_CASE("roles are exchanged by the names of docs/spec.md section 1, and system") {
  const std::vector<std::pair<Role, std::string_view>> names = {
      {Role::kOwner, "owner"},      {Role::kCio, "cio"},
      {Role::kFinance, "finance"},  {Role::kSg, "sg"},
      {Role::kAuditor, "auditor"},  {Role::kAdmin, "admin"},
      {Role::kCioRijk, "cio_rijk"}, {Role::kAcict, "acict"},
      {Role::kCiso, "ciso"},        {Role::kProjectLead, "project_lead"},
      {Role::kSystem, "system"}};
  CheckNames(names, engine::RoleName, engine::ParseRole);
  std::vector<Role> all;
  for (const auto& entry : names) all.push_back(entry.first);
  CHECK(engine::AllRoles() == all);
}

TEST_CASE("condition statuses, gates and activity kinds are exchanged by their names") {
  CheckNames<ConditionStatus>({{ConditionStatus::kOpen, "open"},
                               {ConditionStatus::kMet, "met"},
                               {ConditionStatus::kWaived, "waived"}},
                              engine::ConditionStatusName, engine::ParseConditionStatus);
  CheckNames<Gate>(
      {{Gate::kStart, "start"}, {Gate::kRebaseline, "rebaseline"}, {Gate::kChange, "change"}},
      engine::GateName, engine::ParseGate);
  const std::vector<std::pair<ActivityKind, std::string_view>> kinds = {
      {ActivityKind::kProject, "project"},
      {ActivityKind::kProgramme, "programme"},
      {ActivityKind::kChange, "change"}};
  CheckNames(kinds, engine::ActivityKindName, engine::ParseActivityKind);
  std::vector<ActivityKind> all;
  for (const auto& entry : kinds) all.push_back(entry.first);
  CHECK(engine::AllActivityKinds() == all);
}

}  // namespace
}  // namespace ictgate
