// Sign-in through the organisation's identity provider (OpenID Connect):
// the dashboard's authorisation code flow with PKCE, and the provider's JWT
// access tokens on the API. The provider is found through its discovery
// document; its signing keys (JWKS) are fetched, kept, and fetched again
// when a token names a key not yet known (the provider rotated its keys).
//
// Roles and departments come from the provider's claims: the configuration
// maps the values of one claim (for example "groups") to an ictgate role and
// department. A person whose claims map to nothing signs in to nothing.
#ifndef ICTGATE_APP_OIDC_H_
#define ICTGATE_APP_OIDC_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/jwt.h"
#include "engine/clock.h"
#include "engine/event.h"

namespace ictgate::app {

// What a group (a value of the roles claim) grants.
struct OidcGrant {
  engine::Role role;
  std::string department;  // a department code, or "*" (auditor, admin)
};

struct OidcConfig {
  std::string issuer;         // exactly as the provider writes "iss"
  std::string client_id;      // the dashboard as a client of the provider
  std::string client_secret;  // its secret (client_secret_basic)
  std::string redirect_uri;   // https://HOST/auth/callback, as registered
  // Where the provider sends the browser after signing the person out there
  // (RP-initiated logout), as registered: "postLogoutRedirectUri", by
  // default the origin of redirect_uri with "/?signed-out".
  std::string post_logout_redirect_uri;
  // The "aud" the provider's access tokens for this API carry; "" when the
  // API takes none (the dashboard's sign-in only).
  std::string api_audience;
  // The "resource" asked for with the dashboard's sign-in (RFC 8707), when
  // the provider needs one to issue access tokens; "" leaves it out.
  std::string resource;
  std::string scope = "openid profile";
  // Allowed difference between the provider's clock and ours, for exp and
  // nbf ("clockSkewSeconds").
  std::chrono::seconds clock_skew{60};
  std::string name_claim = "name";     // the person's name, shown and recorded
  std::string roles_claim = "groups";  // a string or an array of strings
  // Claim value -> grant. A person with several mapped values gets the grant
  // of the first in this map's order that they hold.
  std::vector<std::pair<std::string, OidcGrant>> grants;
};

// Reads the configuration (a JSON file: docs/operations.md, "Sign-in
// through the identity provider"). Throws std::invalid_argument naming what
// is missing or wrong, and std::runtime_error for a file that cannot be read
// (the configuration or the client secret's), both for the operator.
OidcConfig LoadOidcConfig(const std::string& path);

// The actor `claims` stand for under `config`, or nullopt when no value of
// the roles claim is mapped. The name is the name claim, else "sub".
std::optional<engine::Actor> MapClaims(const nlohmann::json& claims, const OidcConfig& config);

// The outcome of a sign-in or of an access token.
struct OidcOutcome {
  enum class Kind {
    kSignedIn,  // `actor` is who it is
    kRefused,   // not a valid sign-in or token; `reason` says why
    kUnmapped,  // valid, but no role is mapped to the person (403)
  };
  Kind kind = Kind::kRefused;
  engine::Actor actor;
  std::string reason;
  std::string id_token;  // a sign-in's ID token, for signing out at the provider
};

// The provider's end-session URL for a person signed in with `id_token`
// (OpenID Connect RP-Initiated Logout 1.0): id_token_hint, client_id and
// post_logout_redirect_uri as query parameters.
std::string EndSessionUrl(const std::string& end_session_endpoint, const std::string& id_token,
                          const OidcConfig& config);

// The identity provider, as the service talks to it. Thread-safe.
class OidcClient {
 public:
  // `clock` must outlive this. Nothing is fetched until Discover().
  OidcClient(OidcConfig config, const engine::Clock& clock);

  // Fetches the discovery document and the keys. Throws std::runtime_error
  // naming the provider when it does not answer as a provider: the service
  // does not start with a sign-in that cannot work.
  void Discover();

  // A new sign-in: the provider's authorisation URL (code flow, PKCE S256,
  // state and nonce), and the value the browser must bring back in a cookie
  // so that the answer is accepted only in the browser that started it. Kept
  // for 10 minutes; at most 10,000 at once (past that the oldest is dropped).
  struct Start {
    std::string url;
    std::string binding;
  };
  Start StartSignIn();

  // The provider's answer to a sign-in: the code is exchanged (with the PKCE
  // verifier and the client's secret) and the ID token verified (signature,
  // iss, aud = client id, exp, nonce). `state` must be one this service
  // started, not yet used, in the browser that brings `binding`; `iss`, when
  // the provider sends it (RFC 9207), must be the issuer.
  OidcOutcome FinishSignIn(const std::string& state, const std::string& binding,
                           const std::string& code, const std::string& iss);

  // A bearer JWT on the API: an access token of the provider (typ at+jwt)
  // for `api_audience`, verified as above.
  OidcOutcome AuthenticateAccessToken(const std::string& token);

  // Where to send the browser of a person signed in with `id_token` so that
  // they are signed out at the provider too, or nullopt when the provider
  // offers no end_session_endpoint (or there is no ID token): then only
  // ictgate's session ends, and the next sign-in may pass the provider
  // without a password.
  std::optional<std::string> SignOutUrl(const std::string& id_token);

  const OidcConfig& config() const { return config_; }

 private:
  struct Pending {
    std::string binding;
    std::string nonce;
    std::string verifier;
    engine::Instant started;
  };
  // The keys, fetched again first when `kid` is not among them (at most
  // every 2 seconds, so that made-up kids cannot make us hammer the
  // provider) or when they are an hour old.
  KeySet KeysFor(const std::string& kid);
  // Verifies `token` against the keys under `checks` and maps its claims.
  OidcOutcome Verify(const std::string& token, const JwtChecks& checks, const std::string& nonce);
  nlohmann::json FetchJson(const std::string& url);
  nlohmann::json ExchangeCode(const std::string& code, const std::string& verifier);

  const OidcConfig config_;
  const engine::Clock& clock_;
  std::mutex mutex_;
  std::string authorization_endpoint_;
  std::string token_endpoint_;
  std::string jwks_uri_;
  std::string end_session_endpoint_;  // "" when the provider has none
  KeySet keys_;
  engine::Instant keys_fetched_at_{};
  std::unordered_map<std::string, Pending> pending_;  // by state
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_OIDC_H_
