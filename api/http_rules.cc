#include "api/http_rules.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace ictgate::api {
namespace {

bool IsTokenChar(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return std::isalnum(static_cast<unsigned char>(c)) || kSpecials.find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// uri-host [ ":" port ] (RFC 3986 §3.2.2): an IP literal in brackets, or a
// reg-name of unreserved, pct-encoded and sub-delims characters (which an
// IPv4 address also is). The empty value is allowed (RFC 9112 §3.2).
bool IsHostValue(std::string_view v) {
  std::string_view port;
  if (!v.empty() && v.front() == '[') {
    const size_t close = v.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view literal = v.substr(1, close - 1);
    const bool ip = !literal.empty() && std::all_of(literal.begin(), literal.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
    if (!ip) return false;
    v = v.substr(close + 1);
    if (v.empty()) return true;
    if (v.front() != ':') return false;
    return IsDigits(v.substr(1));
  }
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    port = v.substr(colon + 1);
    v = v.substr(0, colon);
    if (!IsDigits(port)) return false;  // also refuses a second ':'
  }
  static constexpr std::string_view kRegName = "-._~%!$&'()*+,;=";
  return std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kRegName.find(c) != std::string_view::npos;
  });
}

bool HasControlBreak(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> MalformedHeaders(const httplib::Request& req) {
  for (const auto& [name, value] : req.headers) {
    if (!IsToken(name)) return "a header field name is not a token (RFC 9110 section 5.1)";
    if (HasControlBreak(value)) {
      return "the value of " + name + " holds a bare CR, LF or NUL (RFC 9112 section 2.2)";
    }
  }
  if (req.version != "HTTP/1.1") return std::nullopt;
  const size_t hosts = req.get_header_value_count("Host");
  if (hosts != 1) {
    return hosts == 0 ? "an HTTP/1.1 request must carry a Host header (RFC 9112 section 3.2)"
                      : "Host may be sent only once (RFC 9112 section 3.2)";
  }
  if (!IsHostValue(req.get_header_value("Host"))) {
    return "Host is not a host with an optional port (RFC 9112 section 3.2)";
  }
  return std::nullopt;
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::string_view kSuffix = "+json";
  return type == "application/json" ||
         (type.size() > kSuffix.size() && type.rfind("application/", 0) == 0 &&
          type.compare(type.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0);
}

bool IsIpAddress(const std::string& text) {
  unsigned char address[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), address) == 1 ||
         inet_pton(AF_INET6, text.c_str(), address) == 1;
}

std::string ClientAddress(const httplib::Request& req,
                          const std::vector<std::string>& trusted_proxies) {
  const std::string& peer = req.remote_addr;
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end()) {
    return peer;
  }
  std::string forwarded;
  if (const size_t n = req.get_header_value_count("X-Forwarded-For"); n > 0) {
    forwarded = req.get_header_value("X-Forwarded-For", n - 1);
    forwarded.erase(0, forwarded.rfind(',') + 1);  // no comma: npos + 1 == 0
  } else {
    forwarded = req.get_header_value("X-Real-IP");
  }
  const size_t first = forwarded.find_first_not_of(" \t");
  const size_t last = forwarded.find_last_not_of(" \t");
  forwarded = first == std::string::npos ? "" : forwarded.substr(first, last - first + 1);
  return IsIpAddress(forwarded) ? forwarded : peer;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  std::string value;
  int copies = 0;
  while (!header.empty()) {
    const size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = header.substr(0, end);
    header.remove_prefix(std::min(end + 1, header.size()));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      value = std::string(pair.substr(eq + 1));
      ++copies;
    }
  }
  return copies == 1 ? value : "";
}

}  // namespace ictgate::api
