// JSON Web Tokens signed with RS256 (RFC 7519, 7515) and the key sets that
// verify them (RFC 7517): what an OpenID Provider signs ID tokens and access
// tokens with.
//
// Written on OpenSSL rather than Debian's libcpp-jwt-dev (1.4): that library
// refuses any "typ" but "JWT" (access tokens are "at+jwt", RFC 9068), reads
// "aud" only as a string (it may be an array), and takes keys as PEM only,
// where a provider publishes them as JWK. RS256 verification is one OpenSSL
// call; the rest is the claim checks below.
#ifndef ICTGATE_APP_JWT_H_
#define ICTGATE_APP_JWT_H_

#include <openssl/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "engine/time.h"

namespace ictgate::app {

// The RSA signing keys of a JSON Web Key Set, by key id. Immutable once made,
// so it can be shared between threads.
class KeySet {
 public:
  KeySet() = default;
  // The keys of `jwks` ({"keys": [...]}) that can verify RS256: kty RSA, a
  // kid, n and e, and no other use than "sig" or alg than "RS256". Other
  // keys are left out; a document that is no key set gives an empty set.
  static KeySet FromJwks(const nlohmann::json& jwks);

  bool Has(const std::string& kid) const { return keys_.count(kid) > 0; }
  size_t size() const { return keys_.size(); }
  // True when `signature` is an RS256 signature of `signing_input` by key `kid`.
  bool VerifyRs256(const std::string& kid, std::string_view signing_input,
                   std::string_view signature) const;

 private:
  std::map<std::string, std::shared_ptr<EVP_PKEY>> keys_;
};

// What a token must show besides a good signature.
struct JwtChecks {
  std::string issuer;               // "iss" must equal it exactly
  std::string audience;             // "aud" must be it, or an array holding it
  std::string type;                 // the header's "typ" must be it ("" accepts any)
  std::chrono::seconds leeway{60};  // allowed clock difference for exp and nbf
};

// The claims of `token` when it is a JWS in compact form, its header says
// alg RS256 with a kid of `keys`, the signature verifies, and iss, aud, exp
// (required) and nbf (when present) pass `checks` at `now`; otherwise why
// not, in words for the log and the 401.
engine::Result<nlohmann::json, std::string> VerifyJwt(std::string_view token, const KeySet& keys,
                                                      const JwtChecks& checks, engine::Instant now);

// The "kid" of a token's header; "" when the token cannot be read. Lets the
// caller fetch the provider's keys again when a token names a new one.
std::string JwtKeyId(std::string_view token);

// True when `token` has the shape of a compact JWS (three base64url parts),
// as opposed to an ictgate API token ("igt_...").
bool LooksLikeJwt(std::string_view token);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_JWT_H_
