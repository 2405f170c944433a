#include "app/webhook_destination.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <regex>

namespace ictgate::app {
namespace {

struct Range {
  uint32_t base;
  int bits;
};

constexpr uint32_t V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

// IANA's special-purpose IPv4 registry, less what is routable on purpose.
constexpr Range kInternalV4[] = {
    {V4(0, 0, 0, 0), 8},        // "this network", 0.0.0.0 reaches the host itself
    {V4(10, 0, 0, 0), 8},       // private
    {V4(100, 64, 0, 0), 10},    // carrier-grade NAT
    {V4(127, 0, 0, 0), 8},      // loopback
    {V4(169, 254, 0, 0), 16},   // link-local: cloud metadata services
    {V4(172, 16, 0, 0), 12},    // private
    {V4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {V4(192, 0, 2, 0), 24},     // documentation
    {V4(192, 168, 0, 0), 16},   // private
    {V4(198, 18, 0, 0), 15},    // benchmarking
    {V4(198, 51, 100, 0), 24},  // documentation
    {V4(203, 0, 113, 0), 24},   // documentation
    {V4(224, 0, 0, 0), 4},      // multicast
    {V4(240, 0, 0, 0), 4},      // reserved, broadcast
};

bool IsInternalV4(uint32_t host_order) {
  return std::any_of(std::begin(kInternalV4), std::end(kInternalV4), [&](const Range& r) {
    const uint32_t mask = r.bits == 0 ? 0 : ~uint32_t{0} << (32 - r.bits);
    return (host_order & mask) == r.base;
  });
}

// The IPv4 address in the last four bytes of `bytes`.
uint32_t LastFour(const unsigned char* bytes) {
  return uint32_t{bytes[12]} << 24 | uint32_t{bytes[13]} << 16 | uint32_t{bytes[14]} << 8 |
         bytes[15];
}

bool StartsWith(const unsigned char* bytes, std::initializer_list<unsigned char> prefix) {
  return std::equal(prefix.begin(), prefix.end(), bytes);
}

bool IsInternalV6(const in6_addr& address) {
  const unsigned char* b = address.s6_addr;
  static constexpr unsigned char kZero[12] = {};
  if (std::memcmp(b, kZero, 12) == 0) return true;  // ::, ::1 and the old v4-compatible
  if (StartsWith(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) {
    return IsInternalV4(LastFour(b));  // IPv4-mapped
  }
  if (StartsWith(b, {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
    return IsInternalV4(LastFour(b));  // NAT64: the IPv4 address it reaches
  }
  return (b[0] & 0xfe) == 0xfc                        // unique local fc00::/7
         || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)   // link-local fe80::/10
         || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)   // site-local fec0::/10
         || b[0] == 0xff                              // multicast
         || StartsWith(b, {0x20, 0x01, 0x0d, 0xb8});  // documentation
}

// Names that mean "inside" whatever they resolve to.
bool IsInternalName(std::string host) {
  if (!host.empty() && host.back() == '.') host.pop_back();
  const auto ends_with = [&](const std::string& suffix) {
    return host.size() >= suffix.size() &&
           host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return host == "localhost" || ends_with(".localhost") || ends_with(".internal") ||
         ends_with(".local") || host == "metadata.goog" || host == "metadata";
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Numeric(const sockaddr* address, socklen_t length) {
  char text[NI_MAXHOST] = {};
  if (getnameinfo(address, length, text, sizeof(text), nullptr, 0, NI_NUMERICHOST) != 0) return "";
  return text;
}

}  // namespace

void DestinationPolicy::Allow(const std::string& host) {
  allowed_hosts_.insert(Lower(host));
}

std::optional<WebhookUrl> ParseWebhookUrl(const std::string& url) {
  static const std::regex kUrl(R"(^(https?)://([A-Za-z0-9.-]+)(:([0-9]{1,5}))?(/[^\s#]*)?$)");
  std::smatch parts;
  if (url.size() > 2'000 || !std::regex_match(url, parts, kUrl)) return std::nullopt;
  WebhookUrl out;
  out.scheme = parts[1].str();
  out.host = Lower(parts[2].str());
  out.port = out.scheme == "https" ? 443 : 80;
  if (parts[4].matched) out.port = std::stoi(parts[4].str());
  if (out.port < 1 || out.port > 65535) return std::nullopt;
  out.path = parts[5].matched && parts[5].length() > 0 ? parts[5].str() : "/";
  return out;
}

bool IsInternalAddress(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return IsInternalV4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    return IsInternalV6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return true;  // not an internet address at all
}

std::optional<std::string> RefuseDestination(const std::string& url,
                                             const DestinationPolicy& policy) {
  const auto parsed = ParseWebhookUrl(url);
  if (!parsed) return "must be an http:// or https:// URL with a host name or IPv4 address";
  if (policy.Allows(parsed->host)) return std::nullopt;
  if (IsInternalName(parsed->host)) {
    return "names a host inside the network; the operator must allow it";
  }
  // inet_aton, unlike inet_pton, takes every form an HTTP client may
  // resolve a literal in: "2130706433", "0x7f.1", "0177.0.0.1", "127.1".
  in_addr literal{};
  if (inet_aton(parsed->host.c_str(), &literal) != 0) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr = literal;
    if (IsInternalAddress(reinterpret_cast<const sockaddr*>(&address))) {
      return "is an address inside the network; the operator must allow it";
    }
  }
  if (parsed->scheme != "https") {
    return "must be https:// (http:// only for a host the operator allows)";
  }
  return std::nullopt;
}

ResolvedDestination ResolveDestination(const WebhookUrl& url, const DestinationPolicy& policy) {
  if (policy.Allows(url.host)) return {url.host, ""};
  if (IsInternalName(url.host)) return {"", url.host + " is inside the network"};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(url.host.c_str(), nullptr, &hints, &found); rc != 0) {
    return {"", "cannot resolve " + url.host + ": " + gai_strerror(rc)};
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
  // Every address must be public: a name that also resolves inside could
  // be reached there by the next lookup.
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (IsInternalAddress(a->ai_addr)) {
      return {"", url.host + " resolves to " + Numeric(a->ai_addr, a->ai_addrlen) +
                      ", inside the network"};
    }
  }
  const std::string address = Numeric(found->ai_addr, found->ai_addrlen);
  if (address.empty()) return {"", "cannot use the address of " + url.host};
  return {address, ""};
}

}  // namespace ictgate::app
