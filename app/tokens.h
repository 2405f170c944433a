// API tokens: random, shown once, stored only as SHA-256 hashes.
#ifndef ICTGATE_APP_TOKENS_H_
#define ICTGATE_APP_TOKENS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/clock.h"
#include "engine/event.h"
#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

// `prefix` and 64 hex digits from OpenSSL's CSPRNG (256 bits).
std::string RandomSecret(const std::string& prefix);
// A new token: RandomSecret("igt_").
std::string NewToken();
std::string TokenHash(const std::string& token);

// The role a token may carry, from its name as the operator gives it
// (`token create --role`). Throws std::invalid_argument naming the roles a
// token may carry for any other name, "system" included.
engine::Role TokenRole(std::string_view name);

// Throws std::invalid_argument with a message for the operator unless a
// person may hold `role` in `department`: never the system role; admin and
// auditor for every department ("*"); the others for one department code.
// A token and a mapping of the identity provider's claims both grant this.
void CheckGrant(engine::Role role, const std::string& department);

// Checks role and department (CheckGrant), stores the hash and returns the token. Throws
// std::invalid_argument with a message for the operator when they are wrong.
std::string IssueToken(store::Store& store, const std::string& name, engine::Role role,
                       const std::string& department, engine::Instant now);

// The actor a token stands for; nullopt when unknown or revoked.
std::optional<engine::Actor> Authenticate(store::Store& store, const std::string& token);

using TokenRecord = store::TokenRecord;

// How Tokens keeps the answers of the store in memory.
struct TokenCacheOptions {
  // Tokens remembered at once. Only tokens the store knew as active are
  // remembered, so the bound is reached only by that many tokens in use, not
  // by callers sending made-up ones.
  size_t max_entries = 4096;
  // How long a remembered answer is trusted, on the Tokens' clock. Bounds how
  // long a revocation made by another process (`ictgate token revoke` while
  // the service runs) goes unseen; 0 asks the store on every request.
  std::chrono::milliseconds max_age{1'000};
};

// Authentication and token administration over one store: what the API and
// the command line use. Thread-safe.
//
// Authenticate remembers, by token hash, the actors of tokens the store
// found active, for at most max_age; it asks the store again after that, and
// on every unknown or revoked token (those are never remembered). Revoke
// forgets the token before returning, so in this process a revocation
// refuses the very next request. That forgetting is in-process only: a
// revocation written by another process (the command line, against the
// database of a running service) is seen once the remembered answer is older
// than max_age.
class Tokens {
 public:
  // `store` and `clock` must outlive this.
  Tokens(store::Store& store, const engine::Clock& clock, TokenCacheOptions cache = {})
      : store_(store), clock_(clock), cache_options_(cache) {}

  // IssueToken at the clock's now.
  std::string Issue(const std::string& name, engine::Role role, const std::string& department) {
    return IssueToken(store_, name, role, department, clock_.Now());
  }
  // The actor `token` stands for; nullopt when unknown or revoked.
  std::optional<engine::Actor> Authenticate(const std::string& token);
  // Every token ever issued (never the tokens themselves), by id.
  std::vector<TokenRecord> List() { return store_.Tokens(); }
  // False when no token has this id or it was already revoked. Either way
  // the token is no longer remembered when this returns.
  bool Revoke(int64_t id);

  // Forgets every remembered token of `name` (an erasure revoked them in
  // the store), so the next request with one is asked of the store.
  void ForgetHolder(const std::string& name);

  // Tokens remembered now (tests, metrics).
  size_t CachedCount() const;

 private:
  struct Cached {
    int64_t id;
    engine::Actor actor;
    engine::Instant looked_up_at;  // on clock_, taken before the store was asked
  };

  bool Fresh(const Cached& entry, engine::Instant now) const;
  // Drops the remembered tokens that `matches`, after a revocation.
  void Forget(const std::function<bool(const Cached&)>& matches);

  store::Store& store_;
  const engine::Clock& clock_;
  const TokenCacheOptions cache_options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;  // by TokenHash
  // Counts revocations: a lookup that started before one does not remember
  // what it read, which may predate the revocation.
  uint64_t revocations_ = 0;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_TOKENS_H_
