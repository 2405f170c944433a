// Answers in the caller's language: problem answers (api/problem_language.h)
// and the texts beside the codes in gate, eligibility and pack answers
// (engine/answer_texts.h, engine/pack_texts.h). Accept-Language chooses
// Dutch or English; the texts change, the codes and other members do not.
#include <catch2/catch.hpp>

#include "api/problem_language.h"
#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;

TEST_CASE("Accept-Language chooses Dutch only when it ranks Dutch first") {
  CHECK(api::PreferredLanguage("nl") == "nl");
  CHECK(api::PreferredLanguage("nl-NL,nl;q=0.9,en;q=0.8") == "nl");
  CHECK(api::PreferredLanguage("de, NL;q=0.5") == "nl");
  CHECK(api::PreferredLanguage("en-GB,nl;q=0.5") == "en");
  CHECK(api::PreferredLanguage("en;q=0.9, nl;q=0.9") == "en");  // a tie stays English
  CHECK(api::PreferredLanguage("nl;q=0") == "en");
  CHECK(api::PreferredLanguage("nl;q=x") == "en");
  CHECK(api::PreferredLanguage("*") == "en");
  CHECK(api::PreferredLanguage("fr") == "en");
  CHECK(api::PreferredLanguage("") == "en");
  CHECK(api::PreferredLanguage("nld") == "en");  // not a Dutch tag
}

TEST_CASE("the catalogue gives the Dutch form with the message's own values") {
  CHECK(api::DutchDetail("no activity BZK-2026-0009") ==
        "er is geen activiteit BZK-2026-0009 (of u mag die niet zien)");
  CHECK(api::DutchDetail("'grant-funding' is not allowed in state 'submitted'") ==
        "'grant-funding' kan niet in de status 'submitted'");
  CHECK(api::DutchDetail("POST /activities is for the roles owner") ==
        "POST /activities is alleen voor de rollen owner");
  CHECK(api::DutchDetail("role 'finance' may not create activities") ==
        "de rol 'finance' mag geen activiteiten registreren");
  CHECK(
      api::DutchDetail("'grant-funding' is blocked: VERDICT_EXPIRED: the verdict was valid until "
                       "2027-06-01") ==
      "'grant-funding' is geblokkeerd: VERDICT_EXPIRED: het CIO-oordeel was geldig tot 2027-06-01");
  CHECK(api::DutchDetail("'submit' is blocked: something new") ==
        "'submit' is geblokkeerd: something new");
  CHECK(api::DutchDetail("must be between 0 and 100") == "moet tussen 0 en 100 liggen");
  CHECK(api::DutchDetail("is required: the verdict differs from the advisory verdict (orange)") ==
        "is verplicht: het oordeel wijkt af van het advies (orange)");
  // The AcICT track's refusals and the public feed's.
  CHECK(api::DutchDetail("the AcICT's advice was requested already, on 2027-08-01T10:00:00.000Z") ==
        "het advies van het AcICT is al aangevraagd, op 2027-08-01T10:00:00.000Z");
  CHECK(api::DutchDetail("recommendation 2 was closed as implemented") ==
        "aanbeveling 2 is afgesloten als implemented");
  CHECK(api::DutchDetail("under rijksbrede-startvoorwaarden 2026.9 the opdrachtgever submits; "
                         "the project lead prepares") ==
        "onder rijksbrede-startvoorwaarden 2026.9 dient de opdrachtgever in; de projectleider "
        "bereidt voor");
  CHECK(api::DutchDetail("must match ^[0-9a-f]{64}$") ==
        "moet voldoen aan het patroon ^[0-9a-f]{64}$");
  CHECK(api::DutchDetail("department must be 2 to 10 capital letters") ==
        "department moet 2 tot 10 hoofdletters zijn");
  CHECK_FALSE(api::DutchDetail("something the catalogue never heard of"));
  CHECK(std::string(api::DutchStatusTitle(404)) == "Niet gevonden");
  CHECK(std::string(api::DutchStatusTitle(418)) == "Fout");
}

struct Asked {
  LiveServer server;
  httplib::Result Get(const std::string& path, const std::string& lang,
                      const std::string& who = "auditor") {
    return Recorded("GET", "/api/v1" + path,
                    server.client().Get(("/api/v1" + path).c_str(),
                                        server.As(who, {{"Accept-Language", lang}})));
  }
};

TEST_CASE("a problem is answered in Dutch when asked, with the same type and status",
          "[http][language]") {
  Asked a;
  const auto en = a.Get("/activities/BZK-2099-0001", "");
  const auto nl = a.Get("/activities/BZK-2099-0001", "nl-NL,nl;q=0.9");
  CheckProblem(en, 404);
  CheckProblem(nl, 404);
  CHECK(en->get_header_value("Content-Language") == "en");
  CHECK(nl->get_header_value("Content-Language") == "nl");
  CHECK(nl->get_header_value("Vary") == "Accept-Language");
  CHECK(Body(en)["title"] == "Not Found");
  CHECK(Body(en)["detail"] == "no activity BZK-2099-0001");
  CHECK(Body(nl)["title"] == "Niet gevonden");
  CHECK(Body(nl)["detail"] == "er is geen activiteit BZK-2099-0001 (of u mag die niet zien)");
  CHECK(Body(nl)["type"] == Body(en)["type"]);
  CHECK(Body(nl)["status"] == Body(en)["status"]);
}

TEST_CASE("refusals keep their machine-readable members in Dutch", "[http][language]") {
  Asked a;
  const std::string id =
      Body(a.server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  const auto early = a.server.Post("finance", "/activities/" + id + "/funding-decisions",
                                   {{"amountEur", 1000}}, {{"Accept-Language", "nl"}});
  CheckProblem(early, 409);
  CHECK(Body(early)["title"] == "Conflict met de huidige status");
  CHECK(Body(early)["detail"] == "'grant-funding' kan niet in de status 'draft'");
  CHECK(Body(early)["allowedEvents"].is_array());
  const auto invalid =
      a.server.Post("owner", "/activities", {{"title", 7}}, {{"Accept-Language", "nl"}});
  CheckProblem(invalid, 400);
  CHECK(Body(invalid)["title"] == "Onjuist verzoek");
  CHECK(Body(invalid)["detail"].get<std::string>().rfind(
            "de inhoud van het verzoek past niet bij het contract van de API", 0) == 0);
  REQUIRE_FALSE(Body(invalid)["invalidParams"].empty());
  int title_entries = 0;
  const json invalid_body = Body(invalid);
  for (const auto& entry : invalid_body["invalidParams"]) {
    if (entry["name"] != "title") continue;  // names stay as they are
    ++title_entries;
    CHECK(entry["reason"] == "moet een tekst zijn");
  }
  CHECK(title_entries == 1);
  // What blocks a step, each reason in Dutch.
  json lacking = NewActivityInput();
  lacking["dossier"].erase("businessCase");
  const std::string draft = Body(a.server.Post("owner", "/activities", lacking))["activity"]["id"];
  REQUIRE(a.server.Post("owner", "/activities/" + draft + "/submissions", json::object())->status ==
          201);
  const auto blocked = a.server.Post("cio", "/activities/" + draft + "/intake-decisions",
                                     {{"decision", "accept"}}, {{"Accept-Language", "nl"}});
  CheckProblem(blocked, 409);
  CHECK(Body(blocked)["detail"] ==
        "'accept-intake' is geblokkeerd: het dossier mist 'businessCase'");
  REQUIRE(Body(blocked)["blockedBy"].size() == 1);
  CHECK(Body(blocked)["blockedBy"][0]["reason"] == "het dossier mist 'businessCase'");
  // Without a token, and on a path the library answers itself.
  const auto anonymous = a.server.client().Get("/api/v1/activities", {{"Accept-Language", "nl"}});
  CheckProblem(anonymous, 401);
  CHECK(Body(anonymous)["detail"] == "log in, of stuur een geldig token mee");
  const auto nowhere = a.server.client().Get("/api/v1/nowhere", {{"Accept-Language", "nl"}});
  CheckProblem(nowhere, 404);
  CHECK(Body(nowhere)["title"] == "Niet gevonden");
  // Answers that are no problem are left alone.
  const auto fine = a.Get("/activities/" + id, "nl");
  CHECK(fine->status == 200);
  CHECK_FALSE(fine->has_header("Content-Language"));
}

TEST_CASE("gate and eligibility answers carry texts beside their codes, in Dutch when asked",
          "[http][language]") {
  Asked a;
  json input = NewActivityInput();
  input["dossier"].erase("planning");
  const std::string id = Body(a.server.Post("owner", "/activities", input))["activity"]["id"];
  const auto en = a.Get("/activities/" + id + "/gate", "en");
  const auto nl = a.Get("/activities/" + id + "/gate", "nl-NL,nl;q=0.9,en;q=0.8");
  REQUIRE(en->status == 200);
  REQUIRE(nl->status == 200);
  CHECK(en->get_header_value("Content-Language") == "en");
  CHECK(nl->get_header_value("Content-Language") == "nl");
  CHECK(nl->get_header_value("Vary").find("Accept-Language") != std::string::npos);
  const json gate_en = Body(en);
  const json gate_nl = Body(nl);
  CHECK(gate_nl["blockers"][0]["code"] == "NOT_SUBMITTED");
  CHECK(gate_nl["blockers"][0]["message"] ==
        "De opdrachtgever heeft de activiteit nog niet ingediend.");
  CHECK(gate_en["blockers"][0]["message"] == "The owner has not submitted the activity.");
  CHECK(gate_nl["blockers"][1]["subject"] == "planning");
  CHECK(gate_nl["blockers"][1]["message"] == "Het dossier mist: Planning.");
  REQUIRE(gate_nl["unmetCriteria"].size() == gate_en["unmetCriteria"].size());
  REQUIRE_FALSE(gate_nl["unmetCriteria"].empty());
  CHECK(gate_nl["unmetCriteria"][0]["id"] == "acict-registration");
  CHECK(gate_nl["unmetCriteria"][0]["title"] ==
        "Activiteit vóór de start gemeld bij het Adviescollege ICT-toetsing (AcICT)");
  CHECK(gate_en["unmetCriteria"][0]["title"] ==
        "Activity reported to the Adviescollege ICT-toetsing (AcICT) before start");
  CHECK(gate_nl["state"] == gate_en["state"]);

  for (const std::string& path :
       {"/activities/" + id + "/eligibility", "/activities/" + id + "/eligibility?at=2026-12-31"}) {
    INFO(path);
    const json el_nl = Body(a.Get(path, "nl"));
    const json el_en = Body(a.Get(path, ""));
    CHECK(el_nl["reasons"] == json::array({"NO_VERDICT"}));
    CHECK(el_nl["reasonDetails"] ==
          json::array({{{"code", "NO_VERDICT"}, {"text", "Er is nog geen CIO-oordeel."}}}));
    CHECK(el_en["reasonDetails"][0]["text"] == "There is no CIO verdict yet.");
  }
  const auto page = a.Get("/eligibility?department=BZK", "nl");
  REQUIRE(page->status == 200);
  CHECK(page->get_header_value("Content-Language") == "nl");
  CHECK(Body(page)["items"][0]["reasonDetails"][0]["text"] == "Er is nog geen CIO-oordeel.");
}

TEST_CASE("a policy pack is served with its texts in the caller's language, its hash unchanged",
          "[http][language]") {
  Asked a;
  const std::string path = "/policy-packs/rijksbrede-startvoorwaarden/versions/2026.1";
  const auto nl = a.Get(path, "nl");
  const auto en = a.Get(path, "en");
  REQUIRE(nl->status == 200);
  CHECK(nl->get_header_value("Content-Language") == "nl");
  const json pack_nl = Body(nl);
  const json pack_en = Body(en);
  CHECK(pack_nl["contentHash"] == pack_en["contentHash"]);
  CHECK(pack_nl["dossierFields"]["acictRegistrationDate"]["label"] == "Datum melding AcICT");
  CHECK(pack_en["dossierFields"]["acictRegistrationDate"]["label"] == "AcICT reporting date");
  CHECK(pack_nl["criteria"][1]["title"] == "Business case aanwezig");
  CHECK(pack_en["criteria"][1]["title"] == "Business case present");
  CHECK(pack_nl["criteria"][1]["check"] == pack_en["criteria"][1]["check"]);
  CHECK(pack_en["areas"][0]["title"] == "Business case and funding");
  const json list = Body(a.Get("/policy-packs", "en"));
  CHECK(list["items"][0]["title"] == "Government-wide start conditions for large ICT activities");
  CHECK(list["items"][0]["textLanguages"] == json::array({"en", "nl"}));
  CHECK(Body(a.Get("/policy-packs", "nl"))["items"][0]["title"] ==
        "Rijksbrede startvoorwaarden grote ICT-activiteiten");
}

}  // namespace
}  // namespace ictgate
