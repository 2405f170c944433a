// The CIO-oordeel as a document (app/oordeel.h), and `ictgate oordeel`
// printing it to PDF with Chromium, read back with pdftotext.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "app/oordeel.h"
#include "engine/pack_texts.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

// An activity assessed orange against a green advice (so with a
// justification), one condition and two recommendations, the first answered.
std::string Assessed(ServiceFixture& f, const std::string& title = "Test activity") {
  json input = NewActivityInput();
  input["title"] = title;
  input["dossier"] = ExampleDossier("green");
  const std::string id = f.service.Create(input, Owner(), "create").activity->id;
  f.Require(id, EventType::kSubmit, json::object(), Owner());
  f.Require(id, EventType::kAcceptIntake, json::object(), Cio());
  json assessment = app::CompleteAssessment(f.packs.Active(f.clock.Now()), ExampleDossier("green"));
  assessment["verdict"] = "orange";
  assessment["justification"] = "De exitstrategie is nog niet getoetst";
  assessment["conditions"] = {{{"text", "Exitstrategie vastgesteld"}, {"dueDate", "2027-03-01"}}};
  assessment["recommendations"] = {"Contracteer een tweede leverancier", "Rapporteer maandelijks"};
  f.Require(id, EventType::kRecordVerdict, assessment, Cio());
  f.Require(id, EventType::kRespondRecommendation,
            {{"recommendation", 1}, {"position", "partly_adopted"}, {"response", "Vanaf 2028"}},
            Owner());
  return id;
}

// As the API and the CLI print it: with the names of the people in its log.
std::string Document(ServiceFixture& f, const std::string& id) {
  auto log = *f.service.Events(id, Cio());
  f.service.actors().ResolveNames(log, app::kErasedActorDutch);
  const auto html = app::OordeelHtml(log, f.packs, f.clock.Now());
  REQUIRE(html);
  return *html;
}

// `text` without any white space: a hash the PDF wraps over lines is whole again.
std::string Unwrapped(std::string text) {
  text.erase(
      std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
      text.end());
  return text;
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "the CIO-oordeel: verdict, advice and deviation, areas, conditions, "
                 "recommendations with responses, pack and chain entry, in Dutch") {
  const std::string id = Assessed(*this);
  const std::string html = Document(*this, id);
  const auto log = *service.Events(id, Cio());
  const auto& verdict = log[3];
  REQUIRE(verdict.event.type == EventType::kRecordVerdict);
  const engine::PolicyPack& pack = packs.Active(clock.Now());

  CHECK_THAT(html, Catch::Contains("<html lang=\"nl\">"));
  CHECK_THAT(html, Catch::Contains(id + ": Test activity"));
  CHECK_THAT(html, Catch::Contains("<dt>Opdrachtgever</dt><dd>" + Owner().name + "</dd>"));
  CHECK_THAT(html, Catch::Contains("€ 10.000.000"));
  CHECK_THAT(html,
             Catch::Contains("Vastgesteld CIO-oordeel: <strong>Oranje (go onder voorwaarden)"));
  CHECK_THAT(html, Catch::Contains("Advies volgens het toetskader: Groen (go)"));
  CHECK_THAT(html, Catch::Contains("Motivering van de afwijking van het advies: De exitstrategie"));
  for (const engine::Area& area : pack.areas) {
    CHECK_THAT(html, Catch::Contains(engine::AreaTitle(pack, area.id, engine::Language::kDutch)));
  }
  CHECK_THAT(html, Catch::Contains("In orde"));
  CHECK_THAT(html, Catch::Contains("Exitstrategie vastgesteld</td><td>1 maart 2027</td><td>open"));
  CHECK_THAT(html, Catch::Contains("Contracteer een tweede leverancier<p>Reactie opdrachtgever: "
                                   "<strong>Deels overgenomen</strong> – Vanaf 2028"));
  CHECK_THAT(html, Catch::Contains("Rapporteer maandelijks<p>Reactie opdrachtgever: nog geen"));
  CHECK_THAT(html, Catch::Contains("versie " + pack.ref.version));
  CHECK_THAT(html, Catch::Contains(pack.ref.content_hash));
  CHECK_THAT(html, Catch::Contains("ketenpositie " + std::to_string(verdict.seq) +
                                   ", hash <span class=\"hash\">" + verdict.hash));
  CHECK_THAT(html, Catch::Contains("ketenpositie " + std::to_string(log.back().seq) +
                                   ", hash <span class=\"hash\">" + log.back().hash));
  CHECK(log.back().hash == store.Head().hash);

  // A later response shows in a later print.
  Require(id, EventType::kRespondRecommendation,
          {{"recommendation", 2}, {"position", "adopted"}, {"response", "Aan de stuurgroep"}},
          Owner());
  CHECK_THAT(Document(*this, id),
             Catch::Contains("<strong>Overgenomen</strong> – Aan de stuurgroep"));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir, "the CIO-oordeel escapes what people typed") {
  const std::string id = Assessed(*this, "<script>alert(1)</script> & co");
  const std::string html = Document(*this, id);
  CHECK_THAT(html, !Catch::Contains("<script>"));
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
  // Its only style is allowed by hash; nothing else runs or loads.
  CHECK_THAT(app::OordeelContentSecurityPolicy(),
             Catch::StartsWith("default-src 'none'; style-src 'sha256-"));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "no CIO-oordeel before a verdict, nor once a revision set it aside") {
  const std::string id = Create();
  CHECK_FALSE(app::OordeelHtml(*service.Events(id, Cio()), packs, clock.Now()));
  CHECK_FALSE(app::OordeelHtml({}, packs, clock.Now()));
  const std::string assessed = Create();
  Require(assessed, EventType::kSubmit, json::object(), Owner());
  Require(assessed, EventType::kAcceptIntake, json::object(), Cio());
  json red = app::CompleteAssessment(packs.Active(clock.Now()), ExampleDossier("green"));
  red["verdict"] = "red";
  red["justification"] = "De aanbesteding is niet haalbaar.";
  Require(assessed, EventType::kRecordVerdict, red, Cio());
  REQUIRE(app::OordeelHtml(*service.Events(assessed, Cio()), packs, clock.Now()));
  Require(assessed, EventType::kRevise, {{"note", "scope changed"}}, Owner());
  CHECK_FALSE(app::OordeelHtml(*service.Events(assessed, Cio()), packs, clock.Now()));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "a herijking keeps the CIO-oordeel it reconsiders, and the document says so") {
  const std::string id = Approved();
  const auto before = app::OordeelHtml(*service.Events(id, Cio()), packs, clock.Now());
  REQUIRE(before);
  CHECK_THAT(*before, Catch::Contains("<dt>Stand bij afdrukken</dt><dd>Goedgekeurd</dd>"));
  Require(id, EventType::kReportChange, {{"reasonCode", "setbacks"}, {"scopeChange", true}},
          Owner());
  const auto after = app::OordeelHtml(*service.Events(id, Cio()), packs, clock.Now());
  REQUIRE(after);
  CHECK_THAT(*after, Catch::Contains("<dt>Stand bij afdrukken</dt><dd>Herijking vereist</dd>"));
  CHECK_THAT(*after, Catch::Contains("Groen (go)"));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "ictgate oordeel --pdf: the PDF's text holds the verdict, the conditions and "
                 "the chain hash, and that hash verifies") {
  const std::string id = Assessed(*this);
  const std::string db = dir.File("service.db");
  const std::string pdf = dir.File("oordeel.pdf");
  std::string out;
  REQUIRE(RunCommand(std::string(ICTGATE_BINARY) + " oordeel " + id + " --pdf " + pdf + " --db " +
                         db + " 2>&1",
                     &out) == 0);
  CHECK_THAT(out, Catch::Contains("written to " + pdf));
  std::string text;
  REQUIRE(RunCommand("pdftotext -enc UTF-8 " + pdf + " -", &text) == 0);
  CHECK_THAT(text, Catch::Contains("CIO-oordeel"));
  CHECK_THAT(text, Catch::Contains("Oranje (go onder voorwaarden)"));
  CHECK_THAT(text, Catch::Contains("Exitstrategie vastgesteld"));
  CHECK_THAT(text, Catch::Contains("1 maart 2027"));
  CHECK_THAT(text, Catch::Contains("Deels overgenomen"));
  const store::ChainHead head = store.Head();
  CHECK_THAT(Unwrapped(text), Catch::Contains(head.hash));
  // The hash printed is the chain's head, and the chain up to it verifies.
  REQUIRE(RunCommand(std::string(ICTGATE_BINARY) + " audit verify --db " + db + " 2>&1", &out) ==
          0);
  CHECK_THAT(out, Catch::Contains(head.hash));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "ictgate oordeel: an unknown activity, one without a verdict and a missing "
                 "browser are each refused with a reason") {
  const std::string draft = Create();
  const std::string assessed = Assessed(*this);
  const std::string db = dir.File("service.db");
  const std::string cli = std::string(ICTGATE_BINARY) + " oordeel ";
  std::string out;
  CHECK(RunCommand(cli + "BZK-2026-9999 --db " + db + " 2>&1", &out) == 1);
  CHECK_THAT(out, Catch::Contains("no activity BZK-2026-9999"));
  CHECK(RunCommand(cli + draft + " --db " + db + " 2>&1", &out) == 1);
  CHECK_THAT(out, Catch::Contains("has no verdict in force to print"));
  const std::string pdf = dir.File("none.pdf");
  CHECK(RunCommand("ICTGATE_CHROMIUM=/nonexistent/chromium " + cli + assessed + " --pdf " + pdf +
                       " --db " + db + " 2>&1",
                   &out) == 1);
  CHECK_THAT(out, Catch::Contains("cannot start /nonexistent/chromium"));
  CHECK_FALSE(std::ifstream(pdf));
  // The HTML goes to stdout when no PDF is asked for.
  REQUIRE(RunCommand(cli + assessed + " --db " + db, &out) == 0);
  CHECK_THAT(out, Catch::StartsWith("<!doctype html>"));
}

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "the CIO-oordeel of an erased opdrachtgever names nobody, in Dutch") {
  const std::string id = Assessed(*this);
  CHECK_THAT(Document(*this, id),
             Catch::Contains("<dt>Opdrachtgever</dt><dd>" + Owner().name + "</dd>"));
  REQUIRE(service.actors().Erase(Owner().name, clock.Now()));
  const std::string html = Document(*this, id);
  CHECK_THAT(html, Catch::Contains("<dt>Opdrachtgever</dt><dd>verwijderde persoon</dd>"));
  CHECK(html.find(Owner().name) == std::string::npos);
}

}  // namespace
}  // namespace ictgate
