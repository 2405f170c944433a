// Browser sessions: what the dashboard's cookie stands for.
//
// A person signs in once (with a demo user in demo mode, with an API token,
// or later through the organisation's identity provider) and the browser
// keeps only a random session id in an HttpOnly cookie: no credential is
// ever readable by the page's script. The session is kept here, in memory,
// with a CSRF secret the page must echo on every write, and it ends on
// sign-out, after `idle_timeout` without a request, or `max_age` after
// sign-in, whichever comes first. A restart of the service ends every
// session (people sign in again; nothing recorded is lost).
//
// A session signed in with a token keeps that token, and the caller asks
// Tokens for the actor on every request, so revoking the token ends the
// session's rights at once, as it ends the token's.
#ifndef ICTGATE_APP_SESSIONS_H_
#define ICTGATE_APP_SESSIONS_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/clock.h"
#include "engine/event.h"
#include "engine/time.h"

namespace ictgate::app {

struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};  // ended after this long without a request
  std::chrono::seconds max_age{8 * 60 * 60};   // ended this long after sign-in
  size_t max_sessions = 10'000;                // past this, the oldest is ended
};

struct Session {
  std::string id;    // the cookie's value: RandomSecret("igs_")
  std::string csrf;  // echoed by the page as X-CSRF-Token on every write
  engine::Actor actor;
  // The API token the person signed in with ("" when none): the caller
  // authenticates it again on each request, so a revocation takes effect.
  std::string token;
  std::string method;  // how the person signed in: "demo", "token", "oidc"
  // The provider's ID token of an "oidc" sign-in, for signing out there too
  // (OidcClient::SignOutUrl); "" otherwise.
  std::string id_token;
  engine::Instant signed_in_at;
  engine::Instant expires_at;  // the earlier of the idle and the absolute end, as of the last use
};

// Thread-safe. Ids are kept only as SHA-256 hashes, like tokens.
class Sessions {
 public:
  // `clock` must outlive this.
  explicit Sessions(const engine::Clock& clock, SessionOptions options = {})
      : clock_(clock), options_(options) {}

  // A new session for `actor`, with fresh random id and CSRF secret.
  Session Open(const engine::Actor& actor, const std::string& token, const std::string& method,
               const std::string& id_token = "");
  // The live session with this id, its idle deadline moved on; nullopt when
  // unknown, ended or past either deadline (which ends it).
  std::optional<Session> Find(const std::string& id);
  // Ends the session; false when there was none.
  bool Close(const std::string& id);
  // Ends every session of the person named `name` (an erasure); how many.
  size_t CloseAllOf(const std::string& name);
  // Sessions kept now, expired ones not yet swept included (tests, metrics).
  size_t Count() const;

  const SessionOptions& options() const { return options_; }

 private:
  struct Kept {
    Session session;
    engine::Instant last_used;
  };
  engine::Instant Deadline(const Kept& kept) const;
  void EvictOldest();  // mutex_ held

  const engine::Clock& clock_;
  const SessionOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Kept> sessions_;  // by the id's SHA-256
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_SESSIONS_H_
