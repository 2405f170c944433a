// The HTTP/1.1 rules on a request's header section that cpp-httplib 0.11
// does not enforce (RFC 9110, RFC 9112), checked before any route runs. Pure
// functions over the parsed request, apart from the router's hooks, so that
// each rule is stated once and tested alone.
#ifndef ICTGATE_API_HTTP_RULES_H_
#define ICTGATE_API_HTTP_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

namespace ictgate::api {

// Why the header section of `req` is malformed, as the detail of a 400, or
// nullopt. A field name must be a token (RFC 9110 §5.1) and a value must hold
// no CR, LF or NUL (§5.5; RFC 9112 §2.2 lets a recipient reject a bare CR):
// the library splits lines at LF and keeps a bare CR inside a name or value,
// where a proxy in front may read the line differently. An HTTP/1.1 request
// must carry exactly one Host, whose value is a host with an optional port
// (RFC 9112 §3.2).
std::optional<std::string> MalformedHeaders(const httplib::Request& req);

// True for a JSON media type: application/json or any type with the +json
// structured suffix (RFC 6839), in any case, with or without parameters.
bool IsJsonMediaType(std::string_view content_type);

// The value of the cookie `name` in a Cookie header ("a=1; b=2", RFC 6265
// §4.2), or "" when it is absent or sent more than once (two copies are an
// attempt to shadow one cookie with another, and neither is believed).
std::string CookieValue(std::string_view header, std::string_view name);

// True for an IPv4 or IPv6 address in text form: "127.0.0.1", "::1".
bool IsIpAddress(const std::string& text);

// Who sent `req`, for the request log: the peer's address, unless the peer is
// one of `trusted_proxies` (serve --trusted-proxy). Then it is the address
// that proxy served: the last entry of the last X-Forwarded-For, which is the
// one the proxy appended (the entries before it are whatever its client
// claimed), else X-Real-IP. A forwarded value that is no IP address is not
// believed either, and the peer's address is returned.
std::string ClientAddress(const httplib::Request& req,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace ictgate::api

#endif  // ICTGATE_API_HTTP_RULES_H_
