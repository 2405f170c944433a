// GET /activities/{id}/verdict-document and POST .../recommendation-responses:
// the CIO-oordeel as the opdrachtgever receives it, and the answers to its
// recommendations.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

// An activity approved green with two recommendations, through the API.
std::string WithRecommendations(LiveServer& server) {
  return AssessedActivity(server, [](json& assessment) {
    assessment["recommendations"] = {"Contracteer een tweede leverancier",
                                     "Rapporteer maandelijks"};
  });
}

TEST_CASE("the opdrachtgever answers each recommendation once, and the document shows it",
          "[http]") {
  LiveServer server;
  const std::string id = WithRecommendations(server);
  const std::string responses = "/activities/" + id + "/recommendation-responses";
  const json gate = Body(server.Get("owner", "/activities/" + id + "/gate"));
  CHECK_THAT(gate["actions"].dump(), Catch::Contains("respond-recommendation"));

  auto r = server.Post("owner", responses,
                       {{"recommendation", 2}, {"position", "adopted"}, {"response", "Per maand"}});
  REQUIRE(r->status == 201);
  const json activity = Body(r)["activity"];
  CHECK(activity["verdict"]["responses"][0]["recommendation"] == 2);
  CHECK(activity["verdict"]["responses"][0]["position"] == "adopted");
  CHECK(activity["state"] == "approved");

  const auto head = server.store().Head();
  r = server.Post("owner", responses,
                  {{"recommendation", 2}, {"position", "not_adopted"}, {"response", "Toch niet"}},
                  {{"Accept-Language", "nl"}});
  CheckProblem(r, 409);
  CHECK(Body(r)["detail"] == "op aanbeveling 2 is al gereageerd");
  r = server.Post("owner", responses,
                  {{"recommendation", 3}, {"position", "adopted"}, {"response", "x"}},
                  {{"Accept-Language", "nl"}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "recommendation");
  CHECK(Body(r)["invalidParams"][0]["reason"] == "moet een getal van 1 tot en met 2 zijn");
  CheckProblem(server.Post("owner", responses,
                           {{"recommendation", 1}, {"position", "maybe"}, {"response", "x"}}),
               400);
  CheckProblem(server.Post("cio", responses,
                           {{"recommendation", 1}, {"position", "adopted"}, {"response", "x"}}),
               403);
  CHECK(server.store().Head().hash == head.hash);  // the refusals wrote nothing

  const auto document = server.Get("owner", "/activities/" + id + "/verdict-document");
  REQUIRE(document->status == 200);
  CHECK(document->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(document->get_header_value("Content-Language") == "nl");
  CHECK_THAT(document->get_header_value("Content-Security-Policy"),
             Catch::StartsWith("default-src 'none'"));
  CHECK_THAT(document->body, Catch::Contains("Groen (go)"));
  CHECK_THAT(document->body, Catch::Contains("<strong>Overgenomen</strong> – Per maand"));
  // The chain entry it names answers the same hash to an auditor.
  const std::string needle = "ketenpositie " + std::to_string(head.length) + ", hash";
  CHECK_THAT(document->body, Catch::Contains(needle));
  const json entry = Body(server.Get("auditor", "/audit/entries/" + std::to_string(head.length)));
  CHECK_THAT(document->body, Catch::Contains(entry["hash"].get<std::string>()));
}

TEST_CASE("the verdict document: none before a verdict, nobody else's, and not anonymously",
          "[http]") {
  LiveServer server;
  const std::string draft =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  auto r = server.Get("owner", "/activities/" + draft + "/verdict-document");
  CheckProblem(r, 409);
  const std::string id = WithRecommendations(server);
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/verdict-document"), 404);
  CheckProblem(server.Get("owner", "/activities/BZK-2026-9999/verdict-document"), 404);
  CheckProblem(server.client().Get(("/api/v1/activities/" + id + "/verdict-document").c_str()),
               401);
  CHECK(server.Get("finance", "/activities/" + id + "/verdict-document")->status == 200);
  CHECK(server.Get("auditor", "/activities/" + id + "/verdict-document")->status == 200);
}

}  // namespace
}  // namespace ictgate
