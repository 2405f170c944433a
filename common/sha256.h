// SHA-256 through OpenSSL: one well-reviewed implementation for the audit
// chain, migration checksums, token hashes, idempotency request hashes and
// webhook signatures.
#ifndef ICTGATE_COMMON_SHA256_H_
#define ICTGATE_COMMON_SHA256_H_

#include <string>
#include <string_view>

namespace ictgate {

// Lower-case hex digest (64 characters) of `data`.
std::string Sha256Hex(std::string_view data);
// The digest's 32 bytes (a PKCE code challenge is their base64url).
std::string Sha256Bytes(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key`: the signature of a
// webhook delivery.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// True when `given` equals the non-empty `secret`, compared in time that
// does not depend on where they differ (CRYPTO_memcmp), so that a secret
// cannot be found a byte at a time from response times.
bool SameSecret(std::string_view given, std::string_view secret);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_SHA256_H_
