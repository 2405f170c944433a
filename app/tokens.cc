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

void CheckGrant(engine::Role role, const std::string& department) {
  // The clock and linked groups act as the system; no person stands for it.
  if (role == engine::Role::kSystem) throw UnknownRole(engine::RoleName(role));
  // The AcICT advises every department, as the CIO Rijk reads them all.
  const bool unbound = role == engine::Role::kAdmin || role == engine::Role::kAuditor ||
                       role == engine::Role::kCioRijk || role == engine::Role::kAcict;
  if (unbound && department != "*") {
    throw std::invalid_argument("role '" + std::string(engine::RoleName(role)) +
                                "' is not bound to a department: use '*'");
  }
  if (department != "*" && !engine::IsDepartmentCode(department)) {
    throw std::invalid_argument("department must be '*' or 2 to 10 capital letters");
  }
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
  CheckGrant(role, department);
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

bool Tokens::Fresh(const Cached& entry, engine::Instant now) const {
  // A clock set back (a manual clock, a corrected wall clock) does not make
  // an answer young again.
  return now >= entry.looked_up_at && now - entry.looked_up_at < cache_options_.max_age;
}

std::optional<engine::Actor> Tokens::Authenticate(const std::string& token) {
  const std::string hash = TokenHash(token);
  const engine::Instant now = clock_.Now();
  uint64_t revocations = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (Fresh(it->second, now)) return it->second.actor;
      cache_.erase(it);
    }
    revocations = revocations_;
  }
  // Outside the lock: lookups of different tokens run at once (the store's
  // readers do), and a slow store does not hold up the remembered ones.
  const auto record = store_.FindActiveToken(hash);
  // Misses are not remembered: memory does not grow with made-up tokens,
  // and a token issued meanwhile is found on its first use.
  if (!record) return std::nullopt;
  engine::Actor actor{record->name, record->role, record->department};
  if (cache_options_.max_entries == 0 || cache_options_.max_age.count() <= 0) return actor;
  std::lock_guard<std::mutex> lock(mutex_);
  if (revocations != revocations_) return actor;  // what we read may be revoked now
  if (cache_.size() >= cache_options_.max_entries && cache_.count(hash) == 0) {
    // Full: forget one (whichever the table holds first). Only a deployment
    // with more tokens in use than max_entries gets here, and what it costs
    // is one more lookup in the store.
    cache_.erase(cache_.begin());
  }
  cache_.insert_or_assign(hash, Cached{record->id, actor, now});
  return actor;
}

bool Tokens::Revoke(int64_t id) {
  const bool revoked = store_.RevokeToken(id, engine::FormatInstant(clock_.Now()));
  // After the write, so that no lookup can remember the token as active
  // again: one that read it before the write sees revocations_ moved on.
  // Also when nothing was revoked here: the token may have been revoked by
  // another process, and this one should stop trusting it at once.
  Forget([id](const Cached& c) { return c.id == id; });
  return revoked;
}

void Tokens::ForgetHolder(const std::string& name) {
  Forget([&name](const Cached& c) { return c.actor.name == name; });
}

void Tokens::Forget(const std::function<bool(const Cached&)>& matches) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++revocations_;
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = matches(it->second) ? cache_.erase(it) : std::next(it);
  }
}

size_t Tokens::CachedCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cache_.size();
}

}  // namespace ictgate::app
