#include "app/tokens.h"

#include <stdexcept>

#include "common/hex.h"
#include "common/sha256.h"
#include "engine/permissions.h"

namespace ictgate::app {

std::string RandomSecret(const std::string& prefix) {
  return prefix + RandomHex(32);
}

std::string NewToken() {
  return RandomSecret("igt_");
}

std::string TokenHash(const std::string& token) {
  return Sha256Hex(token);
}

std::string IssueToken(store::Store& store, const std::string& name, const std::string& role,
                       const std::string& department, engine::Instant now) {
  if (name.empty()) throw std::invalid_argument("a token needs a name");
  if (!engine::IsKnownRole(role) || role == "system") {
    throw std::invalid_argument("unknown role '" + role +
                                "' (owner, cio, finance, sg, auditor, admin)");
  }
  const bool unbound = role == "admin" || role == "auditor";
  if (unbound && department != "*") {
    throw std::invalid_argument("role '" + role + "' is not bound to a department: use '*'");
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
