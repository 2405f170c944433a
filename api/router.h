// The route table and everything that happens around a handler: the common
// prologue (request id, token, role, body, If-Match, Idempotency-Key), CORS,
// OPTIONS and 405 with Allow, security headers, problem answers for the
// library's own errors and for exceptions, and the request log and metrics.
#ifndef ICTGATE_API_ROUTER_H_
#define ICTGATE_API_ROUTER_H_

#include <functional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "api/exchange.h"
#include "api/metrics.h"
#include "api/request_schema.h"
#include "app/actors.h"
#include "app/oidc.h"
#include "app/sessions.h"
#include "app/tokens.h"
#include "engine/event.h"

namespace ictgate::api {

// Who may call a route.
struct Access {
  bool token = true;                // false: open to anyone (contract, health)
  std::vector<engine::Role> roles;  // with a token: these roles only; empty: any role
};
inline const Access kPublic{false, {}};
inline const Access kAnyRole{true, {}};
inline const Access kAdminOnly{true, {engine::Role::kAdmin}};

// What a route reads: nothing, a JSON object checked against the route's
// schema, or the bytes of a dossier document (up to
// RouterLimits::max_document_bytes, sent as one of the document types or
// application/octet-stream; the handler reads the type from the bytes).
enum class Body { kNone, kJson, kDocument };

// One route: a reader finds it by grepping its path.
struct Route {
  std::string method;  // GET, POST, PATCH or DELETE
  std::string path;    // relative to /api/v1, OpenAPI style: "/activities/{id}"
  Access access;
  Body body = Body::kNone;
  std::function<void(Exchange&)> handler;
  // Optional. Asked only when the body breaks its schema (or a document's
  // type is refused), before the 400 (or 415):
  // answers the 403 or 404 the handler would give and returns false when
  // the caller may not act on this resource at all. Authorization comes
  // before validation, and a valid body does not pay for a second lookup.
  std::function<bool(Exchange&)> authorize = {};
};

// Limits the router enforces on every request.
struct RouterLimits {
  size_t max_body_bytes = 1 << 20;
  size_t max_document_bytes = size_t{20} << 20;  // a Body::kDocument route's
  int max_json_depth = 32;
  size_t max_string_bytes = size_t{64} * 1024;
  std::vector<std::string> cors_origins;  // besides "*" for the contract
  // Peers whose X-Forwarded-For names the client in the log (ClientAddress).
  std::vector<std::string> trusted_proxies;
};

// The complete answer, security headers included, for a connection past
// the transport's cap: 503, Retry-After and problem+json, sent before the
// request is read (api/connection_poller.h).
std::string OverCapacityAnswer();

// The dashboard's session cookie (app/sessions.h). The __Host- prefix makes
// the browser refuse it unless it is Secure, for the whole host (Path=/) and
// without a Domain, so no other site or subdomain can set or read it.
inline constexpr char kSessionCookie[] = "__Host-ictgate-session";
// The header the dashboard echoes its session's CSRF secret in, on writes.
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

class Router {
 public:
  // Installs the library hooks on `http`, which, with `tokens`, `sessions`,
  // `oidc` (may be null: no provider tokens), `schemas` and `actors`, must
  // outlive the router. Every JSON answer of a route has its pseudonyms
  // turned into names by `actors` (app/actors.h) as it leaves: no handler
  // can forget it.
  Router(httplib::Server& http, app::Tokens& tokens, app::Sessions& sessions, app::OidcClient* oidc,
         const RequestSchemas& schemas, const app::Actors& actors, RouterLimits limits);

  // Throws std::logic_error when the route takes a body and the OpenAPI
  // document states none for it, or the other way round: every body a
  // route reads is checked against its documented schema.
  void Add(Route route);
  void AddAll(std::vector<Route> routes);
  // A page outside /api/v1 that a browser navigates to (the sign-in through
  // the identity provider): GET only, no prologue, not in the OpenAPI
  // document; the handler sets its own CSP.
  void AddPage(const std::string& path, std::function<void(Exchange&)> handler);
  // A static file outside /api/v1 (the dashboard), with its own CSP.
  void AddStatic(const std::string& path, const std::string& text, const std::string& type,
                 const std::string& content_security_policy);

  // Every route as (method, path); the contract test compares it with the
  // OpenAPI document.
  std::vector<std::pair<std::string, std::string>> Table() const;
  // What the requests so far came to, for /metrics.
  const RequestMetrics& metrics() const { return metrics_; }

 private:
  struct Compiled {
    std::string method;
    std::string path;
    std::regex regex;
  };
  void InstallHooks();
  // Registers a GET handler with the library and in gets_.
  void AddGet(const std::string& pattern, httplib::Server::Handler handler);
  // Runs the GET handler for `req`'s path on a copy without its Range, into
  // `res`; false when the request is no GET with a Range or no handler serves it.
  bool ServeIgnoringRange(const httplib::Request& req, httplib::Response& res) const;
  // The largest body a request to `path` may declare.
  size_t MaxBody(const std::string& path) const;
  // The prologue; false when it answered.
  bool Prepare(const Route& route, Exchange& x) const;
  // Who the caller is: an API token or the identity provider's access token
  // (Authorization: Bearer), or else the session cookie.
  enum class Caller { kNobody, kKnown, kUnmapped };
  // Sets x.actor (and x.session for a cookie). kUnmapped: a valid token of
  // the provider for a person with no role here.
  Caller Authenticate(Exchange& x) const;
  // The role rule of `route` and, for a write by session, the CSRF secret;
  // false when it answered 403.
  bool Authorize(const Route& route, Exchange& x) const;
  // "GET, PATCH, OPTIONS" for a path some route serves; empty otherwise.
  std::string AllowedMethods(const std::string& path) const;
  void Cors(const httplib::Request& req, httplib::Response& res) const;

  httplib::Server& http_;
  app::Tokens& tokens_;
  app::Sessions& sessions_;
  app::OidcClient* oidc_;
  const RequestSchemas& schemas_;
  const app::Actors& actors_;
  RouterLimits limits_;
  std::vector<Compiled> compiled_;
  // The paths of the Body::kDocument routes: their bodies may be longer.
  std::vector<std::regex> document_paths_;
  // Every GET handler with its path pattern, API and dashboard alike.
  std::vector<std::pair<std::regex, httplib::Server::Handler>> gets_;
  RequestMetrics metrics_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_ROUTER_H_
