// API tokens: random, shown once, stored only as SHA-256 hashes.
#ifndef ICTGATE_APP_TOKENS_H_
#define ICTGATE_APP_TOKENS_H_

#include <optional>
#include <string>

#include "engine/event.h"
#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

// `prefix` and 64 hex digits from OpenSSL's CSPRNG (256 bits).
std::string RandomSecret(const std::string& prefix);
// A new token: RandomSecret("igt_").
std::string NewToken();
std::string TokenHash(const std::string& token);

// Checks role and department, stores the hash and returns the token. Throws
// std::invalid_argument with a message for the operator when they are wrong.
std::string IssueToken(store::Store& store, const std::string& name, const std::string& role,
                       const std::string& department, engine::Instant now);

// The actor a token stands for; nullopt when unknown or revoked.
std::optional<engine::Actor> Authenticate(store::Store& store, const std::string& token);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_TOKENS_H_
