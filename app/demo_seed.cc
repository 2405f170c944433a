#include "app/demo_seed.h"

#include <stdexcept>

#include "app/tokens.h"

namespace ictgate::app {
namespace {

using engine::EventType;
using nlohmann::json;

const char kDemoPrefix[] = "demo-";

struct Step {
  EventType type;
  json payload;
  const char* role;
};

std::string InDays(const engine::Clock& clock, int days) {
  return engine::FormatDate(engine::Date{engine::DateOf(clock.Now()).days + days});
}

json Dossier() {
  return {{"businessCase", "docs/business-case.pdf"},
          {"planning", "docs/planning.xlsx"},
          {"architectureSketch", "docs/architecture.pdf"}};
}

void Seed(Service& service, const std::string& department, const std::string& title, int64_t cost,
          const std::vector<Step>& steps) {
  const std::string request_id = "demo-seed";
  const json input = {
      {"title", title},      {"department", department},     {"kind", "project"},
      {"ictCostEur", cost},  {"plannedStart", "2027-01-01"}, {"plannedEnd", "2029-12-31"},
      {"dossier", Dossier()}};
  const engine::Actor owner{"Demo owner " + department, "owner", department};
  Result r = service.Create(input, owner, request_id);
  if (r.status != Result::Status::kOk) throw std::logic_error("demo seed: " + r.message);
  for (const Step& s : steps) {
    const engine::Actor actor{std::string("Demo ") + s.role + " " + department, s.role, department};
    r = service.Execute(r.activity->id, {s.type, s.payload, actor, request_id});
    if (r.status != Result::Status::kOk) {
      throw std::logic_error("demo seed: " + title + ": " + r.message);
    }
  }
}

void SeedPortfolio(Service& service) {
  const Step submit{EventType::kSubmit, json::object(), "owner"};
  const Step accept{EventType::kAcceptIntake, json::object(), "cio"};
  const Step green{EventType::kRecordVerdict, {{"verdict", "green"}}, "cio"};
  const Step orange{EventType::kRecordVerdict,
                    {{"verdict", "orange"},
                     {"conditions",
                      {{{"text", "Deliver an exit strategy with a tested data export"},
                        {"criterion", "exit-strategy"},
                        {"dueDate", InDays(service.clock(), 90)}}}}},
                    "cio"};
  const Step red{
      EventType::kRecordVerdict,
      {{"verdict", "red"}, {"recommendations", {"Split the programme and redo the business case"}}},
      "cio"};
  const Step fund{EventType::kGrantFunding,
                  {{"amountEur", 10'000'000}, {"reference", "FEZ-2026-113"}},
                  "finance"};

  Seed(service, "BZK", "Identiteitsplatform Digitale Overheid", 12'000'000, {});
  Seed(service, "BZK", "Vernieuwing Basisregistratie Personen", 8'000'000, {submit});
  Seed(service, "BZK", "Migratie Rijksportaal", 6'500'000, {submit, accept});
  Seed(service, "BZK", "Woningmarktdata cloudplatform", 9'000'000, {submit, accept, green});
  Seed(service, "BZK", "Omgevingsloket 2.0", 15'000'000, {submit, accept, orange});
  Seed(service, "BZK", "Exit legacy mainframe", 22'000'000, {submit, accept, red});
  Seed(service, "BZK", "Kleine aanpassing subsidieportaal", 1'200'000, {submit});
  Seed(service, "BZK", "Consolidatie datacenters", 30'000'000, {submit, accept, green, fund});
  Seed(service, "EZK", "Energiedata-hub", 7'000'000, {submit});
  Seed(service, "EZK", "Koppeling Handelsregister", 2'000'000, {submit});
}

}  // namespace

std::vector<DemoToken> SeedDemo(Service& service, store::Store& store) {
  const std::string revoked_at = engine::FormatInstant(service.clock().Now());
  for (const auto& t : store.Tokens()) {
    if (!t.revoked_at && t.name.rfind(kDemoPrefix, 0) == 0) store.RevokeToken(t.id, revoked_at);
  }
  if (store.ActivityIds().empty()) SeedPortfolio(service);

  std::vector<DemoToken> tokens;
  const std::vector<std::pair<std::string, std::string>> who = {
      {"owner", "BZK"}, {"cio", "BZK"}, {"finance", "BZK"}, {"sg", "BZK"},
      {"owner", "EZK"}, {"cio", "EZK"}, {"auditor", "*"},   {"admin", "*"}};
  for (const auto& [role, department] : who) {
    const std::string name = kDemoPrefix + role + (department == "*" ? "" : "-" + department);
    tokens.push_back(
        {name, role, department, IssueToken(store, name, role, department, service.clock().Now())});
  }
  return tokens;
}

}  // namespace ictgate::app
