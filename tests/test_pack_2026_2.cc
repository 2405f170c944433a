// Pack rijksbrede-startvoorwaarden 2026.2: the corrections to 2026.1 (BIO2
// without basic security levels, a full DPIA only after a pre-scan finds a
// high risk, the ABRO 2026 in its own scope, the sources checked), and every
// rule marked a norm or a policy choice (docs/policy-packs.md "Basis").
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "engine/assessment.h"
#include "engine/pack_texts.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Basis;
using engine::Colour;
using nlohmann::json;

std::string PackText(const std::string& version) {
  std::ifstream in(std::string(ICTGATE_SOURCE_DIR) + "/policies/rijksbrede-startvoorwaarden/" +
                   version + ".json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const engine::PolicyPack& Pack(const std::string& version) {
  static std::map<std::string, engine::PolicyPack> packs;
  auto it = packs.find(version);
  if (it == packs.end()) {
    it = packs.emplace(version, app::LoadPackText(PackText(version)).value()).first;
  }
  return it->second;
}

json Dossier2026_2(const std::string& name) {
  return ExampleDossier("2026.2/" + name);
}

// The advisory verdict of a complete assessment (every area ok), and what
// decided it.
engine::Evaluation Judged(const engine::PolicyPack& pack, const json& dossier) {
  const json a = app::CompleteAssessment(pack, dossier);
  return engine::Assess(pack, dossier, a["findings"], a["areaScores"]);
}

bool FailedCriterion(const engine::Evaluation& e, const std::string& id) {
  const auto* c = e.Find(id);
  return c && c->result == engine::CriterionResult::kFailed;
}

TEST_CASE(
    "pack 2026.2: every criterion, area and parameter is a norm with a source or a choice "
    "with who made it") {
  const engine::PolicyPack& pack = Pack("2026.2");
  CHECK(pack.effective_from == engine::ParseDate("2027-01-01"));
  const auto well_founded = [](const Basis& b) {
    return b.kind == Basis::Kind::kNorm ? b.chosen_by.empty()
                                        : !b.chosen_by.empty() && !b.source.empty();
  };
  for (const auto& c : pack.criteria) {
    INFO(c.id);
    REQUIRE(c.basis);
    CHECK(well_founded(*c.basis));
    // A norm names its source: its own, or the criterion's.
    CHECK_FALSE((c.basis->source.empty() ? c.source : c.basis->source).empty());
  }
  int own_areas = 0;
  for (const auto& area : pack.areas) {
    INFO(area.id);
    REQUIRE(area.basis);
    CHECK(area.basis->kind == Basis::Kind::kPolicyChoice);
    CHECK(well_founded(*area.basis));
    if (area.basis->source.find("eigen toevoeging") != std::string::npos) ++own_areas;
  }
  // Nine after the AcICT's toetskader; security and archiving are the pack's own.
  CHECK(pack.areas.size() == 11);
  CHECK(own_areas == 2);
  for (const char* parameter :
       {"thresholdEur", "verdictValidityMonths", "reassessmentTriggers", "advisoryRules"}) {
    INFO(parameter);
    REQUIRE(pack.parameter_basis.count(parameter));
    CHECK(well_founded(pack.parameter_basis.at(parameter)));
  }
  // The threshold is the law's; the validity and the triggers have no public source.
  CHECK(pack.parameter_basis.at("thresholdEur").kind == Basis::Kind::kNorm);
  CHECK(pack.parameter_basis.at("thresholdEur").source.find("Wet Adviescollege ICT-toetsing") !=
        std::string::npos);
  CHECK(pack.parameter_basis.at("verdictValidityMonths").kind == Basis::Kind::kPolicyChoice);
  CHECK(pack.parameter_basis.at("reassessmentTriggers").kind == Basis::Kind::kPolicyChoice);
}

TEST_CASE("pack 2026.2: the corrected sources") {
  const engine::PolicyPack& pack = Pack("2026.2");
  const auto source_of = [&](const char* id) {
    const auto* c = pack.FindCriterion(id);
    REQUIRE(c);
    return c->source;
  };
  CHECK(source_of("acict-registration").find("art. 11") != std::string::npos);
  CHECK(source_of("acict-registration").find("Instellingsbesluit") == std::string::npos);
  CHECK(source_of("cloud-risk-assessment").find("26 643, nr. 904") != std::string::npos);
  CHECK(source_of("dpia").find("art. 35") != std::string::npos);
  CHECK(source_of("accessibility").find("Tijdelijk besluit digitale toegankelijkheid") !=
        std::string::npos);
  CHECK(source_of("abro-security-requirements").find("Stcrt. 2025, 39538") != std::string::npos);
  CHECK_FALSE(pack.FindCriterion("geopolitical-risk-analysis"));
  // Moties are followed as choices, not cited as norms.
  CHECK(pack.FindCriterion("exit-strategy")->basis->kind == Basis::Kind::kPolicyChoice);
}

TEST_CASE("pack 2026.2: a BIO2 dossier without a BBN is not red, where 2026.1 made it red") {
  // 2026.1's green dossier without its basic security level: 2026.1 fails
  // it on bio2-measures (a false red).
  json old_dossier = ExampleDossier("green");
  old_dossier.erase("bbnLevel");
  const engine::Evaluation before = Judged(Pack("2026.1"), old_dossier);
  CHECK(before.advisory == Colour::kRed);
  CHECK(FailedCriterion(before, "bio2-measures"));
  // Under 2026.2 the same dossier, in 2026.2's fields, is green.
  const json dossier = Dossier2026_2("green");
  CHECK_FALSE(dossier.contains("bbnLevel"));
  CHECK(engine::ValidateDossier(dossier, Pack("2026.2")).empty());
  CHECK(Judged(Pack("2026.2"), dossier).advisory == Colour::kGreen);
  // The field is gone: a dossier that still names it is refused.
  json with_bbn = dossier;
  with_bbn["bbnLevel"] = "BBN2";
  CHECK_FALSE(engine::ValidateDossier(with_bbn, Pack("2026.2")).empty());
  // And the BIO2 measures themselves still count.
  json without_measures = dossier;
  without_measures["bio2MeasuresApplied"] = false;
  CHECK(FailedCriterion(Judged(Pack("2026.2"), without_measures), "bio2-measures"));
}

TEST_CASE(
    "packs 2026.2 and 2026.3: the example dossiers give green, orange and red for the right "
    "reasons") {
  for (const std::string version : {"2026.2", "2026.3"}) {
    INFO(version);
    const engine::PolicyPack& pack = Pack(version);
    const auto dossier = [&](const char* name) { return ExampleDossier(version + "/" + name); };
    for (const char* name : {"green", "orange", "red"}) {
      INFO(name);
      CHECK(engine::ValidateDossier(dossier(name), pack).empty());
    }
    const engine::Evaluation green = Judged(pack, dossier("green"));
    CHECK(green.advisory == Colour::kGreen);
    CHECK(green.decided_by.empty());

    const engine::Evaluation orange = Judged(pack, dossier("orange"));
    CHECK(orange.advisory == Colour::kOrange);
    CHECK(orange.decided_by == std::vector<std::string>{"criterion:eu-alternatives-gap-analysis"});

    const engine::Evaluation red = Judged(pack, dossier("red"));
    CHECK(red.advisory == Colour::kRed);
    CHECK(red.decided_by == std::vector<std::string>{"criterion:dpia", "criterion:exit-strategy"});
  }
}

TEST_CASE(
    "pack 2026.3: the AcICT request is a rule of the track, a norm of Wet AcICT art. 11, not a "
    "dossier date") {
  const engine::PolicyPack& pack = Pack("2026.3");
  CHECK(pack.effective_from == engine::ParseDate("2027-07-01"));
  CHECK(pack.rules.acict_request_kinds == std::vector<std::string>{"project", "programme"});
  CHECK_FALSE(Pack("2026.3").rules.ciso_advice_required);
  CHECK(Pack("2026.2").rules.acict_request_kinds.empty());
  CHECK(Pack("2026.2").FindCriterion("acict-registration"));
  CHECK_FALSE(pack.FindCriterion("acict-registration"));
  const Basis& basis = pack.parameter_basis.at("acictAdvice");
  CHECK(basis.kind == Basis::Kind::kNorm);
  CHECK_THAT(basis.source, Catch::Contains("art. 11, eerste lid"));
  // A dossier without the date is not the worse for it under 2026.3.
  json dossier = ExampleDossier("2026.3/green");
  dossier.erase("acictRegistrationDate");
  CHECK(Judged(pack, dossier).advisory == Colour::kGreen);
  CHECK(Judged(Pack("2026.2"), dossier).advisory == Colour::kRed);
}

TEST_CASE("pack 2026.2: a full DPIA is required only when the pre-scan finds a high risk") {
  const engine::PolicyPack& pack = Pack("2026.2");
  json dossier = Dossier2026_2("green");
  dossier["dpiaCompleted"] = false;
  CHECK(Judged(pack, dossier).advisory == Colour::kRed);  // high risk, no DPIA
  dossier["dpiaPrescanHighRisk"] = false;
  CHECK(Judged(pack, dossier).advisory == Colour::kGreen);  // no high risk: no full DPIA
  dossier["dpiaPrescanDone"] = false;
  const engine::Evaluation no_prescan = Judged(pack, dossier);
  CHECK(no_prescan.advisory == Colour::kRed);
  CHECK(FailedCriterion(no_prescan, "dpia-prescan"));
  // No personal data: neither applies.
  dossier["processesPersonalData"] = false;
  CHECK(Judged(pack, dossier).advisory == Colour::kGreen);
}

TEST_CASE("pack 2026.2: the ABRO applies to contracts that touch national security") {
  const engine::PolicyPack& pack = Pack("2026.2");
  json dossier = Dossier2026_2("green");
  dossier["touchesNationalSecurity"] = true;
  const engine::Evaluation missing = Judged(pack, dossier);
  CHECK(missing.advisory == Colour::kRed);
  CHECK(FailedCriterion(missing, "abro-security-requirements"));
  dossier["abroRequirementsInContract"] = true;
  CHECK(Judged(pack, dossier).advisory == Colour::kGreen);
  // Left out, the flag makes the criterion apply, as every flag of the pack.
  dossier.erase("touchesNationalSecurity");
  dossier.erase("abroRequirementsInContract");
  CHECK(FailedCriterion(Judged(pack, dossier), "abro-security-requirements"));
}

TEST_CASE("pack 2026.2 is registered beside 2026.1 with its texts, and takes effect in 2027") {
  TempDir dir;
  store::SqliteStore store(dir.File("packs.db"));
  app::PolicyRegistry registry(store, kNow);
  const engine::PolicyPack* pack = registry.Find("rijksbrede-startvoorwaarden", "2026.2");
  REQUIRE(pack);
  REQUIRE(registry.Find("rijksbrede-startvoorwaarden", "2026.1"));
  CHECK(pack->texts.size() == 2);
  using engine::Language;
  CHECK(engine::CriterionTitle(*pack, "dpia-prescan", Language::kDutch) ==
        "Pre-scan DPIA bij verwerking van persoonsgegevens");
  for (const auto& c : pack->criteria) {
    INFO(c.id);
    CHECK(engine::CriterionTitle(*pack, c.id, Language::kEnglish) == c.title);
    CHECK(engine::CriterionRecommendation(*pack, c.id, Language::kDutch) != c.recommendation);
  }
  CHECK(registry.Active(At("2026-12-31T22:59:59Z")).ref.version == "2026.1");
  CHECK(registry.Active(At("2027-01-01T00:00:00Z")).ref.version == "2026.2");
}

TEST_CASE("what-if under 2026.2 names the criteria a 2026.1 dossier does not yet answer") {
  TempDir dir;
  store::SqliteStore store(dir.File("whatif.db"));
  engine::ManualClock clock(kNow);
  app::PolicyRegistry packs(store, kNow);
  app::Service service(store, clock, packs);
  json input = NewActivityInput();
  input["dossier"] = ExampleDossier("green");
  const auto r = service.Create(input, Owner(), "r");
  REQUIRE(r.status == app::WriteOutcome::Status::kOk);
  const auto report = service.WhatIf(*packs.Find("rijksbrede-startvoorwaarden", "2026.2"),
                                     {"a", engine::Role::kAuditor, "*"});
  CHECK(report.evaluated == 1);
  REQUIRE(report.changes.size() == 1);
  const auto& change = report.changes[0];
  CHECK(change.from.advisory == Colour::kGreen);
  CHECK(change.to.advisory == Colour::kRed);
  // No pre-scan DPIA and no word on national security in a 2026.1 dossier.
  CHECK(change.to.decided_by ==
        std::vector<std::string>{"criterion:dpia-prescan", "criterion:abro-security-requirements"});
  CHECK(change.from_pack.version == "2026.1");
}

TEST_CASE("packs: a basis must be a norm or a policy choice, and say its source or chooser") {
  json pack = json::parse(PackText("2026.2"));
  pack["version"] = "2099.1";
  pack["criteria"][0]["basis"] = {{"kind", "tradition"}};
  pack["areas"][0]["basis"] = {{"kind", "policy_choice"}};
  pack["parameterBasis"]["thresholdEur"] = {{"kind", "norm"}};
  pack["parameterBasis"]["colour"] = {{"kind", "norm"}, {"source", "x"}};
  pack["criteria"][1]["basis"] = {{"kind", "norm"}, {"chosenBy", "someone"}};
  const auto parsed = engine::ParsePolicyPack(pack);
  REQUIRE_FALSE(parsed.ok());
  std::set<std::string> paths;
  for (const auto& p : parsed.error()) paths.insert(p.field);
  CHECK(paths.count("/criteria/0/basis/kind"));
  CHECK(paths.count("/areas/0/basis/chosenBy"));
  CHECK(paths.count("/parameterBasis/thresholdEur/source"));
  CHECK(paths.count("/parameterBasis/colour"));
  CHECK(paths.count("/criteria/1/basis/chosenBy"));
  CHECK(parsed.error().size() == 5);
}

}  // namespace
}  // namespace ictgate
