// Dossier documents through the API: upload by content, the type read from
// the bytes, download authorised like the activity, "changed since the
// verdict" on the gate view, and audit verify catching a tampered document.
#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <catch2/catch.hpp>

#include "common/sha256.h"
#include "document_bytes.h"
#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

constexpr char kPdf[] = "application/pdf";

std::string UploadPath(const std::string& id, const std::string& kind,
                       const std::string& title = "Business%20case%20v1") {
  return "/activities/" + id + "/documents/" + kind + "?title=" + title;
}

TEST_CASE("a document is uploaded by content, listed, and downloaded as it was", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const std::string bytes = PdfBytes("Business case v1");
  auto r = server.PostBytes("owner", UploadPath(id, "businessCase"), bytes, kPdf);
  REQUIRE(r->status == 201);
  const json body = Body(r);
  CHECK(body["event"]["type"] == "upload-document");
  CHECK(body["event"]["from"] == body["event"]["to"]);
  const json recorded = body["activity"]["documents"][0];
  CHECK(recorded["sha256"] == Sha256Hex(bytes));
  CHECK(recorded["title"] == "Business case v1");
  CHECK(recorded["mediaType"] == kPdf);
  CHECK(recorded["sizeBytes"] == bytes.size());
  CHECK(recorded["version"] == 1);
  // The project lead uploads the next version, as ODF; octet-stream says nothing.
  r = server.PostBytes("project_lead", UploadPath(id, "businessCase", "v2"), OdtBytes(),
                       "application/octet-stream");
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["documents"][1]["mediaType"] ==
        "application/vnd.oasis.opendocument.text");

  const json list = Body(server.Get("owner", "/activities/" + id + "/documents"));
  CHECK(list["items"].size() == 2);
  CHECK(list["current"].size() == 1);
  CHECK(list["current"][0]["version"] == 2);
  // Finance of the department reads it like the activity.
  auto download = server.Get("finance", "/activities/" + id + "/documents/businessCase/1");
  REQUIRE(download->status == 200);
  CHECK(download->body == bytes);
  CHECK(download->get_header_value("Content-Type") == kPdf);
  CHECK(download->get_header_value("ETag") == "\"" + Sha256Hex(bytes) + "\"");
  CHECK(download->get_header_value("Content-Disposition") ==
        "attachment; filename=\"" + id + "-businessCase-v1.pdf\"");
  CHECK(download->get_header_value("X-Content-Type-Options") == "nosniff");
  // Another department learns nothing; unknown versions and kinds are 404.
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/documents/businessCase/1"), 404);
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/documents"), 404);
  CheckProblem(server.Get("owner", "/activities/" + id + "/documents/businessCase/3"), 404);
  CheckProblem(server.Get("owner", "/activities/" + id + "/documents/letter/1"), 404);
  CheckProblem(server.Get("owner", "/activities/" + id + "/documents/businessCase/x"), 400);
  CheckProblem(server.Get("owner", "/activities/" + id + "/documents/businessCase/0"), 400);
}

TEST_CASE("an upload of the wrong type, size, role or department changes nothing", "[http]") {
  api::ServerOptions options;
  options.max_document_bytes = 4096;
  LiveServer server(options);
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const auto head = server.store().Head();
  const std::string path = UploadPath(id, "businessCase");
  // Read from the bytes: text is no document, whatever it is called.
  CheckProblem(server.PostBytes("owner", path, "just text", "application/octet-stream"), 415);
  CheckProblem(server.PostBytes("owner", path, "just text", kPdf), 415);
  // A PDF declared as something else it is not.
  CheckProblem(
      server.PostBytes("owner", path, PdfBytes(), "application/vnd.oasis.opendocument.text"), 415);
  // The types a page elsewhere may send without a preflight are no document types.
  CheckProblem(server.PostBytes("owner", path, PdfBytes(), "text/plain"), 415);
  CheckProblem(server.PostBytes("owner", path, PdfBytes(), "application/x-www-form-urlencoded"),
               415);
  // Past the limit: refused before the body is read.
  CheckProblem(server.PostBytes("owner", path, PdfBytes(std::string(5000, 'x')), kPdf), 413);
  // A JSON route keeps its own limit.
  CheckProblem(server.PostBytes("owner", "/activities", std::string(5000, ' '), "application/json"),
               400);
  // Who may not upload hears so before the type is judged.
  CheckProblem(server.PostBytes("finance", path, "just text", "text/plain"), 403);
  CheckProblem(server.PostBytes("cio", path, PdfBytes(), kPdf), 403);
  CheckProblem(server.PostBytes("owner-EZK", path, PdfBytes(), kPdf), 404);
  // Malformed: an unknown kind, a blank title.
  auto r = server.PostBytes("owner", UploadPath(id, "letter"), PdfBytes(), kPdf);
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "kind");
  CheckProblem(server.PostBytes("owner", UploadPath(id, "planning", "%20"), PdfBytes(), kPdf), 400);
  // In Dutch, for whoever reads Dutch.
  r = server.PostBytes("owner", path, "just text", kPdf, {{"Accept-Language", "nl"}});
  CHECK(Body(r)["detail"] ==
        "het bestand is geen PDF-, OpenDocument- of Office Open XML-bestand (het soort wordt uit "
        "de inhoud gelezen, niet uit de naam van het bestand)");
  r = server.PostBytes("owner", path, PdfBytes(), "text/plain", {{"Accept-Language", "nl"}});
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::StartsWith("stuur een document als"));
  r = server.PostBytes("owner", path, PdfBytes(), "application/vnd.oasis.opendocument.text",
                       {{"Accept-Language", "nl"}});
  CHECK(
      Body(r)["detail"] ==
      "het bestand is application/pdf, niet het opgegeven application/vnd.oasis.opendocument.text");
  CHECK(server.store().Head().hash == head.hash);
  CHECK(Body(server.Get("owner", "/activities/" + id))["documents"] == json::array());
  // The same bytes again are a conflict, not a second version.
  REQUIRE(server.PostBytes("owner", path, PdfBytes(), kPdf)->status == 201);
  r = server.PostBytes("owner", path, PdfBytes(), kPdf, {{"Accept-Language", "nl"}});
  CheckProblem(r, 409);
  CHECK(Body(r)["detail"] == "deze inhoud is al versie 1 van businessCase");
}

TEST_CASE("an upload's retry with its Idempotency-Key is applied once", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const httplib::Headers key = {{"Idempotency-Key", "upload-1"}};
  const std::string path = UploadPath(id, "planning");
  REQUIRE(server.PostBytes("owner", path, DocxBytes(), "application/octet-stream", key)->status ==
          201);
  auto again = server.PostBytes("owner", path, DocxBytes(), "application/octet-stream", key);
  REQUIRE(again->status == 201);
  CHECK(again->get_header_value("Idempotent-Replayed") == "true");
  CHECK(Body(server.Get("owner", "/activities/" + id))["documents"].size() == 1);
  // The same key for other bytes is another request.
  CheckProblem(server.PostBytes("owner", path, DocxBytes("v2"), "application/octet-stream", key),
               422);
}

TEST_CASE("the gate view shows a document changed since the verdict", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const std::string a = "/activities/" + id;
  REQUIRE(server.PostBytes("owner", UploadPath(id, "businessCase"), PdfBytes("v1"), kPdf)->status ==
          201);
  CHECK(Body(server.Get("owner", a + "/gate"))["actions"].dump().find("upload-document") !=
        std::string::npos);
  REQUIRE(server.Post("owner", a + "/submissions", json::object())->status == 201);
  REQUIRE(server.Post("cio", a + "/intake-decisions", {{"decision", "accept"}})->status == 201);
  const auto verdict =
      server.Post("cio", a + "/assessments",
                  app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));
  REQUIRE(verdict->status == 201);
  CHECK(Body(verdict)["activity"]["verdict"]["documents"][0]["sha256"] ==
        Sha256Hex(PdfBytes("v1")));
  json gate = Body(server.Get("owner", a + "/gate"));
  CHECK(gate["documents"][0]["changedSinceVerdict"] == false);
  REQUIRE(server.PostBytes("owner", UploadPath(id, "businessCase", "v2"), PdfBytes("v2"), kPdf)
              ->status == 201);
  gate = Body(server.Get("owner", a + "/gate"));
  CHECK(gate["documents"][0]["version"] == 2);
  CHECK(gate["documents"][0]["judgedVersion"] == 1);
  CHECK(gate["documents"][0]["changedSinceVerdict"] == true);
}

TEST_CASE("audit verify catches a tampered document, and its bytes are not served", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  REQUIRE(
      server.PostBytes("owner", UploadPath(id, "riskAnalysis"), PdfBytes("risks"), kPdf)->status ==
      201);
  json verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK(verification["ok"] == true);
  CHECK(verification["documents"]["checked"] == 1);
  {
    // Behind the service's back: the trigger dropped, the bytes rewritten.
    SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER document_contents_immutable");
    db.exec(
        "UPDATE document_contents SET content = CAST('%PDF-1.7 forged %%EOF' AS BLOB),"
        " size_bytes = 21");
  }
  verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK(verification["ok"] == false);
  REQUIRE(verification["documents"]["problems"].size() == 1);
  CHECK_THAT(verification["documents"]["problems"][0].get<std::string>(),
             Catch::Contains(Sha256Hex(PdfBytes("risks"))) && Catch::Contains("riskAnalysis v1"));
  CheckProblem(server.Get("owner", "/activities/" + id + "/documents/riskAnalysis/1"), 500);
  {
    SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM document_contents");
  }
  verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK_THAT(verification["documents"]["problems"][0].get<std::string>(),
             Catch::Contains("no bytes are kept"));
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("the demo portfolio has a business case changed since its verdict", "[http]") {
  LiveServer server({}, 0, /*demo=*/true);
  const json items = Body(server.Get("owner", "/activities?limit=500"))["items"];
  std::string id;
  for (const json& a : items) {
    if (a["title"] == "Rijksportaal Subsidies") id = a["id"];
  }
  REQUIRE_FALSE(id.empty());
  const json documents = Body(server.Get("owner", "/activities/" + id + "/gate"))["documents"];
  REQUIRE(documents.size() == 1);
  CHECK(documents[0]["version"] == 2);
  CHECK(documents[0]["judgedVersion"] == 1);
  CHECK(documents[0]["changedSinceVerdict"] == true);
  const auto pdf = server.Get("owner", "/activities/" + id + "/documents/businessCase/1");
  REQUIRE(pdf->status == 200);
  CHECK_THAT(pdf->body, Catch::StartsWith("%PDF-1.7") &&
                            Catch::Contains("(Businesscase Rijksportaal Subsidies v1.3) Tj"));
  CHECK(Body(server.Get("auditor", "/audit/verification"))["ok"] == true);
}

}  // namespace
}  // namespace ictgate
