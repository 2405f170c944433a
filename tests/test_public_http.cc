// GET /public/records and /public/records.atom: for anyone, without a
// token, only what the activity's pack marks public.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

json Doc(const std::string& title, char digit) {
  return {{"title", title}, {"sha256", std::string(64, digit)}};
}

// An activity moved to 2026.3 (which marks the verdict summary and the AcICT
// parts public) with the AcICT's advice and the minister's reaction.
std::string PublishedActivity(LiveServer& server) {
  const std::string id = AssessedActivity(server, [](json&) {});
  const std::string a = "/activities/" + id;
  REQUIRE(server.Post("cio", a + "/pack-adoptions", {{"version", "2026.3"}, {"reason", "2026.3"}})
              ->status == 201);
  REQUIRE(server
              .Post("cio", a + "/acict-requests",
                    {{"document", Doc("Aanvraag", '1')}, {"note", "intern: spoed"}})
              ->status == 201);
  REQUIRE(server
              .Post("acict", a + "/acict-selections",
                    {{"decision", "advise"}, {"reason", "intern: risicoselectie"}})
              ->status == 201);
  REQUIRE(server
              .Post("acict", a + "/acict-advices",
                    {{"document", Doc("Advies <AcICT> & co", '2')}, {"recommendations", {"Eén"}}})
              ->status == 201);
  REQUIRE(server
              .Post("cio", a + "/acict-reactions",
                    {{"document", Doc("Reactie", '3')}, {"summary", "Overgenomen"}})
              ->status == 201);
  return id;
}

TEST_CASE("the public records: without a token, only the parts the pack marks", "[http]") {
  LiveServer server;
  const std::string published = PublishedActivity(server);
  const std::string unpublished = AssessedActivity(server, [](json&) {});  // 2026.1 marks nothing
  httplib::Client anyone("127.0.0.1", server.port());
  auto r = anyone.Get("/api/v1/public/records");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const json items = json::parse(r->body)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["activityId"] == published);
  CHECK(items[0]["verdictSummary"]["recorded"] == "green");
  CHECK(items[0]["acictAdvice"]["document"]["sha256"] == std::string(64, '2'));
  CHECK(items[0]["acictReaction"]["summary"] == "Overgenomen");
  for (const char* secret :
       {"intern", "\"by\"", "t-", "dossier", "Aanvraag", unpublished.c_str()}) {
    INFO(secret);
    CHECK(r->body.find(secret) == std::string::npos);
  }
  CHECK(json::parse(anyone.Get("/api/v1/public/records?department=EZK")->body)["items"].empty());

  r = anyone.Get("/api/v1/public/records.atom?department=BZK");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("application/atom+xml", 0) == 0);
  CHECK_THAT(r->body, Catch::Contains("<id>urn:ictgate:activity:" + published + "</id>"));
  CHECK_THAT(r->body, Catch::Contains("Advies &lt;AcICT&gt; &amp; co"));
  CHECK_THAT(r->body, Catch::Contains("CIO-oordeel: groen"));
  CHECK(r->body.find("intern") == std::string::npos);
  CHECK(r->body.find(unpublished) == std::string::npos);
  CHECK(r->body.find("<AcICT>") == std::string::npos);
}

TEST_CASE("the public records refuse a malformed department and every write", "[http]") {
  LiveServer server;
  httplib::Client anyone("127.0.0.1", server.port());
  for (const char* path : {"/api/v1/public/records?department=bzk",
                           "/api/v1/public/records.atom?department=BZK%27--"}) {
    INFO(path);
    const auto r = anyone.Get(path);
    REQUIRE(r);
    CHECK(r->status == 400);
  }
  const auto post = anyone.Post("/api/v1/public/records", "{}", "application/json");
  REQUIRE(post);
  CHECK(post->status == 405);
}

}  // namespace
}  // namespace ictgate
