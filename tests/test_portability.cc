// Data portability: export and import with the chain intact, CSV in the
// dashboard's fields, and the online backup while writes go on.
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "app/portability.h"
#include "common/hex.h"
#include "common/sha256.h"
#include "document_bytes.h"
#include "service_fixture.h"
#include "store/database.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

// A portfolio with something of everything: an orange verdict and funding,
// a link, a reported change, a refusal by finance, a cancellation, and
// dossier documents (two versions of one, and the same bytes on another
// activity).
struct Populated : WithTempDir, ServiceFixture {
  Populated() : ServiceFixture(dir.File("source.db")) {
    funded = Approved("orange");
    Require(funded, EventType::kGrantFunding, {{"amountEur", 1'000'000}, {"reference", "F-1"}},
            Finance());
    Require(funded, EventType::kReportChange,
            {{"reasonCodes", {"price-development", "setbacks"}}, {"newCostEur", 10'400'000}},
            Owner());
    const std::string part = Create(2'000'000);
    REQUIRE(service.Link(part, funded, true, Owner(), "link").status ==
            app::WriteOutcome::Status::kOk);
    const std::string approved = Approved();
    Require(approved, EventType::kRefuseFunding, {{"amountEur", 5}, {"reason", "no budget"}},
            Finance());
    Require(Create(), EventType::kCancel, {{"reason", "not needed"}}, Owner());
    json odd = NewActivityInput();
    odd["title"] = "Portaal \"Mijn zaken\", fase 2";
    odd["department"] = "EZK";
    REQUIRE(service.Create(odd, Owner("EZK"), "r").status == app::WriteOutcome::Status::kOk);
    for (const auto& [id, bytes] :
         {std::pair(funded, PdfBytes("v1")), std::pair(funded, PdfBytes("v2")),
          std::pair(approved, PdfBytes("v1"))}) {
      const app::DocumentUpload upload{"businessCase", "Business case", "application/pdf", bytes};
      REQUIRE(service.UploadDocument(id, upload, Owner(), "u").status ==
              app::WriteOutcome::Status::kOk);
    }
  }
  std::string funded;
};

json Exported(store::Store& store) {
  std::stringstream out;
  app::ExportJson(store, out, kNow);
  return json::parse(out.str());
}

TEST_CASE("export and import: the chain, its head and every record survive") {
  Populated source;
  const json document = Exported(source.store);
  CHECK(document["format"] == app::kExportFormat);
  CHECK(document["head"]["hash"] == source.store.Head().hash);
  CHECK(document["activities"].size() == source.store.ActivityIds().size());
  CHECK(document["documents"].size() == 2);  // the same bytes twice are one document

  TempDir dir;
  store::SqliteStore target(dir.File("target.db"));
  const app::ImportReport report = app::ImportJson(target, document);
  CHECK(report.activities == 5);
  CHECK(report.head.hash == source.store.Head().hash);
  CHECK(target.Head().hash == source.store.Head().hash);
  CHECK(target.Head().length == source.store.Head().length);
  CHECK(target.VerifyChain().ok);
  for (const auto& id : source.store.ActivityIds()) {
    INFO(id);
    CHECK(engine::ToJson(*target.Load(id)) == engine::ToJson(*source.store.Load(id)));
  }
  for (const char* version : {"v1", "v2"}) {
    const auto kept = target.Document(Sha256Hex(PdfBytes(version)));
    REQUIRE(kept);
    CHECK(kept->bytes == PdfBytes(version));
    CHECK(kept->media_type == "application/pdf");
  }
  // The imported database works on: replay holds and new ids follow on.
  engine::ManualClock clock{source.clock.Now()};
  app::PolicyRegistry packs{target, clock.Now()};
  app::Service service{target, clock, packs};
  CHECK(service.VerifyReplay().mismatches.empty());
  const auto next = service.Create(NewActivityInput(), Owner(), "r");
  REQUIRE(next.status == app::WriteOutcome::Status::kOk);
  CHECK(next.activity->id == "BZK-2026-0005");
  // A second import into the same database is refused.
  CHECK_THROWS_AS(app::ImportJson(target, document), app::ImportError);
}

TEST_CASE("import refuses a damaged export and writes nothing") {
  Populated source;
  const json good = Exported(source.store);
  const auto refuse = [](const json& document, const std::string& fragment) {
    TempDir dir;
    store::SqliteStore target(dir.File("t.db"));
    INFO(fragment);
    CHECK_THROWS_WITH(app::ImportJson(target, document), Catch::Contains(fragment));
    CHECK(target.Head().length == 0);
    CHECK(target.ActivityIds().empty());
    CHECK(target.Packs().empty());
  };
  json bad = good;
  bad["format"] = "something-else";
  refuse(bad, "not an ictgate export");
  bad = good;
  bad["events"][3]["payload"]["reason"] = "edited";
  refuse(bad, "the chain is broken");
  bad = good;
  bad["events"].erase(bad["events"].size() - 1);
  refuse(bad, "does not end at the head");
  bad = good;
  bad["activities"][0]["title"] = "Renamed outside the log";
  refuse(bad, "differs from the replay of its log");
  bad = good;
  bad["packs"][0]["content"]["thresholdEur"] = 1;
  refuse(bad, "does not match its content hash");
  bad = good;
  bad["events"][0].erase("hash");
  refuse(bad, "cannot be read");
  bad = good;
  bad["documents"][0]["contentBase64"] = Base64Encode(PdfBytes("forged"));
  refuse(bad, "does not match its hash");
  bad = good;
  bad["documents"].erase(0);
  refuse(bad, "missing from the export");
  bad = good;
  bad["documents"][0]["contentBase64"] = "not base64!";
  refuse(bad, "is not base64");
}

TEST_CASE("ictgate export and import: the heads are equal and the copy verifies") {
  Populated source;
  TempDir dir;
  const std::string bin = ICTGATE_BINARY;
  const std::string file = dir.File("export.json");
  const std::string copy = dir.File("copy.db");
  REQUIRE(RunCommand(bin + " export --db " + source.dir.File("source.db") + " > " + file) == 0);
  std::string out;
  REQUIRE(RunCommand(bin + " import --db " + copy + " " + file, &out) == 0);
  CHECK_THAT(out, Catch::Contains("5 activities"));
  std::string head_source, head_copy;
  REQUIRE(RunCommand(bin + " audit head --db " + source.dir.File("source.db"), &head_source) == 0);
  REQUIRE(RunCommand(bin + " audit head --db " + copy, &head_copy) == 0);
  CHECK(head_source == head_copy);
  CHECK(RunCommand(bin + " audit verify --db " + copy + " 2>&1", &out) == 0);
  CHECK_THAT(out, Catch::Contains("replay ok: 5 activities"));
  CHECK(RunCommand(bin + " import --db " + copy + " " + file + " 2>&1", &out) == 1);
  CHECK_THAT(out, Catch::Contains("not empty"));
}

TEST_CASE("CSV: one line per activity in the dashboard's fields, quoted where needed") {
  Populated source;
  std::stringstream out;
  app::ExportCsv(source.store, out, source.clock.Now());
  std::vector<std::string> lines;
  for (std::string line; std::getline(out, line);) lines.push_back(line);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        "id,department,title,kind,state,ict_cost_eur,initial_cost_eur,linked_cost_eur,"
        "planned_start,planned_end,initial_planned_end,herijkingen,herijking_reasons,verdict,"
        "verdict_date,verdict_overridden,eligibility,funded_eur,updated_at\r");
  const std::string& funded = lines[1];
  CHECK_THAT(funded, Catch::StartsWith(source.funded + ",BZK,Test activity,project,in_execution,"
                                                       "10400000,10000000,2000000,"));
  CHECK_THAT(funded, Catch::Contains(",1,price-development+setbacks,orange,"));
  CHECK_THAT(lines[5], Catch::Contains(",\"Portaal \"\"Mijn zaken\"\", fase 2\",project,draft,"));
}

TEST_CASE("backup: an online copy while writes go on is intact and verifies") {
  Populated source;
  std::atomic<bool> writing{true};
  std::atomic<int> written{0};
  store::SqliteStore writer(source.dir.File("source.db"));
  std::thread load([&] {
    while (writing) {
      engine::Event e =
          engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "load"},
                               *source.packs.All().front(), kNow)
              .value();
      writer.Create(e, engine::Apply({}, e));
      ++written;
    }
  });
  TempDir dir;
  for (int i = 0; i < 3; ++i) {
    const std::string copy = dir.File("backup-" + std::to_string(i) + ".db");
    const int64_t acknowledged = source.store.Head().length;  // committed before the copy
    CHECK(store::BackupDatabase(source.dir.File("source.db"), copy) > 0);
    store::SqliteStore restored(copy);
    CHECK(restored.VerifyChain().ok);
    CHECK(restored.Head().length >= acknowledged);
  }
  writing = false;
  load.join();
  CHECK(written > 0);
  CHECK_THROWS_WITH(store::BackupDatabase(source.dir.File("source.db"), dir.File("backup-0.db")),
                    Catch::Contains("exists"));
}

}  // namespace
}  // namespace ictgate
