// API tokens: random, shown once, stored only as SHA-256 hashes.
#ifndef ICTGATE_APP_TOKENS_H_
#define ICTGATE_APP_TOKENS_H_

#include <optional>
#include <string>
#include <string_view>
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

// Checks role and department, stores the hash and returns the token. Throws
// std::invalid_argument with a message for the operator when they are wrong.
std::string IssueToken(store::Store& store, const std::string& name, engine::Role role,
                       const std::string& department, engine::Instant now);

// The actor a token stands for; nullopt when unknown or revoked.
std::optional<engine::Actor> Authenticate(store::Store& store, const std::string& token);

using TokenRecord = store::TokenRecord;

// Authentication and token administration over one store: what the API and
// the command line use.
class Tokens {
 public:
  // `store` and `clock` must outlive this.
  Tokens(store::Store& store, const engine::Clock& clock) : store_(store), clock_(clock) {}

  // IssueToken at the clock's now.
  std::string Issue(const std::string& name, engine::Role role, const std::string& department) {
    return IssueToken(store_, name, role, department, clock_.Now());
  }
  std::optional<engine::Actor> Authenticate(const std::string& token) {
    return app::Authenticate(store_, token);
  }
  // Every token ever issued (never the tokens themselves), by id.
  std::vector<TokenRecord> List() { return store_.Tokens(); }
  // False when no token has this id or it was already revoked.
  bool Revoke(int64_t id) { return store_.RevokeToken(id, engine::FormatInstant(clock_.Now())); }

 private:
  store::Store& store_;
  const engine::Clock& clock_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_TOKENS_H_
