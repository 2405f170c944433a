#include "app/tokens.h"

#include <stdexcept>

#include "common/hex.h"
#include "common/sha256.h"
#include "engine/permissions.h"

namespace ictgate::app {
namespace {

// The refusal of a role no token may carry, listing those it may.
std::invalid_argument UnknownRole(std::string_view name) {
  std::string roles;
  for (engine::Role r : engine::AllRoles()) {
    if (r != engine::Role::kSystem) {
      roles += (roles.empty() ? "" : ", ") + std::string(engine::RoleName(r));
    }
  }
  return std::invalid_argument("unknown role '" + std::string(name) + "' (" + roles + ")");
}

}  // namespace

std::string RandomSecret(const std::string& prefix) {
  return prefix + RandomHex(32);
}

std::string NewToken() {
  return RandomSecret("igt_");
}

std::string TokenHash(const std::string& token) {
  return Sha256Hex(token);
}

engine::Role TokenRole(std::string_view name) {
  const auto role = engine::ParseRole(name);
  if (!role || *role == engine::Role::kSystem) throw UnknownRole(name);
  return *role;
}

std::string IssueToken(store::Store& store, const std::string& name, engine::Role role,
                       const std::string& department, engine::Instant now) {
  if (name.empty()) throw std::invalid_argument("a token needs a name");
  // The clock and linked groups act as the system; no token stands for it.
  if (role == engine::Role::kSystem) throw UnknownRole(engine::RoleName(role));
  const bool unbound = role == engine::Role::kAdmin || role == engine::Role::kAuditor;
  if (unbound && department != "*") {
    throw std::invalid_argument("role '" + std::string(engine::RoleName(role)) +
                                "' is not bound to a department: use '*'");
  }
  if (department != "*" && !engine::IsDepartmentCode(department)) {
    throw std::invalid_argument("department must be '*' or 2 to 10 capital letters");
  }
  std::string token = NewToken();
  store::TokenRecord record;
  record.name = name;
  record.role = role;
  record.department = department;
  record.created_at = engine::FormatInstant(now);
  store.AddToken(record, TokenHash(token));
  return token;
}

std::optional<engine::Actor> Authenticate(store::Store& store, const std::string& token) {
  // Looking up by the hash of the presented token means no stored secret is
  // ever compared byte by byte with attacker input.
  const auto record = store.FindActiveToken(TokenHash(token));
  if (!record) return std::nullopt;
  return engine::Actor{record->name, record->role, record->department};
}

}  // namespace ictgate::app
