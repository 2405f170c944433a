// Dossier documents by content (engine/documents.h): the type read from the
// bytes, uploads as versions beside the machine, the versions a verdict
// judged, and "changed since the verdict" on the gate view.
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <set>

#include "document_bytes.h"
#include "engine/documents.h"
#include "engine/gate.h"
#include "engine/lifecycle.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::EventType;
using engine::Refusal;
using engine::State;
using nlohmann::json;

// A name for `bytes` of the SHA-256's shape (the engine checks the shape;
// the shell computes the real hash, tests/test_documents_http.cc).
std::string HashOf(const std::string& bytes) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(bytes));
  return std::string(hex) + hex + hex + hex;
}

engine::Actor Lead() {
  return {"Pieter Projectleider", engine::Role::kProjectLead, "BZK"};
}

json Upload(const std::string& kind, const std::string& bytes,
            const std::string& type = "application/pdf") {
  return {{"kind", kind},
          {"title", kind + " document"},
          {"sha256", HashOf(bytes)},
          {"mediaType", type},
          {"sizeBytes", bytes.size()}};
}

engine::Decision Do(const Activity& a, EventType type, const json& payload,
                    const engine::Actor& actor) {
  return engine::Decide(a, {type, payload, actor, "req"}, TestPack(), kNow);
}

Activity Uploaded(Activity a, const std::string& kind, const std::string& bytes,
                  const engine::Actor& actor = Owner()) {
  const engine::Decision d = Do(a, EventType::kUploadDocument, Upload(kind, bytes), actor);
  REQUIRE(d.ok());
  return engine::Apply(a, d.value());
}

TEST_CASE("a document's type is read from its bytes, not from its name") {
  CHECK(engine::SniffDocumentType(PdfBytes()) == "application/pdf");
  CHECK(engine::SniffDocumentType(OdtBytes()) == "application/vnd.oasis.opendocument.text");
  CHECK(engine::SniffDocumentType(DocxBytes()) ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(engine::SniffDocumentType(
            StoredZip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<workbook/>"}})) ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const std::string pdf = PdfBytes();
  for (const std::string& refused : {
           std::string(),                                         // nothing
           std::string("Business case, plain text"),              // text named .pdf
           pdf.substr(0, pdf.size() - 7),                         // a PDF cut short: no %%EOF
           std::string("MZ\x90\x00", 4) + std::string(100, 'x'),  // a Windows program
           StoredZip({{"notes.txt", "a plain ZIP"}}),             // a ZIP of no document type
           StoredZip({{"mimetype", "application/zip"}}),          // a mimetype of no document
           OdtBytes().substr(0, 60),                              // a ZIP without its end record
       }) {
    INFO(refused.substr(0, 20));
    CHECK_FALSE(engine::SniffDocumentType(refused));
  }
  CHECK(engine::DocumentExtension("application/pdf") == "pdf");
  CHECK(engine::DocumentExtension("application/vnd.oasis.opendocument.text") == "odt");
}

TEST_CASE("an upload is the kind's next version, beside the machine, in every open state") {
  for (const State state : engine::AllStates()) {
    INFO(engine::StateName(state));
    const engine::Decision d = Do(ActivityIn(state), EventType::kUploadDocument,
                                  Upload("businessCase", PdfBytes()), Owner());
    REQUIRE(d.ok() == !engine::IsTerminal(state));
    if (d.ok()) {
      CHECK(d.value().to == state);
      CHECK(d.value().derived["documentVersion"] == 1);
    } else {
      CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
    }
  }
  Activity a = Uploaded(ActivityIn(State::kDraft), "businessCase", PdfBytes("v1"));
  a = Uploaded(a, "businessCase", PdfBytes("v2"), Lead());
  a = Uploaded(a, "planning", DocxBytes());
  REQUIRE(a.documents.size() == 3);
  CHECK(a.documents[1].version == 2);
  CHECK(a.documents[1].by == "Pieter Projectleider");
  CHECK(a.documents[2].version == 1);
  CHECK(a.documents[1].sha256 == HashOf(PdfBytes("v2")));
  CHECK(a.version == 8);
  // The same bytes as the kind's latest version change nothing: refused.
  const engine::Decision again =
      Do(a, EventType::kUploadDocument, Upload("businessCase", PdfBytes("v2")), Owner());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == Refusal::Kind::kPrecondition);
  // An older version's bytes may come back, as the next version.
  a = Uploaded(a, "businessCase", PdfBytes("v1"));
  CHECK(a.documents.back().version == 3);
  const auto latest = engine::LatestDocuments(a);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0]->kind == "businessCase");
  CHECK(latest[0]->version == 3);
}

TEST_CASE("a malformed upload is refused with every member to fix, and by role and department") {
  const Activity a = ActivityIn(State::kDraft);
  json bad = Upload("businessCase", PdfBytes());
  bad["kind"] = "letter";
  bad["sha256"] = "ABC";
  bad["mediaType"] = "text/plain";
  bad["sizeBytes"] = 0;
  bad["title"] = " ";
  bad["extra"] = true;
  engine::Decision d = Do(a, EventType::kUploadDocument, bad, Owner());
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kInvalid);
  bad.erase("extra");
  d = Do(a, EventType::kUploadDocument, bad, Owner());
  REQUIRE_FALSE(d.ok());
  std::set<std::string> fields;
  for (const auto& p : d.error().problems) fields.insert(p.field);
  CHECK(fields == std::set<std::string>{"kind", "title", "sha256", "mediaType", "sizeBytes"});
  for (const engine::Actor& who : {Cio(), Finance(), Owner("EZK")}) {
    INFO(who.name << " " << who.department);
    d = Do(a, EventType::kUploadDocument, Upload("planning", PdfBytes()), who);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kForbidden);
  }
}

TEST_CASE("a verdict records the versions it judged, and a later upload shows as changed") {
  Activity a = Uploaded(ActivityIn(State::kInAssessment), "businessCase", PdfBytes("v1"));
  a = Uploaded(a, "architectureSketch", OdtBytes());
  // No verdict yet: nothing has changed since one.
  for (const json& d : engine::DocumentsView(a)) CHECK(d["changedSinceVerdict"] == false);
  const engine::Decision verdict = Do(a, EventType::kRecordVerdict, Assessment("green"), Cio());
  REQUIRE(verdict.ok());
  const json judged = verdict.value().derived["documents"];
  CHECK(judged ==
        json{{{"kind", "businessCase"}, {"version", 1}, {"sha256", HashOf(PdfBytes("v1"))}},
             {{"kind", "architectureSketch"}, {"version", 1}, {"sha256", HashOf(OdtBytes())}}});
  a = engine::Apply(a, verdict.value());
  CHECK(a.verdict->documents == judged);
  for (const json& d : engine::DocumentsView(a)) {
    CHECK(d["changedSinceVerdict"] == false);
    CHECK(d["judgedVersion"] == 1);
  }
  a = Uploaded(a, "businessCase", PdfBytes("v2"));
  a = Uploaded(a, "exitStrategy", PdfBytes("exit"));
  const json view = engine::DocumentsView(a);
  REQUIRE(view.size() == 3);
  CHECK(view[0]["kind"] == "businessCase");
  CHECK(view[0]["version"] == 2);
  CHECK(view[0]["judgedVersion"] == 1);
  CHECK(view[0]["changedSinceVerdict"] == true);
  CHECK(view[1]["kind"] == "architectureSketch");
  CHECK(view[1]["changedSinceVerdict"] == false);
  CHECK(view[2]["kind"] == "exitStrategy");
  CHECK(view[2]["judgedVersion"].is_null());
  CHECK(view[2]["changedSinceVerdict"] == true);
  // A verdict without uploads records none (as verdicts did before).
  const engine::Decision bare =
      Do(ActivityIn(State::kInAssessment), EventType::kRecordVerdict, Assessment("green"), Cio());
  REQUIRE(bare.ok());
  CHECK_FALSE(bare.value().derived.contains("documents"));
}

TEST_CASE("an uploaded minimum document counts as present") {
  Activity a = ActivityIn(State::kDraft);
  a.dossier.erase("businessCase");
  CHECK(engine::MissingDocuments(a) == std::vector<std::string>{"businessCase"});
  a = Uploaded(a, "businessCase", PdfBytes());
  CHECK(engine::MissingDocuments(a).empty());
}

TEST_CASE("documents survive the record's JSON and the replay of the log") {
  std::vector<engine::Event> log;
  engine::Decision d = engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "c"},
                                            TestPack(), kNow);
  REQUIRE(d.ok());
  d.value().activity_id = "BZK-2026-0001";
  log.push_back(d.value());
  Activity a = engine::Apply({}, d.value());
  struct Step {
    EventType type;
    json payload;
    engine::Actor actor;
  };
  const std::vector<Step> steps = {
      {EventType::kUploadDocument, Upload("businessCase", PdfBytes("v1")), Owner()},
      {EventType::kSubmit, json::object(), Owner()},
      {EventType::kAcceptIntake, json::object(), Cio()},
      {EventType::kRecordVerdict, Assessment("green"), Cio()},
      {EventType::kUploadDocument, Upload("businessCase", PdfBytes("v2")), Owner()}};
  for (const Step& s : steps) {
    d = engine::Decide(a, {s.type, s.payload, s.actor, "r"}, TestPack(), kNow);
    REQUIRE(d.ok());
    log.push_back(d.value());
    a = engine::Apply(a, d.value());
  }
  CHECK(engine::ToJson(engine::ActivityFromJson(engine::ToJson(a))) == engine::ToJson(a));
  const auto resolve = [](const engine::PackRef&) { return &TestPack(); };
  const auto replayed = engine::Replay(log, resolve);
  REQUIRE(replayed.ok());
  CHECK(engine::ToJson(replayed.value()) == engine::ToJson(a));
  // A verdict whose recorded versions differ from what was uploaded fails.
  log[4].derived["documents"][0]["version"] = 2;
  CHECK_FALSE(engine::Replay(log, resolve).ok());
}

}  // namespace
}  // namespace ictgate
