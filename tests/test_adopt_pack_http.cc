// POST /activities/{id}/pack-adoptions: an approved activity under 2026.1
// moves to 2026.2 through the API, what its gate then asks, the refusals,
// and a record that still verifies and replays. With it, the herijking's
// rules of step 10 through the API: the funding cap and several reasons.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

const json kAdoption = {{"version", "2026.2"},
                        {"reason", "BIO2 heeft geen basisbeveiligingsniveaus meer"}};

std::string Path(const std::string& id) {
  return "/activities/" + id + "/pack-adoptions";
}

TEST_CASE(
    "an approved activity adopts pack 2026.2: its gate is judged under it, its verdict "
    "stands, and the record verifies",
    "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const json before = Body(server.Get("cio", "/activities/" + id));
  REQUIRE(before["pack"]["version"] == "2026.1");

  const auto r = server.Post("cio", Path(id), kAdoption);
  REQUIRE(r->status == 201);
  const json b = Body(r);
  CHECK(b["event"]["type"] == "adopt-pack");
  CHECK(b["activity"]["state"] == "approved");
  CHECK(b["activity"]["pack"]["version"] == "2026.2");
  CHECK(b["activity"]["verdict"]["recorded"] == before["verdict"]["recorded"]);
  CHECK(b["activity"]["verdict"]["validUntil"] == before["verdict"]["validUntil"]);
  // 2026.1's dossier names a basic security level and "vital digital
  // infrastructure"; 2026.2 has neither.
  CHECK(b["event"]["derived"]["droppedFields"] == json{"bbnLevel", "vitalDigitalInfrastructure"});
  CHECK_FALSE(b["activity"]["dossier"].contains("bbnLevel"));

  // The gate now asks what 2026.2 asks and the old dossier does not answer.
  const json gate = Body(server.Get("owner", "/activities/" + id + "/gate"));
  std::set<std::string> unmet;
  for (const json& c : gate["unmetCriteria"]) unmet.insert(c["id"].get<std::string>());
  CHECK(unmet.count("dpia-prescan"));
  CHECK(unmet.count("abro-security-requirements"));
  CHECK_FALSE(unmet.count("bio2-measures"));  // the false red of 2026.1 is gone

  // Still eligible: the verdict it was given stands.
  CHECK(Body(server.Get("finance", "/activities/" + id + "/eligibility"))["eligible"] == true);

  const json verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK(verification["ok"] == true);
  CHECK(verification["replay"]["mismatches"].empty());
}

TEST_CASE(
    "under 2026.2 a grant 20 % or more past the assessed cost is refused as a herijking, "
    "in Dutch too",
    "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);  // assessed at EUR 10 million
  REQUIRE(server.Post("cio", Path(id), kAdoption)->status == 201);
  const std::string funding = "/activities/" + id + "/funding-decisions";
  const auto head = server.store().Head();
  auto r = server.Post("finance", funding, {{"amountEur", 50'000'000}, {"reference", "FEZ-9"}});
  CheckProblem(r, 409);
  CHECK(Body(r)["blockedBy"][0]["reason"].get<std::string>().rfind("FUNDING_PAST_ASSESSED_COST",
                                                                   0) == 0);
  r = server.Post("finance", funding, {{"amountEur", 50'000'000}}, {{"Accept-Language", "nl"}});
  CheckProblem(r, 409);
  CHECK_THAT(Body(r)["blockedBy"][0]["reason"].get<std::string>(),
             Catch::Contains("meld eerst de wijziging (herijking)"));
  CHECK(server.store().Head().length == head.length);  // nothing recorded
  // A tranche within the assessed cost is granted.
  CHECK(server.Post("finance", funding, {{"amountEur", 9'000'000}})->status == 201);
  CheckProblem(server.Post("finance", funding, {{"amountEur", 3'000'000}}), 409);  // 12 million
}

TEST_CASE("pack adoptions are refused for the wrong role, department, version or state", "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const auto head = server.store().Head();
  CheckProblem(server.Post("owner", Path(id), kAdoption), 403);
  CheckProblem(server.Post("cio-EZK", Path(id), kAdoption), 404);
  auto r = server.Post("cio", Path(id), {{"version", "2031.1"}, {"reason", "x"}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "version");
  // Not newer than the pack it is under: a conflict with its state of affairs.
  CheckProblem(server.Post("cio", Path(id), {{"version", "2026.1"}, {"reason", "x"}}), 409);
  CheckProblem(server.Post("cio", Path(id), {{"version", "2026.2"}}), 400);
  CheckProblem(server.Post("cio", Path(id), {{"version", 2026.2}, {"reason", "x"}}), 400);
  // A draft is judged under the pack in force when it is submitted.
  const std::string draft =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const auto draft_head = server.store().Head();
  r = server.Post("cio", Path(draft), kAdoption);
  CheckProblem(r, 409);
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::Contains("when it is submitted"));
  // In Dutch, as the CIO office reads it in the dashboard.
  r = server.Post("cio", Path(draft), kAdoption, {{"Accept-Language", "nl"}});
  CheckProblem(r, 409);
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::Contains("wanneer zij wordt ingediend"));
  r = server.Post("cio", Path(id), {{"version", "2031.1"}, {"reason", "x"}},
                  {{"Accept-Language", "nl"}});
  CHECK(Body(r)["invalidParams"][0]["reason"] ==
        "versie '2031.1' van pakket rijksbrede-startvoorwaarden is niet geregistreerd");
  r = server.Post("cio", Path(id), {{"version", "2026.1"}, {"reason", "x"}},
                  {{"Accept-Language", "nl"}});
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::Contains("nieuwere versie"));
  // Nothing was written by any refusal.
  CHECK(server.store().Head().length == draft_head.length);
  CHECK(draft_head.length == head.length + 1);  // the draft's registration only
}

TEST_CASE("a herijking with several reason codes through the API, refusals in Dutch", "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const std::string changes = "/activities/" + id + "/changes";
  const auto nl = httplib::Headers{{"Accept-Language", "nl"}};
  const auto head = server.store().Head();
  auto r = server.Post("owner", changes, {{"reasonCodes", json::array()}}, nl);
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "reasonCodes");
  r = server.Post("owner", changes,
                  {{"reasonCode", "setbacks"}, {"reasonCodes", {"price-development"}}}, nl);
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["reason"] == "geef reasonCode of reasonCodes, niet beide");
  r = server.Post("owner", changes, {{"reasonCodes", {"setbacks", "setbacks"}}}, nl);
  CheckProblem(r, 400);
  CHECK_THAT(Body(r)["invalidParams"][0]["reason"].get<std::string>(),
             Catch::StartsWith("moet een lijst van verschillende waarden zijn"));
  CHECK(server.store().Head().length == head.length);

  r = server.Post("owner", changes,
                  {{"reasonCodes", {"setbacks", "price-development"}}, {"newCostEur", 12'500'000}});
  REQUIRE(r->status == 201);
  const json activity = Body(r)["activity"];
  CHECK(activity["state"] == "reassessment_required");  // 25 %: material
  CHECK(activity["estimates"][1]["reasonCodes"] == json{"setbacks", "price-development"});
  CHECK(Body(server.Get("auditor", "/audit/verification"))["ok"] == true);
}

}  // namespace
}  // namespace ictgate
