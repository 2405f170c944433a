// The OpenAPI document is the contract: its operations and the server's
// routes must be the same set, and the NL GOV API Design Rules behaviours
// it promises (405 with Allow, OPTIONS, CORS, the public document) hold.
#include <fstream>
#include <set>
#include <thread>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "api/server.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "app/tokens.h"
#include "engine/clock.h"
#include "fixtures.h"
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
  store::SqliteStore store{dir.File("contract.db")};
  engine::ManualClock clock{kNow};
  app::PolicyRegistry packs{store, kNow};
  app::Service service{store, clock, packs};
  api::ApiServer server{service, store, [] {
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

TEST_CASE("OPTIONS answers a preflight; CORS only for allowed origins") {
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
