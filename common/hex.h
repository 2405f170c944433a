// Hex and base64url encoding and random hex: the one place bytes become text.
#ifndef ICTGATE_COMMON_HEX_H_
#define ICTGATE_COMMON_HEX_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ictgate {

// Lower-case hex of `bytes`, two digits a byte.
std::string HexEncode(std::string_view bytes);

// `bytes` bytes from OpenSSL's CSPRNG, as lower-case hex. Throws
// std::runtime_error when the generator cannot deliver: a secret or an id
// made of uninitialised memory must never be handed out.
std::string RandomHex(size_t bytes);

// Base64url without padding (RFC 4648 §5), as JSON Web Tokens and PKCE use it.
std::string Base64UrlEncode(std::string_view bytes);
// Base64 with padding (RFC 4648 §4), as a Content-Security-Policy hash is written.
std::string Base64Encode(std::string_view bytes);
// The bytes of base64url text, padded or not; nullopt for any other character
// or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);
// The bytes of base64 text (RFC 4648 §4), padded or not; nullopt for any
// other character.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_HEX_H_
