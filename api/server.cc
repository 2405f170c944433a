#include "api/server.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include <SQLiteCpp/Exception.h>
#include <httplib.h>

#include "api/bounded_queue.h"
#include "api/problem.h"
#include "api/request_body.h"
#include "api/views.h"
#include "app/log.h"
#include "app/tokens.h"
#include "app/webhooks.h"
#include "engine/permissions.h"
#include "store/embedded_text.h"
#include "store/sha256.h"

namespace ictgate::api {
namespace {

using engine::EventType;
using nlohmann::json;

constexpr char kBase[] = "/api/v1";

// POST /activities/{id}/<segment> causes these events. intake-decisions and
// funding-decisions are resolved by their "decision" member (DecisionSegments).
const std::map<std::string, EventType>& ActionSegments() {
  static const std::map<std::string, EventType> kSegments = {
      {"submissions", EventType::kSubmit},
      {"withdrawals", EventType::kWithdraw},
      {"assessments", EventType::kRecordVerdict},
      {"condition-reviews", EventType::kReviewCondition},
      {"overrides", EventType::kOverrule},
      {"revisions", EventType::kRevise},
      {"changes", EventType::kReportChange},
      {"completions", EventType::kComplete},
      {"cancellations", EventType::kCancel},
  };
  return kSegments;
}

// A resource whose "decision" member picks the event.
struct DecisionResource {
  std::map<std::string, EventType> choices;
  std::string fallback;  // the choice when "decision" is absent; empty: required
};

const std::map<std::string, DecisionResource>& DecisionSegments() {
  static const std::map<std::string, DecisionResource> kSegments = {
      {"intake-decisions",
       {{{"accept", EventType::kAcceptIntake}, {"return", EventType::kReturnIntake}}, ""}},
      // "grant" by default: a funding decision is a grant unless it says not.
      {"funding-decisions",
       {{{"grant", EventType::kGrantFunding}, {"refuse", EventType::kRefuseFunding}}, "grant"}},
  };
  return kSegments;
}

// The event a decision resource's body asks for (removing "decision" from
// the body), or nullopt after answering 400.
std::optional<EventType> ResolveDecision(const DecisionResource& r, json& body,
                                         httplib::Response& res) {
  const json decision = body.value("decision", r.fallback.empty() ? json() : json(r.fallback));
  const auto it =
      decision.is_string() ? r.choices.find(decision.get<std::string>()) : r.choices.end();
  if (it == r.choices.end()) {
    std::string names;
    for (const auto& [name, type] : r.choices) names += (names.empty() ? "" : " or ") + name;
    SendProblem(res, 400, "decision must be " + names,
                {{"invalidParams", {{{"name", "decision"}, {"reason", "must be " + names}}}}});
    return std::nullopt;
  }
  body.erase("decision");
  return it->second;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : raw) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0xf]);
  }
  return hex;
}

// The caller's X-Request-Id when it is a sane token, else a new one; echoed
// on the response and recorded with the event.
std::string RequestId(const httplib::Request& req, httplib::Response& res) {
  std::string id = req.get_header_value("X-Request-Id");
  const bool sane = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!sane) id = RandomHex(16);
  res.set_header("X-Request-Id", id);
  return id;
}

// The body as a JSON object within the server's limits (api/request_body.h).
// nullopt, with the problem sent, when it is not one.
std::optional<json> ParseBody(const httplib::Request& req, httplib::Response& res,
                              const ServerOptions& options) {
  ParsedBody parsed = ParseRequestBody(req.body, options.max_json_depth, options.max_string_bytes);
  if (!parsed.body) SendProblem(res, 400, parsed.problem);
  return std::move(parsed.body);
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
  for (const char* name :
       {"Authorization", "Content-Length", "Content-Type", "If-Match", "Idempotency-Key"}) {
    if (req.get_header_value_count(name) > 1) {
      return std::pair(400, std::string(name) + " may be sent only once");
    }
  }
  return std::nullopt;
}

std::optional<engine::Actor> Authenticate(store::Store& store, const httplib::Request& req,
                                          httplib::Response& res) {
  const std::string header = req.get_header_value("Authorization");
  static constexpr char kScheme[] = "Bearer ";
  std::optional<engine::Actor> actor;
  if (header.rfind(kScheme, 0) == 0) actor = app::Authenticate(store, header.substr(7));
  if (!actor) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendProblem(res, 401, "a valid bearer token is required");
  }
  return actor;
}

// Reads ?limit= (1 to 500) into `limit`, which keeps its default when the
// parameter is absent. False, with the problem sent, when it is malformed.
bool ReadLimit(const httplib::Request& req, httplib::Response& res, int64_t& limit) {
  if (!req.has_param("limit")) return true;
  const std::string text = req.get_param_value("limit");
  const bool ok = !text.empty() && text.size() <= 3 &&
                  std::all_of(text.begin(), text.end(), ::isdigit) && std::stoi(text) >= 1 &&
                  std::stoi(text) <= 500;
  if (!ok) {
    SendProblem(res, 400, "limit must be 1 to 500",
                {{"invalidParams", {{{"name", "limit"}, {"reason", "must be 1 to 500"}}}}});
    return false;
  }
  limit = std::stoi(text);
  return true;
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

// {"items": [...]} of chained events, or 404 when the activity is not visible.
void SendEvents(httplib::Response& res, const std::string& id,
                const std::optional<std::vector<store::ChainedEvent>>& events) {
  if (!events) return SendProblem(res, 404, "no activity " + id);
  json items = json::array();
  for (const auto& e : *events) items.push_back(EventJson(e));
  res.set_content(json{{"items", items}}.dump(), "application/json");
}

// The `at` query parameter (RFC 3339, or a date meaning its midnight UTC);
// now when absent. nullopt, with the problem sent, when malformed.
std::optional<engine::Instant> ReadAt(const httplib::Request& req, httplib::Response& res,
                                      engine::Instant now) {
  if (!req.has_param("at")) return now;
  const auto at = engine::ParseInstant(req.get_param_value("at"));
  if (!at) {
    SendProblem(res, 400, "at must be an RFC 3339 date-time or a date",
                {{"invalidParams", {{{"name", "at"}, {"reason", "not a date-time"}}}}});
  }
  return at;
}

// Reads If-Match into `expected` (unset without the header). False, with the
// problem sent, when the header is not an ETag of ours.
bool ReadIfMatch(const httplib::Request& req, httplib::Response& res,
                 std::optional<int64_t>& expected) {
  if (!req.has_header("If-Match")) return true;
  expected = ParseIfMatch(req.get_header_value("If-Match"));
  if (!expected) SendProblem(res, 400, "If-Match must be an ETag like \"3\"");
  return expected.has_value();
}

void SendActivity(httplib::Response& res, int status, const engine::Activity& a, const json& body) {
  res.status = status;
  res.set_header("ETag", "\"" + std::to_string(a.version) + "\"");
  res.set_content(body.dump(), "application/json");
}

// The answer to an accepted write: {activity, event}, with its ETag, and for
// a registration the new resource's Location. Also used to replay it.
void SendRecorded(httplib::Response& res, int status, const engine::Activity& a,
                  const store::ChainedEvent& event) {
  if (event.event.type == EventType::kCreate) {
    res.set_header("Location", std::string(kBase) + "/activities/" + a.id);
  }
  SendActivity(res, status, a, {{"activity", engine::ToJson(a)}, {"event", EventJson(event)}});
}

void SendRefusal(httplib::Response& res, const engine::Refusal& r) {
  using Kind = engine::Refusal::Kind;
  json problems = json::array();
  for (const auto& p : r.problems) {
    problems.push_back(p.field.empty() ? json{{"reason", p.message}}
                                       : json{{"name", p.field}, {"reason", p.message}});
  }
  switch (r.kind) {
    case Kind::kForbidden:
      SendProblem(res, 403, r.summary);
      return;
    case Kind::kNotAllowed:
      SendProblem(res, 409, r.summary, {{"allowedEvents", EventNames(r.allowed)}});
      return;
    case Kind::kInvalid:
      SendProblem(res, 400, r.summary, {{"invalidParams", problems}});
      return;
    case Kind::kPrecondition:
      SendProblem(res, 409, r.summary,
                  {{"blockedBy", problems}, {"allowedEvents", EventNames(r.allowed)}});
      return;
  }
}

// A version conflict is 412 when the caller sent If-Match (its precondition
// failed) and 409 when another request simply won the race.
void SendResult(httplib::Response& res, const app::Result& r, int created_status,
                bool had_if_match = false) {
  using Status = app::Result::Status;
  switch (r.status) {
    case Status::kOk:
      SendRecorded(res, created_status, *r.activity, *r.event);
      return;
    case Status::kNotFound:
      SendProblem(res, 404, r.message);
      return;
    case Status::kRefused:
      SendRefusal(res, *r.refusal);
      return;
    case Status::kConflict:
      SendProblem(res, had_if_match ? 412 : 409, r.message);
      return;
  }
}

// api/openapi.json, compiled in: the contract is served exactly as written.
const std::string& OpenApiDocument() {
  for (const auto& file : EmbeddedOpenApi()) {
    if (file.name == "openapi.json") return file.text;
  }
  throw std::logic_error("api/openapi.json was not compiled in");
}

void SecurityHeaders(httplib::Response& res) {
  res.set_header("API-Version", kApiVersion);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-store");
  // The dashboard's pages set their own policy (DashboardRoutes).
  if (!res.has_header("Content-Security-Policy")) {
    res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  res.set_header("Referrer-Policy", "no-referrer");
  // Effective when served over TLS (directly or behind a proxy), as the
  // transport rules require; browsers ignore it on plain HTTP.
  res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

}  // namespace

ApiServer::ApiServer(app::Service& service, store::Store& store, const ServerOptions& options)
    : http_(std::make_unique<httplib::Server>()),
      service_(service),
      store_(store),
      options_(options) {
  ConfigureTransport(*http_, options_);
  Routes();
}

void ConfigureTransport(httplib::Server& http, const ServerOptions& options) {
  // NOTES.md: Nagle and 5 requests per keep-alive connection make the
  // defaults ~100x slower.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(options.max_body_bytes);
  const size_t threads = static_cast<size_t>(std::max(1, options.worker_threads));
  const size_t queued = options.max_queued_connections;
  http.new_task_queue = [threads, queued] { return new BoundedQueue(threads, queued); };
}

ApiServer::~ApiServer() {
  Stop();
}

bool ApiServer::Bind(const std::string& host, int port) {
  return http_->bind_to_port(host, port);
}
int ApiServer::BindToAnyPort(const std::string& host) {
  return http_->bind_to_any_port(host);
}
bool ApiServer::Listen() {
  return http_->listen_after_bind();
}
void ApiServer::Stop() {
  if (http_->is_running()) http_->stop();
}
bool ApiServer::IsRunning() const {
  return http_->is_running();
}

// "/activities/{id}" -> "/api/v1/activities/([A-Za-z0-9-]+)": each path
// parameter has the pattern of what it names.
std::string PathRegex(const std::string& path) {
  static const std::map<std::string, std::string> kParams = {
      {"{id}", "([A-Za-z0-9-]+)"},
      {"{linkedId}", "([A-Za-z0-9-]+)"},
      {"{webhookId}", "([^/]+)"},  // checked by the handler: 400 unless a number
      {"{packId}", "([a-z0-9-]+)"},
      {"{version}", "([0-9]{4}\\.[0-9]+)"}};
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

// Set per request on the worker thread: when it started, and which route
// served it, for the metrics logged after the answer is written.
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::string t_route;

void ApiServer::Add(const std::string& method, const std::string& path,
                    httplib::Server::Handler inner) {
  routes_.push_back({method, path, std::regex(PathRegex(path))});
  httplib::Server::Handler handler = [route = path, inner = std::move(inner)](
                                         const httplib::Request& req, httplib::Response& res) {
    t_route = route;
    inner(req, res);
  };
  const std::string pattern = PathRegex(path);
  if (method == "GET") {
    http_->Get(pattern, std::move(handler));
  } else if (method == "POST") {
    http_->Post(pattern, std::move(handler));
  } else if (method == "PATCH") {
    http_->Patch(pattern, std::move(handler));
  } else if (method == "DELETE") {
    http_->Delete(pattern, std::move(handler));
  } else {
    throw std::logic_error("no route registration for method " + method);
  }
}

std::string ApiServer::AllowedMethods(const std::string& path) const {
  std::string allow;
  for (const auto& r : routes_) {
    if (std::regex_match(path, r.regex) && allow.find(r.method) == std::string::npos) {
      allow += (allow.empty() ? "" : ", ") + r.method;
    }
  }
  if (!allow.empty()) allow += ", OPTIONS";
  return allow;
}

// CORS: the OpenAPI document is public (*); everything else only for the
// configured origins.
void ApiServer::Cors(const httplib::Request& req, httplib::Response& res) const {
  if (req.path == std::string(kBase) + "/openapi.json") {
    res.set_header("Access-Control-Allow-Origin", "*");
    return;
  }
  const std::string origin = req.get_header_value("Origin");
  const auto& allowed = options_.cors_origins;
  if (!origin.empty() && std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }
}

std::vector<std::pair<std::string, std::string>> ApiServer::RouteTable() const {
  std::vector<std::pair<std::string, std::string>> table;
  for (const auto& r : routes_) table.emplace_back(r.method, r.path);
  return table;
}

// Idempotency-Key: a retried write gets the first answer and acts once.
// Returns true when the answer was sent here (a replay, or a key problem);
// otherwise sets `claim` (when a key was sent) for the write to record.
bool ApiServer::ReplayIdempotent(const httplib::Request& req, httplib::Response& res,
                                 const engine::Actor& actor, int status,
                                 std::optional<store::IdempotencyClaim>& claim) {
  if (!req.has_header("Idempotency-Key")) return false;
  const std::string key = req.get_header_value("Idempotency-Key");
  const bool sane = !key.empty() && key.size() <= 128 &&
                    std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 127; });
  if (!sane) {
    SendProblem(res, 400, "Idempotency-Key must be 1 to 128 visible ASCII characters");
    return true;
  }
  const std::string principal = actor.role + ":" + actor.department + ":" + actor.name;
  const std::string hash = store::Sha256Hex(req.method + "\n" + req.path + "\n" + req.body);
  const auto record = store_.FindIdempotencyKey(principal, key);
  if (!record) {
    claim = store::IdempotencyClaim{principal, key, hash, status};
    return false;
  }
  if (record->request_hash != hash) {
    SendProblem(res, 422, "this Idempotency-Key was used for another request; use a new key");
    return true;
  }
  res.set_header("Idempotent-Replayed", "true");
  SendRecorded(res, record->status, record->activity, record->event);
  return true;
}

// The common course of every write to an activity: request id, token, body
// (for routes that take one), If-Match, Idempotency-Key replay, then `act`,
// whose result is answered with `status` (nullopt: `act` answered itself).
void ApiServer::Write(const httplib::Request& req, httplib::Response& res, int status,
                      bool takes_body, const WriteAction& act) {
  const std::string request_id = RequestId(req, res);
  const auto actor = Authenticate(store_, req, res);
  if (!actor) return;
  std::optional<json> body = json::object();
  if (takes_body && !(body = ParseBody(req, res, options_))) return;
  std::optional<int64_t> expected;
  if (!ReadIfMatch(req, res, expected)) return;
  std::optional<store::IdempotencyClaim> claim;
  if (ReplayIdempotent(req, res, *actor, status, claim)) return;
  const auto result = act(*body, {*actor, request_id, expected, claim});
  if (result) SendResult(res, *result, status, expected.has_value());
}

// Answers POST /activities/{id}/<event resource>. `resolve` reads the event
// type from the body (and may strip members), or sends a problem and
// returns nullopt.
void ApiServer::Transition(const httplib::Request& req, httplib::Response& res,
                           const std::function<std::optional<EventType>(json&)>& resolve) {
  Write(req, res, 201, true, [&](json& body, const WriteContext& w) -> std::optional<app::Result> {
    const auto type = resolve(body);
    if (!type) return std::nullopt;
    const engine::Command command{*type, body, w.actor, w.request_id};
    return service_.Execute(req.matches[1], command, w.expected_version, w.claim);
  });
}

// The dashboard (web/, compiled in) at /: static files that call the API with
// the token the user pastes. Its policy allows its own script, style and API
// calls and nothing else: no inline code, no other origin, no framing.
void ApiServer::DashboardRoutes() {
  static const std::map<std::string, std::pair<std::string, std::string>> kFiles = {
      {"/", {"index.html", "text/html; charset=utf-8"}},
      {"/app.js", {"app.js", "text/javascript; charset=utf-8"}},
      {"/app.css", {"app.css", "text/css; charset=utf-8"}},
      {"/favicon.svg", {"favicon.svg", "image/svg+xml"}}};
  for (const auto& [path, file] : kFiles) {
    const EmbeddedText* text = nullptr;
    for (const auto& f : EmbeddedWeb()) {
      if (f.name == file.first) text = &f;
    }
    if (!text) throw std::logic_error("web/" + file.first + " was not compiled in");
    http_->Get(path, [route = path, text, type = file.second](const httplib::Request&,
                                                              httplib::Response& res) {
      t_route = route;
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; "
                     "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; "
                     "frame-ancestors 'none'");
      res.set_content(text->text, type);
    });
  }
}

// Webhook subscriptions and their deliveries: for the operator (admin).
void ApiServer::WebhookRoutes() {
  const auto admin = [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (actor && actor->role != "admin") {
      SendProblem(res, 403, "webhooks are managed by the admin role");
      return false;
    }
    return actor.has_value();
  };
  // The subscription a path names; nullopt after answering 400 or 404.
  const auto find = [this](const std::string& id,
                           httplib::Response& res) -> std::optional<store::Subscription> {
    const bool number =
        !id.empty() && id.size() <= 18 &&
        std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!number) {
      SendProblem(res, 400, "webhookId must be a number",
                  {{"invalidParams", {{{"name", "webhookId"}, {"reason", "must be a number"}}}}});
      return std::nullopt;
    }
    for (auto& s : store_.Subscriptions()) {
      if (std::to_string(s.id) == id) return s;
    }
    SendProblem(res, 404, "no webhook " + id);
    return std::nullopt;
  };
  Add("GET", "/webhooks", [this, admin](const httplib::Request& req, httplib::Response& res) {
    if (!admin(req, res)) return;
    json items = json::array();
    for (const auto& s : store_.Subscriptions()) items.push_back(SubscriptionJson(s));
    res.set_content(json{{"items", items}}.dump(), "application/json");
  });
  Add("POST", "/webhooks", [this, admin](const httplib::Request& req, httplib::Response& res) {
    if (!admin(req, res)) return;
    const auto body = ParseBody(req, res, options_);
    if (!body) return;
    auto made = app::MakeSubscription(*body, service_.clock().Now());
    if (!made.subscription) {
      return SendRefusal(
          res,
          {engine::Refusal::Kind::kInvalid, "the subscription is not valid", made.problems, {}});
    }
    made.subscription->id = store_.AddSubscription(*made.subscription);
    json answer = SubscriptionJson(*made.subscription);
    answer["secret"] = made.subscription->secret;  // shown this once
    res.status = 201;
    res.set_header("Location",
                   std::string(kBase) + "/webhooks/" + std::to_string(made.subscription->id));
    res.set_content(answer.dump(), "application/json");
  });
  Add("DELETE", "/webhooks/{webhookId}",
      [this, admin, find](const httplib::Request& req, httplib::Response& res) {
        if (!admin(req, res)) return;
        const auto s = find(req.matches[1], res);
        if (!s) return;
        if (!store_.DeleteSubscription(s->id, engine::FormatInstant(service_.clock().Now()))) {
          return SendProblem(res, 404, "no webhook " + req.matches[1].str());
        }
        res.status = 204;
      });
  Add("GET", "/webhooks/{webhookId}/deliveries",
      [this, admin, find](const httplib::Request& req, httplib::Response& res) {
        if (!admin(req, res)) return;
        const auto s = find(req.matches[1], res);
        if (!s) return;
        json items = json::array();
        for (const auto& m : store_.Messages(s->id, 100)) items.push_back(DeliveryJson(m));
        res.set_content(json{{"items", items}}.dump(), "application/json");
      });
}

void ApiServer::Routes() {
  const size_t max_body = options_.max_body_bytes;
  // Runs before the body is read: the library does not enforce its payload
  // limit on chunked bodies (NOTES.md), so they are refused outright.
  http_->set_pre_routing_handler([this, max_body](const httplib::Request& req,
                                                  httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    t_route = "unmatched";
    Cors(req, res);
    if (IsShedding()) {
      res.set_header("Retry-After", "1");
      SendProblemAndClose(res, 503, "the service is at capacity; retry shortly");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (const auto problem = HeaderAbuse(req)) {
      SendProblemAndClose(res, problem->first, problem->second);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.size() > 1 && req.path.back() == '/') {
      SendProblem(res, 404, "no resource at " + req.path + " (no trailing slashes)");
      return httplib::Server::HandlerResponse::Handled;
    }
    // The library has no OPTIONS handling: preflights are answered here from
    // the route table. (A wrong method on a known path is turned into 405 in
    // the error handler, so that the route table is searched only then, not
    // on every request: its regexes were the largest cost of a read.)
    if (req.method == "OPTIONS") {
      const std::string allow = AllowedMethods(req.path);
      if (allow.empty()) return httplib::Server::HandlerResponse::Unhandled;
      res.set_header("Allow", allow);
      res.set_header("Access-Control-Allow-Methods", allow);
      res.set_header("Access-Control-Allow-Headers",
                     "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id");
      res.set_header("Access-Control-Max-Age", "600");
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Transfer-Encoding")) {
      SendProblemAndClose(res, 411, "chunked request bodies are not accepted; send Content-Length");
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string length = req.get_header_value("Content-Length");
    const bool numeric =
        length.size() <= 19 && std::all_of(length.begin(), length.end(), ::isdigit);
    if (!numeric) {
      SendProblemAndClose(res, 400, "Content-Length is not a number");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!length.empty() && std::stoull(length) > max_body) {
      SendProblemAndClose(res, 413, "the body exceeds " + std::to_string(max_body) + " bytes");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t_request_start;
    metrics_.Observe(req.method, t_route, res.status, took.count());
    app::log::Info("request", {{"requestId", res.get_header_value("X-Request-Id")},
                               {"method", req.method},
                               {"path", req.path},
                               {"route", t_route},
                               {"status", res.status},
                               {"durationMs", took.count() * 1000}});
  });
  http_->set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    SecurityHeaders(res);
    if (!res.has_header("X-Request-Id")) RequestId(req, res);
  });
  // Library-generated errors (404 for unknown paths, 400, 413) get a problem
  // body. The library answers 404 for a known path with another method too:
  // that is 405 with Allow here.
  http_->set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
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
  http_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const SQLite::Exception&) {
          // Busy, full or read-only storage: the request changed nothing.
          res.set_header("Retry-After", "5");
          SendProblem(res, 503, "storage unavailable; nothing was changed");
        } catch (...) {
          SendProblem(res, 500, "internal error; nothing was changed");
        }
        SecurityHeaders(res);
      });

  Add("GET", "/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(OpenApiDocument(), "application/json");
  });
  // Prometheus text: requests, transitions by event, activities by eligibility.
  Add("GET", "/metrics", [this](const httplib::Request&, httplib::Response& res) {
    std::ostringstream out;
    out << metrics_.Render();
    out << "# HELP ictgate_transitions_total Events in the log, by type.\n"
           "# TYPE ictgate_transitions_total counter\n";
    for (const auto& [type, n] : store_.EventCounts()) {
      out << "ictgate_transitions_total{event=\"" << type << "\"} " << n << "\n";
    }
    std::map<std::string, int64_t> by_status;
    service_.ForEachEligibility(
        "", {"metrics", "auditor", "*"}, service_.clock().Now(),
        [&](const app::EligibilityReport& r) {
          ++by_status[std::string(engine::EligibilityStatusName(r.eligibility.status))];
          return true;
        });
    out << "# HELP ictgate_activities_eligibility Activities by funding eligibility now.\n"
           "# TYPE ictgate_activities_eligibility gauge\n";
    for (const auto& [status, n] : by_status) {
      out << "ictgate_activities_eligibility{status=\"" << status << "\"} " << n << "\n";
    }
    res.set_content(out.str(), "text/plain; version=0.0.4");
  });
  Add("GET", "/health/live", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"up"})", "application/json");
  });

  // Ready when the database answers a read on the connection reads use.
  Add("GET", "/health/ready", [this](const httplib::Request&, httplib::Response& res) {
    try {
      const auto head = store_.Head();
      res.set_content(
          json{{"status", "up"}, {"checks", {{"database", "up"}}}, {"chainLength", head.length}}
              .dump(),
          "application/json");
    } catch (const std::exception&) {
      res.set_header("Retry-After", "5");
      SendProblem(res, 503, "the database does not answer");
    }
  });

  // The audit chain: for the auditor and the operator.
  const auto auditor = [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return false;
    if (actor->role != "auditor" && actor->role != "admin") {
      SendProblem(res, 403, "the audit resources are for the auditor and admin roles");
      return false;
    }
    return true;
  };
  Add("GET", "/audit/verification",
      [this, auditor](const httplib::Request& req, httplib::Response& res) {
        if (!auditor(req, res)) return;
        const store::ChainVerification v = store_.VerifyChain();
        json body = {{"ok", v.ok},
                     {"checked", v.checked},
                     {"head", {{"length", v.head.length}, {"hash", v.head.hash}}},
                     {"brokenAt", v.broken_at ? json(*v.broken_at) : json()},
                     {"problem", v.problem}};
        res.set_content(body.dump(), "application/json");
      });
  Add("GET", "/audit/head", [this, auditor](const httplib::Request& req, httplib::Response& res) {
    if (!auditor(req, res)) return;
    const store::ChainHead head = store_.Head();
    res.set_content(json{{"length", head.length}, {"hash", head.hash}}.dump(), "application/json");
  });

  WebhookRoutes();
  DashboardRoutes();

  Add("GET", "/activities", [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    store::ActivityFilter filter;
    filter.department = req.get_param_value("department");
    filter.state = req.get_param_value("state");
    filter.verdict = req.get_param_value("verdict");
    static const std::set<std::string> kVerdicts = {"", "green", "orange", "red", "none"};
    if (!kVerdicts.count(filter.verdict)) {
      SendProblem(res, 400, "verdict must be green, orange, red or none",
                  {{"invalidParams", {{{"name", "verdict"}, {"reason", "is not a verdict"}}}}});
      return;
    }
    filter.after_id = req.get_param_value("cursor");
    if (!filter.state.empty() && !engine::ParseState(filter.state)) {
      SendProblem(res, 400, "unknown state '" + filter.state + "'",
                  {{"invalidParams", {{{"name", "state"}, {"reason", "is not a state"}}}}});
      return;
    }
    if (!ReadLimit(req, res, filter.limit)) return;
    std::vector<engine::Activity> items;
    std::string next;
    const std::string eligibility = req.get_param_value("eligibility");
    if (eligibility.empty()) {
      items = service_.List(filter, *actor);
      if (static_cast<int64_t>(items.size()) == filter.limit) next = items.back().id;
    } else {
      static const std::set<std::string> kStatuses = {"not_gated", "eligible",
                                                      "eligible_with_conditions",
                                                      "eligible_by_override", "not_eligible"};
      if (!kStatuses.count(eligibility)) {
        return SendProblem(res, 400, "eligibility must be an eligibility status",
                           {{"invalidParams", {{{"name", "eligibility"}, {"reason", "unknown"}}}}});
      }
      std::tie(items, next) = service_.ListByEligibility(filter, eligibility, *actor);
    }
    json list = json::array();
    for (const auto& a : items) list.push_back(engine::ToJson(a));
    res.set_content(
        json{{"items", list}, {"nextCursor", next.empty() ? json() : json(next)}}.dump(),
        "application/json");
  });

  Add("POST", "/activities", [this](const httplib::Request& req, httplib::Response& res) {
    const std::string request_id = RequestId(req, res);
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    const auto body = ParseBody(req, res, options_);
    if (!body) return;
    std::optional<store::IdempotencyClaim> claim;
    if (ReplayIdempotent(req, res, *actor, 201, claim)) return;
    SendResult(res, service_.Create(*body, *actor, request_id, claim), 201);
  });

  Add("GET", "/activities/{id}", [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    const auto a = service_.Get(req.matches[1], *actor);
    if (!a) return SendProblem(res, 404, "no activity " + req.matches[1].str());
    SendActivity(res, 200, *a, engine::ToJson(*a));
  });

  Add("GET", "/activities/{id}/events",
      [this](const httplib::Request& req, httplib::Response& res) {
        const auto actor = Authenticate(store_, req, res);
        if (!actor) return;
        SendEvents(res, req.matches[1], service_.Events(req.matches[1], *actor));
      });

  // One resource per lifecycle event; intake-decisions carries accept or return.
  for (const auto& [segment, fixed_type] : ActionSegments()) {
    const EventType type = fixed_type;
    Add("POST", "/activities/{id}/" + segment,
        [this, type](const httplib::Request& req, httplib::Response& res) {
          Transition(req, res, [type](json&) { return std::optional<EventType>(type); });
        });
  }
  for (const auto& [segment, decision] : DecisionSegments()) {
    Add("POST", "/activities/{id}/" + segment,
        [this, &decision = decision](const httplib::Request& req, httplib::Response& res) {
          Transition(req, res, [&](json& body) { return ResolveDecision(decision, body, res); });
        });
  }

  Add("PATCH", "/activities/{id}", [this](const httplib::Request& req, httplib::Response& res) {
    Write(req, res, 200, true, [&](json& body, const WriteContext& w) {
      const engine::Command command{EventType::kUpdate, body, w.actor, w.request_id};
      return std::optional(service_.Execute(req.matches[1], command, w.expected_version, w.claim));
    });
  });

  Add("POST", "/activities/{id}/links",
      [this](const httplib::Request& req, httplib::Response& res) {
        Write(req, res, 201, true,
              [&](json& body, const WriteContext& w) -> std::optional<app::Result> {
                const auto other = body.find("activityId");
                if (body.size() != 1 || other == body.end() || !other->is_string()) {
                  SendProblem(res, 400, "the body must be {\"activityId\": \"...\"}",
                              {{"invalidParams",
                                {{{"name", "activityId"},
                                  {"reason", "must be the only member, a string"}}}}});
                  return std::nullopt;
                }
                return service_.Link(req.matches[1], *other, true, w.actor, w.request_id,
                                     w.expected_version, w.claim);
              });
      });

  Add("DELETE", "/activities/{id}/links/{linkedId}",
      [this](const httplib::Request& req, httplib::Response& res) {
        Write(req, res, 200, false, [&](json&, const WriteContext& w) {
          return std::optional(service_.Link(req.matches[1], req.matches[2], false, w.actor,
                                             w.request_id, w.expected_version, w.claim));
        });
      });

  Add("GET", "/activities/{id}/gate", [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    const auto a = service_.Get(req.matches[1], *actor);
    const auto gate = a ? service_.Gate(*a, *actor) : std::nullopt;
    if (!gate) return SendProblem(res, 404, "no activity " + req.matches[1].str());
    const auto& pack = service_.PackFor(*a, EventType::kUpdate);
    res.set_content(GateJson(*a, *gate, pack, service_.clock().Now()).dump(), "application/json");
  });

  Add("GET", "/activities/{id}/assessments",
      [this](const httplib::Request& req, httplib::Response& res) {
        const auto actor = Authenticate(store_, req, res);
        if (!actor) return;
        SendEvents(res, req.matches[1], service_.Assessments(req.matches[1], *actor));
      });

  Add("GET", "/activities/{id}/eligibility",
      [this](const httplib::Request& req, httplib::Response& res) {
        const auto actor = Authenticate(store_, req, res);
        if (!actor) return;
        const auto at = ReadAt(req, res, service_.clock().Now());
        if (!at) return;
        const auto report = service_.Eligibility(req.matches[1], *actor, *at);
        if (!report) {
          return SendProblem(
              res, 404,
              "no activity " + req.matches[1].str() + " at " + engine::FormatInstant(*at));
        }
        res.set_content(EligibilityJson(report->activity, report->eligibility, *at).dump(),
                        "application/json");
      });

  Add("GET", "/eligibility", [this](const httplib::Request& req, httplib::Response& res) {
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    const auto at = ReadAt(req, res, service_.clock().Now());
    if (!at) return;
    const std::string department = req.get_param_value("department");
    if (!department.empty() && !engine::IsDepartmentCode(department)) {
      return SendProblem(res, 400, "department must be a department code",
                         {{"invalidParams", {{{"name", "department"}, {"reason", "not a code"}}}}});
    }
    int64_t limit = 100;
    if (!ReadLimit(req, res, limit)) return;
    // The summary counts every activity; the items are one page of them, so
    // that the answer stays small however large the department.
    const std::string cursor = req.get_param_value("cursor");
    json items = json::array();
    std::string next;
    std::map<std::string, int64_t> summary;
    service_.ForEachEligibility(department, *actor, *at, [&](const app::EligibilityReport& r) {
      ++summary[std::string(engine::EligibilityStatusName(r.eligibility.status))];
      if (r.activity.id <= cursor) return true;
      if (static_cast<int64_t>(items.size()) < limit) {
        items.push_back(EligibilityJson(r.activity, r.eligibility, *at));
      } else if (next.empty()) {
        next = items.back()["activityId"];
      }
      return true;
    });
    res.set_content(json{{"at", engine::FormatInstant(*at)},
                         {"department", department.empty() ? json() : json(department)},
                         {"summary", summary},
                         {"items", items},
                         {"nextCursor", next.empty() ? json() : json(next)}}
                        .dump(),
                    "application/json");
  });

  Add("GET", "/policy-packs", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authenticate(store_, req, res)) return;
    const engine::PolicyPack& active = service_.packs().Active(service_.clock().Now());
    json items = json::array();
    for (const auto* p : service_.packs().All()) items.push_back(PackSummary(*p, p == &active));
    res.set_content(json{{"items", items}}.dump(), "application/json");
  });

  const std::string pack_path = "/policy-packs/{packId}/versions/{version}";
  Add("GET", pack_path, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authenticate(store_, req, res)) return;
    const auto* pack = service_.packs().Find(req.matches[1], req.matches[2]);
    if (!pack)
      return SendProblem(res, 404,
                         "no policy pack " + req.matches[1].str() + " " + req.matches[2].str());
    json body = pack->document;
    body["contentHash"] = pack->ref.content_hash;
    res.set_content(body.dump(), "application/json");
  });

  // A dry run: the registered pack, or a candidate in the body with the same
  // id and version. Nothing is written.
  Add("POST", pack_path + "/what-if", [this](const httplib::Request& req, httplib::Response& res) {
    RequestId(req, res);
    const auto actor = Authenticate(store_, req, res);
    if (!actor) return;
    if (actor->role != "cio" && actor->role != "admin" && actor->role != "auditor") {
      return SendProblem(res, 403, "what-if is for the cio, admin and auditor roles");
    }
    const auto body = ParseBody(req, res, options_);
    if (!body) return;
    std::optional<engine::PolicyPack> candidate;
    if (body->empty()) {
      const auto* pack = service_.packs().Find(req.matches[1], req.matches[2]);
      if (!pack)
        return SendProblem(res, 404,
                           "no policy pack " + req.matches[1].str() + " " + req.matches[2].str() +
                               "; post it as the body");
      candidate = *pack;
    } else {
      try {
        candidate = app::LoadPack(*body);
      } catch (const app::PackRejected& e) {
        json problems = json::array();
        for (const auto& p : e.problems()) {
          problems.push_back({{"name", p.path}, {"reason", p.message}});
        }
        return SendProblem(res, 400, e.what(), {{"invalidParams", problems}});
      }
      if (candidate->ref.id != req.matches[1] || candidate->ref.version != req.matches[2]) {
        return SendProblem(
            res, 400,
            "the pack in the body is not " + req.matches[1].str() + " " + req.matches[2].str());
      }
    }
    res.set_content(WhatIfJson(service_.WhatIf(*candidate, *actor)).dump(), "application/json");
  });
}

}  // namespace ictgate::api
