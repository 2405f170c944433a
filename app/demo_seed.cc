#include "app/demo_seed.h"

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "app/tokens.h"
#include "common/embedded_text.h"
#include "engine/assessment.h"

namespace ictgate::app {
namespace {

using engine::EventType;
using engine::Role;
using nlohmann::json;

const char kDemoPrefix[] = "demo-";

struct Step {
  EventType type;
  json payload;
  engine::Role role;
};

// A one-page PDF that shows `text`: a demo dossier document a viewer opens.
// The cross-reference table gives each object's byte offset (ISO 32000-2,
// 7.5.4), worked out as the objects are written.
std::string DemoPdf(const std::string& text) {
  const std::string content = "BT /F1 14 Tf 72 760 Td (" + text + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
      ">> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream"};
  std::string pdf = "%PDF-1.7\n";
  std::string xref = "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t i = 0; i < objects.size(); ++i) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", pdf.size());
    xref += entry;
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t start = pdf.size();
  return pdf + xref + "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(start) + "\n%%EOF\n";
}

std::string InDays(const engine::Clock& clock, int days) {
  return engine::FormatDate(engine::Date{engine::DateOf(clock.Now()).days + days});
}

// The example dossier `name` written for pack `version`: examples/dossiers/
// <version>/<name>.json, or for the first pack (2026.1) <name>.json. A demo
// started after a new pack took effect registers its activities under that
// pack, whose dossier fields differ.
json ExampleDossier(const std::string& name, const std::string& version) {
  const std::string file_name = name + ".json";
  std::string in_version_directory = version;
  in_version_directory.append("/").append(file_name);
  for (const std::string& wanted : {in_version_directory, file_name}) {
    for (const auto& file : EmbeddedExampleDossiers()) {
      if (file.name == wanted) return json::parse(file.text);
    }
  }
  throw std::logic_error("demo seed: no example dossier " + name);
}

// The advisory assessment, and for orange one condition.
json AssessmentAs(const engine::PolicyPack& pack, const json& dossier, const Service& service) {
  json payload = CompleteAssessment(pack, dossier);
  if (payload["verdict"] == "orange") {
    payload["conditions"] = {{{"text", "Vul de afwijkende criteria aan of licht ze toe"},
                              {"criterion", "eu-alternatives-gap-analysis"},
                              {"dueDate", InDays(service.clock(), 90)}}};
    payload["recommendations"] = {
        "Voer vóór de aanbesteding de analyse van Europese alternatieven uit"};
  }
  if (payload["verdict"] == "red") {
    payload["recommendations"] = {"Voer de DPIA uit en leg een exitstrategie vast"};
  }
  return payload;
}

void Seed(Service& service, const std::string& department, const std::string& title, int64_t cost,
          const std::string& dossier_name, const std::vector<Step>& steps) {
  const std::string request_id = "demo-seed";
  const json dossier =
      ExampleDossier(dossier_name, service.packs().Active(service.clock().Now()).ref.version);
  const json input = {
      {"title", title},     {"department", department},     {"kind", "project"},
      {"ictCostEur", cost}, {"plannedStart", "2027-01-01"}, {"plannedEnd", "2029-12-31"},
      {"dossier", dossier}};
  const engine::Actor owner{"Demo owner " + department, engine::Role::kOwner, department};
  WriteOutcome r = service.Create(input, owner, request_id);
  if (r.status != WriteOutcome::Status::kOk) throw std::logic_error("demo seed: " + r.message);
  for (const Step& s : steps) {
    const engine::Actor actor{"Demo " + std::string(engine::RoleName(s.role)) + " " + department,
                              s.role, department};
    json payload = s.payload;
    if (s.type == EventType::kUploadDocument) {
      const std::string title = payload.at("title");
      r = service.UploadDocument(r.activity->id,
                                 {payload.at("kind"), title, "application/pdf", DemoPdf(title)},
                                 actor, request_id);
      if (r.status != WriteOutcome::Status::kOk) {
        throw std::logic_error("demo seed: " + title + ": " + r.message);
      }
      continue;
    }
    if (s.type == EventType::kRecordVerdict) {
      payload = AssessmentAs(service.PackFor(*r.activity, s.type), dossier, service);
    }
    r = service.Execute(r.activity->id, {s.type, payload, actor, request_id});
    if (r.status != WriteOutcome::Status::kOk) {
      throw std::logic_error("demo seed: " + title + ": " + r.message);
    }
  }
}

void SeedPortfolio(Service& service) {
  const Step submit{EventType::kSubmit, json::object(), Role::kOwner};
  const Step accept{EventType::kAcceptIntake, json::object(), Role::kCio};
  const Step assess{EventType::kRecordVerdict, json::object(), Role::kCio};  // payload computed
  const Step fund{EventType::kGrantFunding,
                  {{"amountEur", 10'000'000}, {"reference", "FEZ-2026-113"}},
                  Role::kFinance};

  Seed(service, "BZK", "Identiteitsplatform Digitale Overheid", 12'000'000, "green", {});
  Seed(service, "BZK", "Vernieuwing Basisregistratie Personen", 8'000'000, "green", {submit});
  Seed(service, "BZK", "Migratie Rijksportaal", 6'500'000, "orange", {submit, accept});
  // The business case is uploaded, judged, and changed after the verdict.
  const auto business_case = [](const char* version) {
    return Step{EventType::kUploadDocument,
                {{"kind", "businessCase"},
                 {"title", std::string("Businesscase Rijksportaal Subsidies ") + version}},
                Role::kOwner};
  };
  Seed(service, "BZK", "Rijksportaal Subsidies", 9'000'000, "green",
       {business_case("v1.3"), submit, accept, assess, business_case("v2.0")});
  Seed(service, "BZK", "Omgevingsloket 2.0", 15'000'000, "orange", {submit, accept, assess});
  Seed(service, "BZK", "Exit legacy mainframe", 22'000'000, "red", {submit, accept, assess});
  Seed(service, "BZK", "Kleine aanpassing subsidieportaal", 1'200'000, "green", {submit});
  Seed(service, "BZK", "Consolidatie datacenters", 30'000'000, "green",
       {submit, accept, assess, fund});
  Seed(service, "EZK", "Ondernemersplatform Vergunningen", 7'000'000, "orange", {submit});
  Seed(service, "EZK", "Koppeling Handelsregister", 2'000'000, "green", {submit});
}

}  // namespace

json CompleteAssessment(const engine::PolicyPack& pack, const json& dossier) {
  json scores = json::object();
  for (const auto& area : pack.areas) scores[area.id] = "ok";
  json findings = json::array();
  for (const auto& id : engine::EvaluateDossier(pack, dossier).Pending()) {
    findings.push_back(
        {{"criterion", id}, {"result", "met"}, {"note", "beoordeeld door de CIO-office"}});
  }
  const auto advisory = engine::Assess(pack, dossier, findings, scores).advisory;
  return {
      {"verdict", engine::ColourName(*advisory)}, {"areaScores", scores}, {"findings", findings}};
}

std::vector<DemoToken> SeedDemo(Service& service, Tokens& tokens, store::Store& store) {
  for (const auto& t : tokens.List()) {
    if (!t.revoked_at && t.name.rfind(kDemoPrefix, 0) == 0) tokens.Revoke(t.id);
  }
  if (store.ActivityIds().empty()) SeedPortfolio(service);

  std::vector<DemoToken> issued;
  const std::vector<std::pair<Role, std::string>> who = {
      {Role::kOwner, "BZK"}, {Role::kCio, "BZK"},   {Role::kFinance, "BZK"},
      {Role::kSg, "BZK"},    {Role::kOwner, "EZK"}, {Role::kCio, "EZK"},
      {Role::kAuditor, "*"}, {Role::kAdmin, "*"},   {Role::kCioRijk, "*"},
      {Role::kAcict, "*"},   {Role::kCiso, "BZK"},  {Role::kProjectLead, "BZK"}};
  for (const auto& [role, department] : who) {
    const std::string name = kDemoPrefix + std::string(engine::RoleName(role)) +
                             (department == "*" ? "" : "-" + department);
    issued.push_back({name, role, department, tokens.Issue(name, role, department)});
  }
  return issued;
}

}  // namespace ictgate::app
