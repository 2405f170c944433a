#include "api/router.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <random>

#include "api/bounded_queue.h"
#include "api/http_rules.h"
#include "api/problem.h"
#include "api/problem_language.h"
#include "api/request_body.h"
#include "app/log.h"
#include "common/sha256.h"
#include "engine/documents.h"

namespace ictgate::api {
namespace {

// Set per request on the worker thread: when it started, and which route
// served it, for the metrics logged after the answer is written.
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::string t_route;

constexpr char kJsonOnly[] = "the request body must be sent as Content-Type: application/json";
constexpr char kDocumentTypes[] =
    "a document must be sent as its own type (application/pdf, an OpenDocument or Office Open "
    "XML type) or as application/octet-stream";

// Whether `content_type` (parameters aside) may carry a document's bytes:
// not the types a page on another site may send without a CORS preflight
// (text/plain, the form types), which no document type is.
bool IsDocumentMediaType(const std::string& content_type) {
  const std::string type = content_type.substr(0, content_type.find(';'));
  const auto& known = engine::DocumentMediaTypes();
  return type == "application/octet-stream" ||
         std::find(known.begin(), known.end(), type) != known.end();
}

// "/activities/{id}" -> "/api/v1/activities/([A-Za-z0-9-]+)": each path
// parameter has the pattern of what it names.
std::string PathRegex(const std::string& path) {
  static const std::map<std::string, std::string> kParams = {
      {"{id}", "([A-Za-z0-9-]+)"},
      {"{linkedId}", "([A-Za-z0-9-]+)"},
      {"{webhookId}", "([^/]+)"},  // checked by the handler: 400 unless a number
      {"{seq}", "([^/]+)"},        // likewise
      {"{packId}", "([a-z0-9-]+)"},
      {"{version}", "([0-9]{4}\\.[0-9]+)"},
      {"{kind}", "([A-Za-z]+)"},         // checked by the engine: one of DocumentKinds()
      {"{documentVersion}", "([^/]+)"},  // checked by the handler, as {seq}
      {"{sheet}", "([a-z-]+)"}};         // checked by the handler: one of the sheets
  std::string regex = kBase;
  for (size_t i = 0; i < path.size();) {
    if (path[i] == '{') {
      const size_t close = path.find('}', i);
      regex += kParams.at(path.substr(i, close - i + 1));
      i = close + 1;
    } else {
      if (path[i] == '.') regex += '\\';
      regex += path[i++];
    }
  }
  return regex;
}

// A new request id: 32 hex digits, unique in practice. It names a request
// in logs and events and guards nothing, so it need not come from OpenSSL's
// DRBG (a locked call, measured at about 4 % of a read's serving time): a
// generator per thread, seeded once from the system's randomness, serves.
std::string NewRequestId() {
  thread_local std::mt19937_64 bits = [] {
    std::random_device system;
    std::seed_seq seed{system(), system(), system(), system()};
    return std::mt19937_64(seed);
  }();
  char id[33];
  std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(bits()),
                static_cast<unsigned long long>(bits()));
  return id;
}

// The caller's X-Request-Id when it is a sane token, else a new one; echoed
// on the response and recorded with the event.
std::string RequestId(const httplib::Request& req, httplib::Response& res) {
  std::string id = req.get_header_value("X-Request-Id");
  const bool sane = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!sane) id = NewRequestId();
  res.headers.erase("X-Request-Id");  // one copy, whichever hook sets it
  res.set_header("X-Request-Id", id);
  return id;
}

// `"7"` or `W/"7"` -> 7.
std::optional<int64_t> ParseIfMatch(const std::string& value) {
  std::string v = value.rfind("W/", 0) == 0 ? value.substr(2) : value;
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') return std::nullopt;
  v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), ::isdigit))
    return std::nullopt;
  return std::stoll(v);
}

// The library bounds each header line (8 KiB) but not how many there are,
// and keeps every copy of a repeated header while the handlers read only the
// first: so a request with too many header fields, or with a second copy of
// a header that decides who acts or what is written, is refused before any
// handler sees it. Returns the status and detail, or nullopt.
std::optional<std::pair<int, std::string>> HeaderAbuse(const httplib::Request& req) {
  static constexpr size_t kMaxHeaderFields = 100;
  if (req.headers.size() > kMaxHeaderFields) {
    return std::pair(431, "more than " + std::to_string(kMaxHeaderFields) + " header fields");
  }
  for (const char* name : {"Authorization", "Content-Length", "Content-Type", "Cookie", "If-Match",
                           "Idempotency-Key", kCsrfHeader}) {
    if (req.get_header_value_count(name) > 1) {
      return std::pair(400, std::string(name) + " may be sent only once");
    }
  }
  return std::nullopt;
}

// Before the body is read: the library does not enforce its payload limit on
// chunked bodies, so they are refused outright, as are lengths that are not
// numbers or too large. `max_body(n)` is the limit for a body of n bytes:
// asked only past the smallest limit, so that the common request pays for
// no path match. Returns the status and detail, or nullopt.
std::optional<std::pair<int, std::string>> BadLength(const httplib::Request& req, size_t common_max,
                                                     const std::function<size_t()>& max_body) {
  if (req.has_header("Transfer-Encoding")) {
    return std::pair(411, "chunked request bodies are not accepted; send Content-Length");
  }
  const std::string length = req.get_header_value("Content-Length");
  const bool numeric = length.size() <= 19 && std::all_of(length.begin(), length.end(), ::isdigit);
  if (!numeric) return std::pair(400, "Content-Length is not a number");
  if (length.empty() || std::stoull(length) <= common_max) return std::nullopt;
  if (const size_t max = max_body(); std::stoull(length) > max) {
    return std::pair(413, "the body exceeds " + std::to_string(max) + " bytes");
  }
  return std::nullopt;
}

// Sets `name` to `value`, replacing any copy: the library's set_header adds
// one more, and an error answer passes both the error and the post-routing
// hook.
void SetOnce(httplib::Response& res, const char* name, const std::string& value) {
  res.headers.erase(name);
  res.set_header(name, value);
}

void SecurityHeaders(httplib::Response& res) {
  SetOnce(res, "API-Version", kApiVersion);
  SetOnce(res, "X-Content-Type-Options", "nosniff");
  SetOnce(res, "X-Frame-Options", "DENY");
  SetOnce(res, "Cache-Control", "no-store");
  // The dashboard's pages set their own policy (AddStatic).
  if (!res.has_header("Content-Security-Policy")) {
    res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  SetOnce(res, "Referrer-Policy", "no-referrer");
  // Effective when served over TLS (directly or behind a proxy), as the
  // transport rules require; browsers ignore it on plain HTTP.
  SetOnce(res, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

bool ExpectsBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// What the library leaves to us before it reads a body (RFC 9112 §6.3, RFC
// 9110 §14.2). The request is the library's own object, passed to the hook
// as const; it is not const, and these are the only changes made to it.
void NormaliseFraming(const httplib::Request& req) {
  auto& mutable_req = const_cast<httplib::Request&>(req);
  // A request with neither Content-Length nor Transfer-Encoding has no body;
  // the library would wait for one until its read timeout and answer 400.
  if (ExpectsBody(req.method) && !req.has_header("Content-Length") &&
      !req.has_header("Transfer-Encoding")) {
    mutable_req.set_header("Content-Length", "0");
  }
  // No resource here is served in parts: a Range is ignored, so that the
  // whole answer is sent (a server may always do so) and no 416 arises.
  mutable_req.headers.erase("Range");
  mutable_req.ranges.clear();
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "DELETE";
}

}  // namespace

std::string OverCapacityAnswer() {
  httplib::Response res;
  SendProblem(res, 503, "too many open connections; retry shortly");
  SecurityHeaders(res);
  res.set_header("Retry-After", "1");
  res.set_header("Connection", "close");
  std::string answer = "HTTP/1.1 503 Service Unavailable\r\n";
  for (const auto& [name, value] : res.headers)
    answer.append(name).append(": ").append(value).append("\r\n");
  return answer + "Content-Length: " + std::to_string(res.body.size()) + "\r\n\r\n" + res.body;
}

Router::Router(httplib::Server& http, app::Tokens& tokens, app::Sessions& sessions,
               app::OidcClient* oidc, const RequestSchemas& schemas, const app::Actors& actors,
               RouterLimits limits)
    : http_(http),
      tokens_(tokens),
      sessions_(sessions),
      oidc_(oidc),
      schemas_(schemas),
      actors_(actors),
      limits_(std::move(limits)) {
  InstallHooks();
}

Router::Caller Router::Authenticate(Exchange& x) const {
  const std::string header = x.req.get_header_value("Authorization");
  static constexpr char kScheme[] = "Bearer ";
  if (header.rfind(kScheme, 0) == 0) {
    const std::string token = header.substr(sizeof kScheme - 1);
    if (oidc_ && app::LooksLikeJwt(token)) {
      const app::OidcOutcome outcome = oidc_->AuthenticateAccessToken(token);
      if (outcome.kind == app::OidcOutcome::Kind::kUnmapped) return Caller::kUnmapped;
      if (outcome.kind == app::OidcOutcome::Kind::kSignedIn) x.actor = outcome.actor;
    } else {
      x.actor = tokens_.Authenticate(token);
    }
    return x.actor ? Caller::kKnown : Caller::kNobody;
  }
  const std::string id = CookieValue(x.req.get_header_value("Cookie"), kSessionCookie);
  if (id.empty() || !(x.session = sessions_.Find(id))) return Caller::kNobody;
  x.actor = x.session->token.empty() ? std::optional(x.session->actor)
                                     : tokens_.Authenticate(x.session->token);
  if (!x.actor) sessions_.Close(id);  // the token it was opened with is revoked
  return x.actor ? Caller::kKnown : Caller::kNobody;
}

bool Router::Authorize(const Route& route, Exchange& x) const {
  const auto& roles = route.access.roles;
  if (!roles.empty() && std::find(roles.begin(), roles.end(), x.actor->role) == roles.end()) {
    std::string names;
    for (engine::Role r : roles) {
      names += (names.empty() ? "" : ", ") + std::string(engine::RoleName(r));
    }
    SendProblem(x.res, 403, route.method + " " + route.path + " is for the roles " + names);
    return false;
  }
  // A cookie goes with every request the browser makes to this host,
  // whichever page caused it; the secret only the dashboard's own script
  // can read is what shows the write was meant (OWASP's synchroniser token).
  if (x.session && IsWrite(route.method) &&
      !SameSecret(x.req.get_header_value(kCsrfHeader), x.session->csrf)) {
    SendProblem(x.res, 403,
                std::string("a write from a signed-in page must carry its ") + kCsrfHeader);
    return false;
  }
  return true;
}

bool Router::Prepare(const Route& route, Exchange& x) const {
  if (route.access.token) {
    switch (Authenticate(x)) {
      case Caller::kNobody:
        x.res.set_header("WWW-Authenticate", "Bearer");
        SendProblem(x.res, 401, "sign in, or send a valid bearer token");
        return false;
      case Caller::kUnmapped:
        SendProblem(x.res, 403, "no role in ictgate is mapped to this account");
        return false;
      case Caller::kKnown:
        break;
    }
    if (!Authorize(route, x)) return false;
  }
  if (route.body == Body::kDocument &&
      !IsDocumentMediaType(x.req.get_header_value("Content-Type"))) {
    if (route.authorize && !route.authorize(x)) return false;
    SendProblem(x.res, 415, kDocumentTypes);
    return false;
  }
  if (route.body == Body::kJson) {
    // Only JSON is read as JSON: text/plain and the form types are what a
    // page on another site may send without a CORS preflight.
    const bool typed = x.req.has_header("Content-Type");
    if ((typed || !x.req.body.empty()) &&
        !IsJsonMediaType(x.req.get_header_value("Content-Type"))) {
      SendProblem(x.res, 415, kJsonOnly);
      return false;
    }
    auto parsed = ParseRequestBody(x.req.body, limits_.max_json_depth, limits_.max_string_bytes);
    if (!parsed.ok()) {
      SendProblem(x.res, 400, parsed.error().message);
      return false;
    }
    x.body = std::move(parsed).value();
    const auto problems = schemas_.Check(route.method, route.path, x.body);
    if (!problems.empty()) {
      if (route.authorize && !route.authorize(x)) return false;
      std::string fields;
      for (const auto& p : problems) fields += (fields.empty() ? "" : ", ") + p.field;
      SendInvalid(x, "the request body does not match the API's contract: check " + fields,
                  problems);
      return false;
    }
  }
  if (!IsWrite(route.method)) return true;
  if (x.req.has_header("If-Match")) {
    x.expected_version = ParseIfMatch(x.req.get_header_value("If-Match"));
    if (!x.expected_version) {
      SendProblem(x.res, 400, "If-Match must be an ETag like \"3\"");
      return false;
    }
  }
  if (x.req.has_header("Idempotency-Key")) {
    const std::string key = x.req.get_header_value("Idempotency-Key");
    const bool sane =
        !key.empty() && key.size() <= 128 &&
        std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 127; });
    if (!sane) {
      SendProblem(x.res, 400, "Idempotency-Key must be 1 to 128 visible ASCII characters");
      return false;
    }
    x.idempotency_key = key;
  }
  return true;
}

void Router::Add(Route route) {
  if ((route.body == Body::kJson) != schemas_.HasBody(route.method, route.path)) {
    throw std::logic_error(route.method + " " + route.path +
                           (route.body == Body::kJson ? " reads a body the document does not state"
                                                      : " ignores the body the document states"));
  }
  const std::string pattern = PathRegex(route.path);
  compiled_.push_back({route.method, route.path, std::regex(pattern)});
  if (route.body == Body::kDocument) document_paths_.emplace_back(pattern);
  const std::string method = route.method;
  httplib::Server::Handler handler = [this, route = std::move(route)](const httplib::Request& req,
                                                                      httplib::Response& res) {
    t_route = route.path;
    Exchange x{
        req,          res,          RequestId(req, res), std::nullopt, nlohmann::json::object(),
        std::nullopt, std::nullopt, std::nullopt,        false};
    if (!Prepare(route, x)) return;
    route.handler(x);
    if (!x.keeps_pseudonyms && res.get_header_value("Content-Type") == "application/json") {
      res.body = actors_.ResolveJsonText(std::move(res.body));
    }
  };
  if (method == "GET") {
    AddGet(pattern, std::move(handler));
  } else if (method == "POST") {
    http_.Post(pattern, std::move(handler));
  } else if (method == "PATCH") {
    http_.Patch(pattern, std::move(handler));
  } else if (method == "DELETE") {
    http_.Delete(pattern, std::move(handler));
  } else {
    throw std::logic_error("no route registration for method " + method);
  }
}

void Router::AddAll(std::vector<Route> routes) {
  for (auto& r : routes) Add(std::move(r));
}

void Router::AddStatic(const std::string& path, const std::string& text, const std::string& type,
                       const std::string& content_security_policy) {
  AddGet(path, [path, &text, type, content_security_policy](const httplib::Request&,
                                                            httplib::Response& res) {
    t_route = path;
    res.set_header("Content-Security-Policy", content_security_policy);
    res.set_content(text, type);
  });
}

void Router::AddPage(const std::string& path, std::function<void(Exchange&)> handler) {
  AddGet(path, [path, handler = std::move(handler)](const httplib::Request& req,
                                                    httplib::Response& res) {
    t_route = path;
    Exchange x{
        req,          res,          RequestId(req, res), std::nullopt, nlohmann::json::object(),
        std::nullopt, std::nullopt, std::nullopt,        false};
    handler(x);
  });
}

void Router::AddGet(const std::string& pattern, httplib::Server::Handler handler) {
  gets_.emplace_back(std::regex(pattern), handler);
  http_.Get(pattern, std::move(handler));
}

bool Router::ServeIgnoringRange(const httplib::Request& req, httplib::Response& res) const {
  if (req.method != "GET" || !req.has_header("Range")) return false;
  httplib::Request whole = req;
  whole.headers.erase("Range");
  whole.ranges.clear();
  for (const auto& [regex, handler] : gets_) {
    if (!std::regex_match(whole.path, whole.matches, regex)) continue;
    res = httplib::Response();
    handler(whole, res);
    if (res.status == -1) res.status = 200;
    return true;
  }
  return false;
}

size_t Router::MaxBody(const std::string& path) const {
  for (const auto& regex : document_paths_) {
    if (std::regex_match(path, regex)) return limits_.max_document_bytes;
  }
  return limits_.max_body_bytes;
}

std::vector<std::pair<std::string, std::string>> Router::Table() const {
  std::vector<std::pair<std::string, std::string>> table;
  for (const auto& r : compiled_) table.emplace_back(r.method, r.path);
  return table;
}

std::string Router::AllowedMethods(const std::string& path) const {
  std::string allow;
  for (const auto& r : compiled_) {
    if (std::regex_match(path, r.regex) && allow.find(r.method) == std::string::npos) {
      allow += (allow.empty() ? "" : ", ") + r.method;
    }
  }
  if (!allow.empty()) allow += ", OPTIONS";
  return allow;
}

// CORS: the OpenAPI document is public (*); everything else only for the
// configured origins.
void Router::Cors(const httplib::Request& req, httplib::Response& res) const {
  if (req.path == std::string(kBase) + "/openapi.json") {
    res.set_header("Access-Control-Allow-Origin", "*");
    return;
  }
  const std::string origin = req.get_header_value("Origin");
  const auto& allowed = limits_.cors_origins;
  if (!origin.empty() && std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }
}

void Router::InstallHooks() {
  using Handled = httplib::Server::HandlerResponse;
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    t_route = "unmatched";
    Cors(req, res);
    if (IsShedding()) {
      res.set_header("Retry-After", "1");
      SendProblemAndClose(res, 503, "the service is at capacity; retry shortly");
      return Handled::Handled;
    }
    if (const auto problem = HeaderAbuse(req)) {
      SendProblemAndClose(res, problem->first, problem->second);
      return Handled::Handled;
    }
    if (const auto problem = MalformedHeaders(req)) {
      SendProblemAndClose(res, 400, *problem);
      return Handled::Handled;
    }
    // No route reads multipart: refused before the library parses it.
    if (req.get_header_value("Content-Type").rfind("multipart/", 0) == 0) {
      SendProblemAndClose(res, 415, kJsonOnly);
      return Handled::Handled;
    }
    NormaliseFraming(req);
    if (req.path.size() > 1 && req.path.back() == '/') {
      SendProblem(res, 404, "no resource at " + req.path + " (no trailing slashes)");
      return Handled::Handled;
    }
    // The library has no OPTIONS handling: preflights are answered here from
    // the route table. (A wrong method on a known path is turned into 405 in
    // the error handler, so that the route table is searched only then, not
    // on every request: its regexes were the largest cost of a read.)
    if (req.method == "OPTIONS") {
      const std::string allow = AllowedMethods(req.path);
      if (allow.empty()) return Handled::Unhandled;
      res.set_header("Allow", allow);
      res.set_header("Access-Control-Allow-Methods", allow);
      res.set_header("Access-Control-Allow-Headers",
                     "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id");
      res.set_header("Access-Control-Max-Age", "600");
      res.status = 204;
      return Handled::Handled;
    }
    const auto max_body = [&] { return MaxBody(req.path); };
    const size_t smallest = std::min(limits_.max_body_bytes, limits_.max_document_bytes);
    if (const auto problem = BadLength(req, smallest, max_body)) {
      SendProblemAndClose(res, problem->first, problem->second);
      return Handled::Handled;
    }
    return Handled::Unhandled;
  });
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t_request_start;
    metrics_.Observe(req.method, t_route, res.status, took.count());
    app::log::Info("request", {{"requestId", res.get_header_value("X-Request-Id")},
                               {"method", req.method},
                               {"path", req.path},
                               {"route", t_route},
                               {"status", res.status},
                               {"durationMs", took.count() * 1000},
                               {"client", ClientAddress(req, limits_.trusted_proxies)}});
  });
  http_.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    LocaliseProblem(req, res);
    SecurityHeaders(res);
    if (!res.has_header("X-Request-Id")) RequestId(req, res);
  });
  // Library-generated errors (404 for unknown paths, 400, 413) get a problem
  // body. The library answers 404 for a known path with another method too:
  // that is 405 with Allow here.
  http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    // The library refuses a Range it cannot parse (another unit, a bad
    // spec) with 416 before any hook runs. A recipient must ignore a range
    // unit it does not know (RFC 9110 section 14.2), and no resource here is
    // served in parts, so the request is served whole.
    if (res.status == 416 && ServeIgnoringRange(req, res)) {
      SecurityHeaders(res);
      return;
    }
    if (res.body.empty() && !res.content_provider_) {
      const std::string allow = res.status == 404 ? AllowedMethods(req.path) : "";
      if (!allow.empty()) {
        res.set_header("Allow", allow);
        SendProblem(res, 405, req.method + " is not allowed on " + req.path);
      } else {
        SendProblem(res, res.status, "no resource " + req.method + " " + req.path);
      }
    }
    SecurityHeaders(res);
  });
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const app::Unavailable&) {
          // Busy, full or read-only storage: the request changed nothing.
          res.set_header("Retry-After", "5");
          SendProblem(res, 503, "storage unavailable; nothing was changed");
        } catch (const std::exception& e) {
          // A bug: the operator needs its message, the caller does not.
          app::log::Error("internal error", {{"what", e.what()}});
          SendProblem(res, 500, "internal error; nothing was changed");
        } catch (...) {
          SendProblem(res, 500, "internal error; nothing was changed");
        }
        SecurityHeaders(res);
      });
}

}  // namespace ictgate::api
