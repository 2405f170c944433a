#include "common/hex.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace ictgate {

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xf]);
  }
  return hex;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("the random number generator failed");
  }
  return HexEncode(raw);
}

namespace {
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t bits = 0;
  int held = 0;  // bits in `bits` not yet written
  for (const char c : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    held += 8;
    while (held >= 6) {
      held -= 6;
      text.push_back(kBase64Url[(bits >> held) & 0x3f]);
    }
  }
  if (held > 0) text.push_back(kBase64Url[(bits << (6 - held)) & 0x3f]);
  return text;
}

std::string Base64Encode(std::string_view bytes) {
  std::string text = Base64UrlEncode(bytes);
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text.push_back('=');
  return text;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;  // no whole byte in the last character
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  // A table, not a search per character: documents are decoded from base64
  // too (an export's), megabytes at a time.
  static const auto kValue = [] {
    std::array<int8_t, 256> value{};
    value.fill(-1);
    for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(kBase64Url[i])] = int8_t(i);
    return value;
  }();
  uint32_t bits = 0;
  int held = 0;
  for (const char c : text) {
    const int8_t v = kValue[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    held += 6;
    if (held >= 8) {
      held -= 8;
      bytes.push_back(static_cast<char>((bits >> held) & 0xff));
    }
  }
  return bytes;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string url(text);
  for (char& c : url) {
    if (c == '-' || c == '_') return std::nullopt;  // not of this alphabet
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return Base64UrlDecode(url);
}

}  // namespace ictgate
