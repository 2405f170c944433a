// Policy packs: parsing and validation, the advisory verdict rules, pack
// immutability, the default pack and its example dossiers, what-if.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "engine/assessment.h"
#include "engine/gate.h"
#include "engine/pack_texts.h"
#include "engine/what_if.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Colour;
using nlohmann::json;

json Scores(const char* a1, const char* a2, const char* a3) {
  return {{"a1", a1}, {"a2", a2}, {"a3", a3}};
}
const json kMetFinding = {
    {{"criterion", "planning-realism"}, {"result", "met"}, {"note", "realistic"}}};

engine::Evaluation AssessTest(json dossier, json scores, json findings = kMetFinding) {
  return engine::Assess(TestPack(), dossier, findings, scores);
}

TEST_CASE("advisory: all met and all areas ok is green") {
  const auto e = AssessTest(FullDossier(), Scores("ok", "ok", "ok"));
  CHECK(e.advisory == Colour::kGreen);
  CHECK(e.decided_by.empty());
}

TEST_CASE("advisory: a failed mandatory criterion is red, whatever else") {
  json dossier = FullDossier();
  dossier["personalData"] = true;  // DPIA applies, dpiaDone absent
  const auto e = AssessTest(dossier, Scores("ok", "ok", "ok"));
  CHECK(e.advisory == Colour::kRed);
  CHECK(e.decided_by == std::vector<std::string>{"criterion:dpia"});
  CHECK(e.Find("dpia")->result == engine::CriterionResult::kFailed);
  dossier["dpiaDone"] = true;
  CHECK(AssessTest(dossier, Scores("ok", "ok", "ok")).advisory == Colour::kGreen);
}

TEST_CASE("advisory: N areas at risk is red, one fewer is orange") {
  auto e = AssessTest(FullDossier(), Scores("risk", "risk", "ok"));  // the pack's N is 2
  CHECK(e.advisory == Colour::kRed);
  CHECK(e.decided_by == std::vector<std::string>{"area:a1", "area:a2"});
  e = AssessTest(FullDossier(), Scores("risk", "ok", "ok"));
  CHECK(e.advisory == Colour::kOrange);
  CHECK(e.decided_by == std::vector<std::string>{"area:a1"});
}

TEST_CASE("advisory: an area needing attention is orange") {
  const auto e = AssessTest(FullDossier(), Scores("ok", "attention", "ok"));
  CHECK(e.advisory == Colour::kOrange);
  CHECK(e.decided_by == std::vector<std::string>{"area:a2"});
}

TEST_CASE("advisory: comply-or-explain failed without explanation is orange, explained is not") {
  json dossier = FullDossier();
  dossier["openStandards"] = false;
  auto e = AssessTest(dossier, Scores("ok", "ok", "ok"));
  CHECK(e.advisory == Colour::kOrange);
  CHECK(e.decided_by == std::vector<std::string>{"criterion:open-standards"});
  dossier["explanations"] = {{"open-standards", "the sector standard is not yet on the list"}};
  e = AssessTest(dossier, Scores("ok", "ok", "ok"));
  CHECK(e.Find("open-standards")->result == engine::CriterionResult::kExplained);
  CHECK(e.advisory == Colour::kGreen);
  dossier["explanations"]["open-standards"] = "";
  CHECK(AssessTest(dossier, Scores("ok", "ok", "ok")).advisory == Colour::kOrange);
}

TEST_CASE("advisory: a failed assessed criterion is orange") {
  const json failed = {
      {{"criterion", "planning-realism"}, {"result", "failed"}, {"note", "tight"}}};
  const auto e = AssessTest(FullDossier(), Scores("ok", "ok", "ok"), failed);
  CHECK(e.advisory == Colour::kOrange);
  CHECK(e.decided_by == std::vector<std::string>{"criterion:planning-realism"});
}

TEST_CASE("advisory: none while a criterion is pending or an area unscored") {
  auto e = AssessTest(FullDossier(), Scores("ok", "ok", "ok"), json::array());
  CHECK_FALSE(e.advisory);
  CHECK(e.Pending() == std::vector<std::string>{"planning-realism"});
  e = AssessTest(FullDossier(), {{"a1", "ok"}});
  CHECK_FALSE(e.advisory);
}

TEST_CASE("packs: every problem is reported with its JSON path") {
  json doc = TestPack().document;
  doc["version"] = "v2";
  doc["criteria"][0]["area"] = "a9";
  doc["criteria"][1]["check"] = json{{"==", {{{"var", "undeclaredField"}}, true}}};
  doc["criteria"][2]["kind"] = "optional";
  doc["criteria"][0]["id"] = "open-standards";  // duplicate of criteria[1]
  doc["areas"].push_back({{"id", "a1"}, {"title", "again"}});
  doc["dossierFields"]["size"] = {{"type", "colour"}, {"description", "x"}};
  doc["surprise"] = 1;
  const auto parsed = engine::ParsePolicyPack(doc);
  REQUIRE_FALSE(parsed.ok());
  const auto has = [&](const std::string& path, const std::string& fragment) {
    for (const auto& p : parsed.error()) {
      if (p.field == path && p.message.find(fragment) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("/version", "YYYY.N"));
  CHECK(has("/criteria/0/area", "no area"));
  CHECK(has("/criteria/1/check", "undeclaredField"));
  CHECK(has("/criteria/2/kind", "mandatory, comply_or_explain or assessed"));
  CHECK(has("/criteria/1/id", "duplicates"));
  CHECK(has("/areas/3/id", "duplicates"));
  CHECK(has("/dossierFields/size/type", "must be string"));
  CHECK(has("/surprise", "not a member"));
  // An unknown kind is read as mandatory, which needs a check.
  CHECK(has("/criteria/2/check", "required"));
  CHECK(parsed.error().size() == 9);
}

TEST_CASE("packs: mandatory criteria need a check, assessed ones may omit it") {
  json doc = TestPack().document;
  doc["criteria"][0].erase("check");
  const auto parsed = engine::ParsePolicyPack(doc);
  REQUIRE_FALSE(parsed.ok());
  REQUIRE(parsed.error().size() == 1);
  CHECK(parsed.error()[0].field == "/criteria/0/check");
}

// Found with fuzz/fuzz_policy_pack: a pack file nested 200,000 deep (400 KB of
// "[[[...") overflowed the stack of `ictgate policy check` when the document
// was copied. Built by moving, never copying, for the same reason.
TEST_CASE("packs: a document nested deeper than the limit is one problem, never copied") {
  json deep = true;
  for (int i = 0; i < 200'000; ++i) {
    json level = json::array();
    level.push_back(std::move(deep));
    deep = std::move(level);
  }
  json doc = json::object();
  doc["criteria"] = std::move(deep);
  const auto parsed = engine::ParsePolicyPack(doc);
  REQUIRE_FALSE(parsed.ok());
  REQUIRE(parsed.error().size() == 1);
  CHECK(parsed.error()[0].field.empty());
  CHECK_THAT(parsed.error()[0].message, Catch::Contains("nested deeper than 256"));

  // The same from a file's text, as `ictgate policy check` reads it.
  const std::string text =
      "{\"criteria\":" + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  const auto loaded = app::LoadPackText(text);
  REQUIRE_FALSE(loaded.ok());
  REQUIRE(loaded.error().size() == 1);
  CHECK_THAT(loaded.error()[0].message, Catch::Contains("nested deeper than 256"));

  // At the limit it is an ordinary document: the top object and 255 arrays.
  json limit = 1;
  for (int i = 0; i < 255; ++i) limit = json::array({std::move(limit)});
  for (const auto& p : engine::ParsePolicyPack(json{{"areas", std::move(limit)}}).error()) {
    CHECK_THAT(p.message, !Catch::Contains("nested deeper"));
  }
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kDefaultPackFile =
    std::string(ICTGATE_SOURCE_DIR) + "/policies/rijksbrede-startvoorwaarden/2026.1.json";

TEST_CASE("the default pack: eleven areas, the criteria of docs/spec.md §5, each with a source") {
  const engine::PolicyPack pack = app::LoadPackText(ReadText(kDefaultPackFile)).value();
  CHECK(pack.ref.id == "rijksbrede-startvoorwaarden");
  CHECK(pack.ref.version == "2026.1");
  CHECK(pack.areas.size() == 11);
  CHECK(pack.criteria.size() >= 16);
  CHECK(pack.rules.threshold_eur == 5'000'000);
  for (const auto& c : pack.criteria) {
    INFO(c.id);
    CHECK_FALSE(c.source.empty());
    CHECK_FALSE(c.recommendation.empty());
  }
  for (const char* id :
       {"acict-registration", "business-case-present", "planning-present",
        "architecture-sketch-present", "open-standards", "api-design-rules", "accessibility",
        "bio2-measures", "security-risk-analysis", "dpia", "cloud-risk-assessment", "exit-strategy",
        "migration-failover-tests", "geopolitical-risk-analysis", "eu-alternatives-gap-analysis",
        "european-cloud-share", "algorithm-register", "human-rights-impact-assessment",
        "archiving-by-design"}) {
    INFO(id);
    CHECK(pack.FindCriterion(id));
  }
  // Every area is covered by at least one criterion.
  for (const auto& area : pack.areas) {
    INFO(area.id);
    CHECK(std::any_of(pack.criteria.begin(), pack.criteria.end(),
                      [&](const engine::Criterion& c) { return c.area == area.id; }));
  }
}

TEST_CASE("the default pack is registered with its texts in Dutch and English") {
  TempDir dir;
  store::SqliteStore store(dir.File("texts.db"));
  app::PolicyRegistry registry(store, kNow);
  const engine::PolicyPack* pack = registry.Find("rijksbrede-startvoorwaarden", "2026.1");
  REQUIRE(pack);
  REQUIRE(pack->texts.size() == 2);
  using engine::Language;
  CHECK(engine::CriterionTitle(*pack, "business-case-present", Language::kDutch) ==
        "Business case aanwezig");
  CHECK(engine::CriterionTitle(*pack, "business-case-present", Language::kEnglish) ==
        "Business case present");
  CHECK(engine::AreaTitle(*pack, "ownership", Language::kEnglish) == "Ownership and organisation");
  CHECK(engine::FieldLabel(*pack, "acictRegistrationDate", Language::kDutch) ==
        "Datum melding AcICT");
  // The English texts are the pack's own, word for word.
  for (const auto& c : pack->criteria) {
    INFO(c.id);
    CHECK(engine::CriterionTitle(*pack, c.id, Language::kEnglish) == c.title);
    CHECK(engine::CriterionRecommendation(*pack, c.id, Language::kEnglish) == c.recommendation);
    // Titles may keep a term ("Archiving by design", as the Nationaal
    // Archief uses it); a recommendation is a sentence, and Dutch.
    CHECK(engine::CriterionRecommendation(*pack, c.id, Language::kDutch) != c.recommendation);
  }
  // Texts are not part of the pack's hash: the file's alone is.
  CHECK(pack->ref.content_hash ==
        app::LoadPackText(ReadText(kDefaultPackFile)).value().ref.content_hash);
}

TEST_CASE("the example dossiers give green, orange and red under the default pack") {
  const engine::PolicyPack pack = app::LoadPackText(ReadText(kDefaultPackFile)).value();
  for (const char* name : {"green", "orange", "red"}) {
    INFO(name);
    const json dossier = ExampleDossier(name);
    CHECK(engine::ValidateDossier(dossier, pack).empty());
    const json assessment = app::CompleteAssessment(pack, dossier);
    CHECK(assessment["verdict"] == name);
  }
}

TEST_CASE("a pack version is immutable: changed content under an old version is refused") {
  TempDir dir;
  store::SqliteStore store(dir.File("packs.db"));
  app::PolicyRegistry registry(store, kNow);
  const engine::PolicyPack original = app::LoadPackText(ReadText(kDefaultPackFile)).value();
  REQUIRE(registry.Find(original.ref));
  CHECK(&registry.Active(kNow) == registry.Find(original.ref));
  // Registering identical content again is fine.
  CHECK_NOTHROW(registry.Register(original, kNow));

  json changed = original.document;
  changed["thresholdEur"] = 10'000'000;
  const engine::PolicyPack edited = app::LoadPack(changed).value();
  CHECK(edited.ref.content_hash != original.ref.content_hash);
  CHECK_THROWS_WITH(registry.Register(edited, kNow), Catch::Contains("immutable"));
  CHECK(registry.Find("rijksbrede-startvoorwaarden", "2026.1")->rules.threshold_eur == 5'000'000);

  // The same check holds across restarts: the store remembers the hash.
  changed["version"] = "2026.9";
  changed["effectiveFrom"] = "2026-11-01";
  registry.Register(app::LoadPack(changed).value(), kNow);
  app::PolicyRegistry reopened(store, kNow);
  CHECK(reopened.Active(kNow).ref.version == "2026.9");
  CHECK(reopened.Find("rijksbrede-startvoorwaarden", "2026.1"));
  // Loaded from the store, each version is found under its own key.
  const auto* v9 = reopened.Find("rijksbrede-startvoorwaarden", "2026.9");
  REQUIRE(v9);
  CHECK(v9->rules.threshold_eur == 10'000'000);
  CHECK(reopened.All().size() == 4);  // 2026.1, 2026.2 and 2026.3 as shipped, and 2026.9
  // The store keeps the first content of a version and returns it to compare.
  const auto existing = store.RegisterPack(
      {"rijksbrede-startvoorwaarden", "2026.1", "other-hash", "{}", "2026-07-10", "now"});
  REQUIRE(existing);
  CHECK(existing->content_hash == original.ref.content_hash);
}

// Every row of every table, as text: what "unchanged" is measured by.
std::string Digest(const std::string& path) {
  auto db = store::OpenDatabase(path, store::OpenMode::kReadOnly);
  std::string all;
  SQLite::Statement tables(*db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement rows(*db, "SELECT * FROM " + table + " ORDER BY 1");
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i) all += rows.getColumn(i).getString() + "|";
      all += "\n";
    }
  }
  return all;
}

struct Portfolio {
  TempDir dir;
  std::string path = dir.File("whatif.db");
  std::unique_ptr<store::SqliteStore> store = std::make_unique<store::SqliteStore>(path);
  engine::ManualClock clock{kNow};
  std::unique_ptr<app::PolicyRegistry> packs = std::make_unique<app::PolicyRegistry>(*store, kNow);
  std::unique_ptr<app::Service> service = std::make_unique<app::Service>(*store, clock, *packs);

  Portfolio() {
    for (const char* name : {"green", "orange", "red", "green"}) {
      json input = NewActivityInput();
      input["dossier"] = ExampleDossier(name);
      const auto r = service->Create(input, Owner(), "r");
      REQUIRE(r.status == app::WriteOutcome::Status::kOk);
      service->Execute(r.activity->id, {engine::EventType::kSubmit, json::object(), Owner(), "r"});
    }
  }
  void Close() {
    service.reset();
    packs.reset();
    store.reset();
  }
};

// The default pack with the EU-alternatives gap analysis made mandatory.
json StricterPack() {
  json doc = app::LoadPackText(ReadText(kDefaultPackFile)).value().document;
  doc["version"] = "2027.1";
  for (auto& c : doc["criteria"]) {
    if (c["id"] == "eu-alternatives-gap-analysis") c["kind"] = "mandatory";
  }
  return doc;
}

TEST_CASE("what-if lists the activities whose advisory verdict would change, and how") {
  Portfolio p;
  const auto report =
      p.service->WhatIf(app::LoadPack(StricterPack()).value(), {"a", engine::Role::kAuditor, "*"});
  CHECK(report.evaluated == 4);
  REQUIRE(report.changes.size() == 1);  // only the orange dossier skipped the gap analysis
  const auto& change = report.changes[0];
  CHECK(change.activity_id == "BZK-2026-0002");
  CHECK(change.from.advisory == Colour::kOrange);
  CHECK(change.to.advisory == Colour::kRed);
  CHECK(change.to.decided_by == std::vector<std::string>{"criterion:eu-alternatives-gap-analysis"});
  CHECK(change.from_pack.version == "2026.1");
  CHECK(report.candidate.version == "2027.1");
  // A department-bound viewer sees only its own department.
  CHECK(p.service->WhatIf(app::LoadPack(StricterPack()).value(), Cio("EZK")).evaluated == 0);
}

TEST_CASE("ictgate policy what-if leaves the database byte-for-byte unchanged") {
  Portfolio p;
  p.Close();
  const std::string candidate = p.dir.File("candidate.json");
  std::ofstream(candidate) << StricterPack().dump(2);
  const std::string before_digest = Digest(p.path);
  const std::string before_bytes = ReadText(p.path);
  const std::string cmd = std::string(ICTGATE_BINARY) + " policy what-if --db " + p.path + " " +
                          candidate + " > " + p.dir.File("out.json");
  REQUIRE(std::system(cmd.c_str()) == 0);
  const json out = json::parse(ReadText(p.dir.File("out.json")));
  CHECK(out["evaluated"] == 4);
  REQUIRE(out["changes"].size() == 1);
  CHECK(out["changes"][0]["to"]["advisory"] == "red");
  CHECK(ReadText(p.path) == before_bytes);
  CHECK(Digest(p.path) == before_digest);
  // The candidate was not registered either.
  store::SqliteStore reopened(p.path);
  const auto stored = reopened.Packs();
  CHECK(stored.size() == 3);  // the shipped versions, 2026.1, 2026.2 and 2026.3
  CHECK(std::none_of(stored.begin(), stored.end(),
                     [](const auto& pack) { return pack.version == "2027.1"; }));
}

TEST_CASE("ictgate policy check lists problems with paths and exits non-zero") {
  TempDir dir;
  const std::string file = dir.File("bad.json");
  json doc = TestPack().document;
  doc["criteria"][0]["check"] = json{{"teleport", 1}};
  std::ofstream(file) << doc.dump();
  const std::string out = dir.File("out.txt");
  const int status = std::system(
      (std::string(ICTGATE_BINARY) + " policy check " + file + " > " + out + " 2>/dev/null")
          .c_str());
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_THAT(ReadText(out), Catch::Contains("/criteria/0/check: is not a usable JSON Logic rule"));
  std::ofstream(file) << "{not json";
  CHECK(WEXITSTATUS(std::system(
            (std::string(ICTGATE_BINARY) + " policy check " + file + " > " + out + " 2>&1")
                .c_str())) == 1);
  CHECK(WEXITSTATUS(std::system(
            (std::string(ICTGATE_BINARY) + " policy check " + kDefaultPackFile + " > " + out)
                .c_str())) == 0);
  CHECK_THAT(ReadText(out), Catch::StartsWith("ok rijksbrede-startvoorwaarden 2026.1 "));
  CHECK_THAT(ReadText(out), Catch::Contains("ok texts in en nl"));
}

TEST_CASE("ictgate policy check checks the texts beside a pack, and names what does not fit") {
  TempDir dir;
  const std::string file = dir.File("2026.1.json");
  std::ofstream(file) << ReadText(kDefaultPackFile);
  json texts = json::parse(ReadText(std::string(ICTGATE_SOURCE_DIR) +
                                    "/policies/rijksbrede-startvoorwaarden/2026.1.texts.json"));
  texts["texts"]["nl"]["criteria"].erase("dpia");
  std::ofstream(dir.File("2026.1.texts.json")) << texts.dump();
  const std::string out = dir.File("out.txt");
  const int status = std::system(
      (std::string(ICTGATE_BINARY) + " policy check " + file + " > " + out + " 2>/dev/null")
          .c_str());
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_THAT(ReadText(out), Catch::Contains("/texts/nl/criteria/dpia: is missing"));
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("gate view: missing documents block a draft, and the owner's actions include editing") {
  engine::Activity a = ActivityIn(engine::State::kDraft);
  a.dossier["planning"] = "";
  a.dossier.erase("architectureSketch");
  const engine::GateView g = engine::ViewGate(a, TestPack(), kNow, Owner());
  int missing = 0;
  for (const auto& b : g.blockers) missing += b.code == "MISSING_DOCUMENTS";
  CHECK(missing == 2);
  CHECK(g.actions ==
        std::vector<engine::EventType>{engine::EventType::kSubmit, engine::EventType::kCancel,
                                       engine::EventType::kLinkChange, engine::EventType::kUpdate,
                                       engine::EventType::kUploadDocument});
  CHECK(engine::ViewGate(a, TestPack(), kNow, Owner("EZK")).actions.empty());
}

}  // namespace
}  // namespace ictgate
