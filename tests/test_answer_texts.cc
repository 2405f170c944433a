// A pack's texts in Dutch and English (engine/pack_texts.h), and the texts
// beside the codes in the gate and eligibility answers
// (engine/answer_texts.h): a texts document must fit its pack exactly, and
// an answer put in Dutch afterwards is the answer rendered in Dutch.
#include <catch2/catch.hpp>

#include "engine/answer_texts.h"
#include "engine/answers.h"
#include "engine/pack_texts.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Language;
using nlohmann::json;

json TestPackTexts() {
  const auto language = [](const char* prefix) {
    return json{
        {"title", std::string(prefix) + " testpakket"},
        {"areas", {{"a1", std::string(prefix) + " A1"}, {"a2", "A2"}, {"a3", "A3"}}},
        {"dossierFields",
         {{"businessCase",
           {{"label", std::string(prefix) + " Business case"}, {"description", "bc"}}},
          {"planning", {{"label", "Planning"}, {"description", "planning"}}},
          {"architectureSketch", {{"label", "Architectuurschets"}, {"description", "schets"}}},
          {"personalData", {{"label", "Persoonsgegevens"}, {"description", "pg"}}},
          {"dpiaDone", {{"label", "DPIA"}, {"description", "dpia"}}},
          {"openStandards", {{"label", "Open standaarden"}, {"description", "os"}}}}},
        {"criteria",
         {{"dpia",
           {{"title", std::string(prefix) + " DPIA uitgevoerd"},
            {"recommendation", "Voer een DPIA uit"}}},
          {"open-standards", {{"title", "Open standaarden"}, {"recommendation", "Pas ze toe"}}},
          {"planning-realism",
           {{"title", "Realistische planning"}, {"recommendation", "Plan opnieuw"}}}}}};
  };
  return {{"pack", "test-pack"}, {"version", "2026.1"}, {"texts", {{"nl", language("NL")}}}};
}

engine::PolicyPack WithTexts() {
  engine::PolicyPack pack = TestPack();
  pack.texts = engine::ParsePackTexts(TestPackTexts(), pack).value();
  return pack;
}

bool HasProblem(const std::vector<engine::Problem>& problems, const std::string& path,
                const std::string& words) {
  for (const auto& p : problems) {
    if (p.field == path && p.message.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE(
    "pack texts: a document that fits its pack gives each text, with the pack's own besides") {
  const engine::PolicyPack pack = WithTexts();
  CHECK(engine::PackTitle(pack, Language::kDutch) == "NL testpakket");
  CHECK(engine::AreaTitle(pack, "a1", Language::kDutch) == "NL A1");
  CHECK(engine::FieldLabel(pack, "businessCase", Language::kDutch) == "NL Business case");
  CHECK(engine::CriterionTitle(pack, "dpia", Language::kDutch) == "NL DPIA uitgevoerd");
  CHECK(engine::CriterionRecommendation(pack, "dpia", Language::kDutch) == "Voer een DPIA uit");
  // No English texts given: the pack's own, and the field's name as label.
  CHECK(engine::PackTitle(pack, Language::kEnglish) == "Test pack");
  CHECK(engine::CriterionTitle(pack, "dpia", Language::kEnglish) == "DPIA");
  CHECK(engine::FieldLabel(pack, "businessCase", Language::kEnglish) == "businessCase");
  CHECK(engine::CriterionTitle(pack, "no-such", Language::kDutch) == "no-such");

  const json nl = engine::LocalisedPackDocument(pack, Language::kDutch);
  CHECK(nl["title"] == "NL testpakket");
  CHECK(nl["areas"][0]["title"] == "NL A1");
  CHECK(nl["dossierFields"]["businessCase"]["label"] == "NL Business case");
  CHECK(nl["criteria"][0]["title"] == "NL DPIA uitgevoerd");
  CHECK(nl["criteria"][0]["check"] == pack.document["criteria"][0]["check"]);  // rules untouched
  CHECK(engine::LocalisedPackDocument(pack, Language::kEnglish) == pack.document);
}

TEST_CASE("pack texts: every id missing, unknown or empty is a problem at its path") {
  const engine::PolicyPack& pack = TestPack();
  json doc = TestPackTexts();
  json& nl = doc["texts"]["nl"];
  nl["criteria"].erase("dpia");
  nl["areas"]["a9"] = "Nergens";
  nl["dossierFields"]["planning"]["label"] = "";
  nl["extra"] = 1;
  doc["texts"]["de"] = nl;
  const auto parsed = engine::ParsePackTexts(doc, pack);
  REQUIRE_FALSE(parsed.ok());
  const auto& problems = parsed.error();
  CHECK(HasProblem(problems, "/texts/nl/criteria/dpia", "is missing"));
  CHECK(HasProblem(problems, "/texts/nl/areas/a9", "names no area of the pack"));
  CHECK(HasProblem(problems, "/texts/nl/dossierFields/planning/label", "non-empty string"));
  CHECK(HasProblem(problems, "/texts/nl/extra", "is not a member"));
  CHECK(HasProblem(problems, "/texts/de", "is not a language"));

  json other = TestPackTexts();
  other["version"] = "2027.1";
  CHECK(HasProblem(engine::ParsePackTexts(other, pack).error(), "",
                   "must name pack test-pack 2026.1"));
  other = TestPackTexts();
  other["texts"] = json::object();
  CHECK(HasProblem(engine::ParsePackTexts(other, pack).error(), "/texts", "object of languages"));
  CHECK_FALSE(engine::ParsePackTexts(json::array(), pack).ok());
}

TEST_CASE("answer texts: blockers and reasons read as sentences, in either language") {
  const engine::PolicyPack pack = WithTexts();
  using engine::Blocker;
  CHECK(engine::LongDate(D("2026-12-01"), Language::kDutch) == "1 december 2026");
  CHECK(engine::LongDate(D("2027-03-15"), Language::kEnglish) == "15 March 2027");
  CHECK(engine::BlockerText(Blocker("MISSING_DOCUMENTS", "businessCase"), pack, Language::kDutch) ==
        "Het dossier mist: NL Business case.");
  CHECK(engine::BlockerText(Blocker("MISSING_DOCUMENTS", "planning"), pack, Language::kEnglish) ==
        "The dossier lacks: planning.");
  const Blocker one("CONDITIONS_OPEN", "", std::nullopt, 1);
  const Blocker two("CONDITIONS_OPEN", "", std::nullopt, 2);
  CHECK(engine::BlockerText(one, pack, Language::kDutch) == "Er staat nog 1 voorwaarde open.");
  CHECK(engine::BlockerText(two, pack, Language::kDutch) == "Er staan nog 2 voorwaarden open.");
  CHECK(engine::BlockerText(one, pack, Language::kEnglish) == "1 condition is still open.");
  CHECK(engine::BlockerText(two, pack, Language::kEnglish) == "2 conditions are still open.");
  CHECK(engine::BlockerText(Blocker("CONDITIONS_OVERDUE", "C1", D("2027-03-01")), pack,
                            Language::kDutch) ==
        "Voorwaarde C1 had op 1 maart 2027 vervuld moeten zijn.");
  CHECK(engine::BlockerText(Blocker("VERDICT_EXPIRED", "", D("2027-06-01")), pack,
                            Language::kEnglish) == "The CIO verdict was valid until 1 June 2027.");
  CHECK(engine::BlockerText(Blocker("VERDICT_RED"), pack, Language::kDutch) ==
        "Het CIO-oordeel is rood (no-go).");
  CHECK(engine::BlockerText(Blocker("SOMETHING_NEW"), pack, Language::kDutch) == "SOMETHING_NEW");
  // A date on a code whose sentence has none does not borrow another's.
  CHECK(engine::BlockerText(Blocker("SOMETHING_NEW", "", D("2027-06-01")), pack,
                            Language::kDutch) == "SOMETHING_NEW");
  CHECK(engine::ReasonText("VERDICT_EXPIRED", Language::kDutch) == "Het CIO-oordeel is verlopen.");
  CHECK(engine::ReasonDetails({"NO_VERDICT"}, Language::kEnglish) ==
        json::array({{{"code", "NO_VERDICT"}, {"text", "There is no CIO verdict yet."}}}));
}

TEST_CASE("answer texts: a kept English answer put in Dutch is the answer rendered in Dutch") {
  const engine::PolicyPack pack = WithTexts();
  engine::Activity draft = ActivityIn(engine::State::kDraft);
  draft.dossier.erase("planning");
  draft.dossier["personalData"] = true;  // the DPIA criterion applies and fails
  engine::Activity conditional = ActivityIn(engine::State::kConditionallyApproved);
  const engine::Instant late = At("2027-04-01T00:00:00Z");  // C1 overdue
  for (const auto& [a, at] : {std::pair{draft, kNow}, std::pair{conditional, late}}) {
    INFO(engine::StateName(a.state));
    const engine::GateView g = engine::ViewGate(a, pack, at, Owner());
    json gate = engine::GateJson(a, g, pack, at);
    const json dutch = engine::GateJson(a, g, pack, at, Language::kDutch);
    CHECK(gate != dutch);
    engine::LocaliseAnswer(gate, &pack, Language::kDutch);
    CHECK(gate == dutch);
    const engine::Eligibility e = engine::EligibilityAt(a, at);
    json eligibility = engine::EligibilityJson(a, e, at);
    engine::LocaliseAnswer(eligibility, &pack, Language::kDutch);
    CHECK(eligibility == engine::EligibilityJson(a, e, at, Language::kDutch));
    CHECK(eligibility["reasons"] == json(e.reasons));  // the codes stay
  }
  const json dutch_draft = engine::GateJson(draft, engine::ViewGate(draft, pack, kNow, Owner()),
                                            pack, kNow, Language::kDutch);
  CHECK(dutch_draft["unmetCriteria"][0]["title"] == "NL DPIA uitgevoerd");
  CHECK(dutch_draft["blockers"].dump().find("Het dossier mist: Planning.") != std::string::npos);
}

}  // namespace
}  // namespace ictgate
