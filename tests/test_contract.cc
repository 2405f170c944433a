// The OpenAPI document is the contract: its operations and the server's
// routes must be the same set, and the NL GOV API Design Rules behaviours
// it promises (405 with Allow, OPTIONS, CORS, the public document) hold.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "api/server.h"
#include "app/application.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/tokens.h"
#include "engine/clock.h"
#include "fixtures.h"
#include "live_server.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

json OpenApi() {
  std::ifstream in(std::string(ICTGATE_SOURCE_DIR) + "/api/openapi.json");
  return json::parse(in);
}

struct Server {
  TempDir dir;
  engine::ManualClock clock{kNow};
  app::Application app{std::make_unique<store::SqliteStore>(dir.File("contract.db")), clock};
  store::Store& store = app.store();
  app::Service& service = app.service();
  api::ApiServer server{app, [] {
                          api::ServerOptions o;
                          o.cors_origins = {"https://dashboard.example.org"};
                          return o;
                        }()};
  int port = server.BindToAnyPort("127.0.0.1");
  std::thread thread{[this] { server.Listen(); }};
  httplib::Client client{"127.0.0.1", port};
  Server() {
    while (!server.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Server() {
    server.Stop();
    thread.join();
  }
};

TEST_CASE("every route is in the OpenAPI document and every documented operation is served") {
  Server s;
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [method, path] : s.server.RouteTable()) served.insert({method, path});
  std::set<std::pair<std::string, std::string>> documented;
  const json doc = OpenApi();
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(c));
      documented.insert({upper, path});
    }
  }
  for (const auto& route : served) {
    INFO("served but not documented: " << route.first << " " << route.second);
    CHECK(documented.count(route));
  }
  for (const auto& operation : documented) {
    INFO("documented but not served: " << operation.first << " " << operation.second);
    CHECK(served.count(operation));
  }
  CHECK(served.size() == documented.size());
  CHECK(served.size() > 20);
}

TEST_CASE("the document served is the document in the repository, public, CORS *") {
  Server s;
  const auto r = s.client.Get("/api/v1/openapi.json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body) == OpenApi());
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
  CHECK(r->get_header_value("API-Version") == OpenApi()["info"]["version"]);
}

TEST_CASE("a wrong method on a known path is 405 with Allow") {
  Server s;
  auto r = s.client.Delete("/api/v1/activities");
  REQUIRE(r);
  CHECK(r->status == 405);
  CHECK(r->get_header_value("Allow") == "GET, POST, OPTIONS");
  CHECK(r->get_header_value("Content-Type") == "application/problem+json");
  r = s.client.Put("/api/v1/activities/BZK-2026-0001", "{}", "application/json");
  REQUIRE(r);
  CHECK(r->status == 405);
  CHECK(r->get_header_value("Allow") == "GET, PATCH, OPTIONS");
  r = s.client.Get("/api/v1/activities/BZK-2026-0001/submissions");
  REQUIRE(r);
  CHECK(r->status == 405);
  CHECK(r->get_header_value("Allow") == "POST, OPTIONS");
  // Unknown paths stay 404.
  CHECK(s.client.Delete("/api/v1/nothing-here")->status == 404);
}

TEST_CASE("OPTIONS answers a preflight, and CORS only for allowed origins") {
  Server s;
  auto r = s.client.Options("/api/v1/activities", {{"Origin", "https://dashboard.example.org"},
                                                   {"Access-Control-Request-Method", "POST"}});
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://dashboard.example.org");
  CHECK(r->get_header_value("Access-Control-Allow-Methods") == "GET, POST, OPTIONS");
  CHECK_THAT(r->get_header_value("Access-Control-Allow-Headers"), Catch::Contains("Authorization"));
  r = s.client.Options("/api/v1/activities", {{"Origin", "https://evil.example.com"}});
  REQUIRE(r);
  CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
  r = s.client.Get("/api/v1/health/live", {{"Origin", "https://dashboard.example.org"}});
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://dashboard.example.org");
  CHECK(r->get_header_value("Vary") == "Origin");
}

TEST_CASE("the document declares what the rules ask: servers with /v1, contact, problem answers") {
  const json doc = OpenApi();
  CHECK(doc["openapi"] == "3.0.3");
  CHECK_THAT(doc["servers"][0]["url"].get<std::string>(), Catch::EndsWith("/api/v1"));
  for (const char* key : {"name", "email", "url"}) CHECK(doc["info"]["contact"].contains(key));
  CHECK(doc["info"]["version"] == api::kApiVersion);
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("under overload the service answers 503 with Retry-After instead of queueing") {
  TempDir dir;
  engine::ManualClock clock(kNow);
  app::Application app(std::make_unique<store::SqliteStore>(dir.File("overload.db")), clock);
  api::ServerOptions options;
  options.connections.worker_threads = 1;
  options.connections.max_queued = 1;
  api::ApiServer server(app, options);
  const int port = server.BindToAnyPort("127.0.0.1");
  std::thread thread([&] { server.Listen(); });
  while (!server.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  // A client that asks for 100 Continue and then does not send its body
  // occupies the only worker (idle and half-sent requests do not: they wait
  // in the poller); a second request waits in the queue.
  const int busy = ConnectLoopback(port);
  Send(busy,
       "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
  char continued[64] = {};
  REQUIRE(recv(busy, continued, sizeof continued - 1, 0) > 0);
  REQUIRE_THAT(std::string(continued), Catch::StartsWith("HTTP/1.1 100 Continue"));
  const int waiting = ConnectLoopback(port);
  Send(waiting, "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // A third finds the queue full.
  const int shed = ConnectLoopback(port);
  Send(shed, "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answer = ReadAll(shed);
  close(shed);
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 503 Service Unavailable"));
  CHECK_THAT(answer, Catch::Contains("Retry-After: 1"));
  CHECK_THAT(answer, Catch::Contains("application/problem+json"));

  // Once the slow client sends its body, both are answered normally.
  Send(busy, "{}");
  CHECK_THAT(ReadAll(busy), Catch::StartsWith("HTTP/1.1 401 Unauthorized"));
  CHECK_THAT(ReadAll(waiting), Catch::StartsWith("HTTP/1.1 200 OK"));
  close(busy);
  close(waiting);
  httplib::Client client("127.0.0.1", port);
  const auto r = client.Get("/api/v1/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
  server.Stop();
  thread.join();
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("health/ready checks the database, and the audit resources are the auditor's") {
  Server s;
  const std::string auditor = app::IssueToken(s.store, "audit", engine::Role::kAuditor, "*", kNow);
  const std::string owner = app::IssueToken(s.store, "owner", engine::Role::kOwner, "BZK", kNow);
  auto r = s.client.Get("/api/v1/health/ready");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["checks"]["database"] == "up");

  r = s.client.Get("/api/v1/audit/verification", {{"Authorization", "Bearer " + auditor}});
  REQUIRE(r->status == 200);
  json v = json::parse(r->body);
  CHECK(v["ok"] == true);
  CHECK(v["brokenAt"].is_null());
  r = s.client.Get("/api/v1/audit/head", {{"Authorization", "Bearer " + auditor}});
  REQUIRE(r->status == 200);
  CHECK(json::parse(r->body)["hash"] == s.store.Head().hash);
  CHECK(s.client.Get("/api/v1/audit/head", {{"Authorization", "Bearer " + owner}})->status == 403);
  CHECK(s.client.Get("/api/v1/audit/head")->status == 401);
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("/metrics exposes requests by route and status, transitions and eligibility") {
  Server s;
  const std::string owner = app::IssueToken(s.store, "owner", engine::Role::kOwner, "BZK", kNow);
  json input = NewActivityInput(1'000'000);
  REQUIRE(s.client
              .Post("/api/v1/activities", {{"Authorization", "Bearer " + owner}}, input.dump(),
                    "application/json")
              ->status == 201);
  s.client.Get("/api/v1/activities/BZK-2026-0001", {{"Authorization", "Bearer " + owner}});
  s.client.Get("/api/v1/nowhere");
  // Metrics count every department's activities: for the roles that oversee
  // them all, not for the public nor a department's owner.
  REQUIRE(s.client.Get("/api/v1/metrics")->status == 401);
  REQUIRE(s.client.Get("/api/v1/metrics", {{"Authorization", "Bearer " + owner}})->status == 403);
  const std::string auditor =
      app::IssueToken(s.store, "auditor", engine::Role::kAuditor, "*", kNow);
  // Metrics are counted after an answer is written, on the server's thread:
  // give the last one a moment to land.
  std::string text, content_type;
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    const auto r = s.client.Get("/api/v1/metrics", {{"Authorization", "Bearer " + auditor}});
    REQUIRE(r);
    status = r->status;
    text = r->body;
    content_type = r->get_header_value("Content-Type");
    if (text.find("status=\"404\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(status == 200);
  CHECK_THAT(content_type, Catch::StartsWith("text/plain"));
  CHECK_THAT(text, Catch::Contains("ictgate_http_requests_total{method=\"POST\",route=\"/"
                                   "activities\",status=\"201\"} 1"));
  CHECK_THAT(text, Catch::Contains("ictgate_http_requests_total{method=\"GET\",route=\"/activities/"
                                   "{id}\",status=\"200\"} 1"));
  CHECK_THAT(text, Catch::Contains("route=\"unmatched\",status=\"404\"} 1"));
  CHECK_THAT(text, Catch::Contains("route=\"/metrics\",status=\"401\"} 1"));
  CHECK_THAT(text, Catch::Contains("route=\"/metrics\",status=\"403\"} 1"));
  CHECK_THAT(
      text,
      Catch::Contains(
          "ictgate_http_request_duration_seconds_count{method=\"POST\",route=\"/activities\"} 1"));
  CHECK_THAT(text, Catch::Contains("ictgate_transitions_total{event=\"create\"} 1"));
  CHECK_THAT(text, Catch::Contains("ictgate_activities_eligibility{status=\"not_eligible\"} 1"));
}

}  // namespace
}  // namespace ictgate
