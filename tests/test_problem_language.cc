// Problem answers in the caller's language (api/problem_language.h):
// Accept-Language chooses Dutch or English; title and detail change, type,
// status and the machine-readable members do not.
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
  CHECK_FALSE(Body(invalid)["invalidParams"].empty());
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

}  // namespace
}  // namespace ictgate
