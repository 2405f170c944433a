// Shared helpers for the tests: temporary databases, actors, activities in a
// chosen state.
#ifndef ICTGATE_TESTS_FIXTURES_H_
#define ICTGATE_TESTS_FIXTURES_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/event.h"
#include "engine/policy_pack.h"
#include "engine/time.h"

namespace ictgate::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("ictgate-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs `command` through the shell and returns its exit status (-1 when it
// cannot start); its standard output goes to `out`.
inline int RunCommand(const std::string& command, std::string* out = nullptr) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::string text;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) text += buf;
  const int status = pclose(pipe);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A loopback TCP port nobody listens on now: the kernel's pick for a socket
// bound to port 0, released at once. Why not a random number: a random port
// in the ephemeral range may be some other connection's own end, and the
// child then cannot bind it. The kernel's pick is free at the time of asking;
// the child binds it a moment later, a race far narrower than a guess.
inline int FreeLoopbackPort() {
  // Throws rather than REQUIRE: the fuzz targets include this header too,
  // without Catch.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("no socket for a free port");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  const bool found = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0;
  close(fd);
  if (!found) throw std::runtime_error("the kernel gave no free loopback port");
  return ntohs(addr.sin_port);
}

// The whole text of the file at `path` ("" when it cannot be read).
inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline engine::Instant At(const char* rfc3339) {
  return *engine::ParseInstant(rfc3339);
}
inline engine::Date D(const char* date) {
  return *engine::ParseDate(date);
}

inline engine::Actor Owner(const std::string& dept = "BZK") {
  return {"Olga Owner", engine::Role::kOwner, dept};
}
inline engine::Actor Cio(const std::string& dept = "BZK") {
  return {"Cees CIO", engine::Role::kCio, dept};
}
inline engine::Actor Finance(const std::string& dept = "BZK") {
  return {"Fenna Finance", engine::Role::kFinance, dept};
}
inline engine::Actor Sg(const std::string& dept = "BZK") {
  return {"Sanne SG", engine::Role::kSg, dept};
}
inline engine::Actor System() {
  return {"system", engine::Role::kSystem, "*"};
}

inline nlohmann::json FullDossier() {
  return {
      {"businessCase", "bc.pdf"}, {"planning", "plan.xlsx"}, {"architectureSketch", "arch.pdf"}};
}

// A small pack for engine tests: three areas (red from two risk areas), a
// mandatory DPIA when personal data is processed, a comply-or-explain open
// standards criterion, and an assessed criterion without a check.
inline const engine::PolicyPack& TestPack() {
  static const engine::PolicyPack kPack = [] {
    auto parsed = engine::ParsePolicyPack(nlohmann::json::parse(R"({
      "id": "test-pack", "version": "2026.1", "title": "Test pack",
      "effectiveFrom": "2026-01-01", "thresholdEur": 5000000, "verdictValidityMonths": 12,
      "reassessmentTriggers": {"costIncreasePct": 20, "endDateSlipMonths": 6},
      "advisoryRules": {"redWhenRiskAreasAtLeast": 2},
      "areas": [{"id": "a1", "title": "A1"}, {"id": "a2", "title": "A2"},
                {"id": "a3", "title": "A3"}],
      "dossierFields": {
        "businessCase": {"type": "string", "description": "business case"},
        "planning": {"type": "string", "description": "planning"},
        "architectureSketch": {"type": "string", "description": "architecture sketch"},
        "personalData": {"type": "boolean", "description": "processes personal data"},
        "dpiaDone": {"type": "boolean", "description": "DPIA completed"},
        "openStandards": {"type": "boolean", "description": "open standards applied"}
      },
      "criteria": [
        {"id": "dpia", "title": "DPIA", "area": "a1", "source": "AVG art. 35",
         "kind": "mandatory", "appliesWhen": {"==": [{"var": "personalData"}, true]},
         "check": {"==": [{"var": "dpiaDone"}, true]}, "recommendation": "Do a DPIA"},
        {"id": "open-standards", "title": "Open standards", "area": "a2",
         "source": "Forum Standaardisatie", "kind": "comply_or_explain",
         "check": {"!==": [{"var": "openStandards"}, false]}, "recommendation": "Apply them"},
        {"id": "planning-realism", "title": "Realistic planning", "area": "a3",
         "source": "AcICT", "kind": "assessed", "recommendation": "Replan"}
      ]})"));
    engine::PolicyPack pack = std::move(parsed).value();
    pack.ref.content_hash = "test-hash";
    return pack;
  }();
  return kPack;
}

// TestPack as version `version` with `change` made to its document: a pack
// of its own, whose content hash is `hash`.
inline engine::PolicyPack TestPackVariant(const char* version, const char* hash,
                                          const std::function<void(nlohmann::json&)>& change) {
  nlohmann::json doc = TestPack().document;
  doc["version"] = version;
  change(doc);
  engine::PolicyPack pack = engine::ParsePolicyPack(doc).value();
  pack.ref.content_hash = hash;
  return pack;
}

// A record-verdict payload under TestPack: all areas ok, the assessed
// criterion met, so the advisory verdict is green for FullDossier().
inline nlohmann::json Assessment(const std::string& verdict,
                                 nlohmann::json scores = {
                                     {"a1", "ok"}, {"a2", "ok"}, {"a3", "ok"}}) {
  return {{"verdict", verdict},
          {"areaScores", std::move(scores)},
          {"findings", {{{"criterion", "planning-realism"}, {"result", "met"}, {"note", "fine"}}}}};
}

inline nlohmann::json NewActivityInput(int64_t cost = 10'000'000, const std::string& dept = "BZK") {
  return {{"title", "Test activity"}, {"department", dept},           {"kind", "project"},
          {"ictCostEur", cost},       {"plannedStart", "2027-01-01"}, {"plannedEnd", "2028-12-31"},
          {"dossier", FullDossier()}};
}

// An open condition `id` due on `due` (YYYY-MM-DD).
inline engine::Condition ConditionDue(std::string id, const char* due, std::string text = "x",
                                      std::string criterion = "") {
  engine::Condition c;
  c.id = std::move(id);
  c.text = std::move(text);
  c.criterion = std::move(criterion);
  c.due = D(due);
  return c;
}

// An activity standing in `state` with everything its guards look at set up
// so that the lifecycle's rows from that state can pass: a gated cost, the
// minimum documents, a verdict valid until 2027-06-01, one open condition C1
// (due 2027-03-01) when conditionally approved, a first funding when in
// execution. The clock of the tests stands at 2026-12-01.
inline engine::Activity ActivityIn(engine::State state) {
  engine::Activity a;
  a.id = "BZK-2026-0001";
  a.title = "Test activity";
  a.department = "BZK";
  a.kind = engine::ActivityKind::kProject;
  a.ict_cost_eur = 10'000'000;
  a.planned_start = D("2027-01-01");
  a.planned_end = D("2028-12-31");
  a.baseline_cost_eur = a.ict_cost_eur;
  a.baseline_planned_end = a.planned_end;
  a.dossier = FullDossier();
  a.state = state;
  a.version = 5;
  using engine::State;
  if (state == State::kExempt) a.ict_cost_eur = a.baseline_cost_eur = 1'000'000;
  if (state != State::kDraft)
    a.estimates.push_back({a.ict_cost_eur, a.planned_end, {}, At("2026-10-01"), "", ""});
  if (state == State::kApproved || state == State::kConditionallyApproved ||
      state == State::kInExecution || state == State::kRejected || state == State::kExpired) {
    engine::Verdict v;
    v.recorded = state == State::kRejected ? engine::Colour::kRed : engine::Colour::kGreen;
    v.recorded_at = At("2026-11-01T10:00:00Z");
    v.valid_until = D("2027-06-01");
    a.verdict = v;
  }
  if (state == State::kConditionallyApproved) {
    a.verdict->recorded = engine::Colour::kOrange;
    a.conditions.push_back(ConditionDue("C1", "2027-03-01", "Exit strategy", "exit-strategy"));
  }
  if (state == State::kInExecution) {
    a.funded_eur = 1'000'000;
    a.first_funded_at = At("2026-11-15T10:00:00Z");
  }
  if (state == State::kReassessmentRequired) a.gate = engine::Gate::kRebaseline;
  return a;
}

// An example dossier from examples/dossiers ("green", "orange", "red").
inline nlohmann::json ExampleDossier(const std::string& name) {
  std::ifstream in(std::string(ICTGATE_SOURCE_DIR) + "/examples/dossiers/" + name + ".json");
  return nlohmann::json::parse(in);
}

// The example dossier `name` written for `pack`: examples/dossiers/
// <version>/ holds those of later versions, examples/dossiers/ 2026.1's.
inline nlohmann::json ExampleDossierFor(const engine::PolicyPack& pack, const std::string& name) {
  const std::string versioned = pack.ref.version + "/" + name;
  if (std::ifstream(std::string(ICTGATE_SOURCE_DIR) + "/examples/dossiers/" + versioned +
                    ".json")) {
    return ExampleDossier(versioned);
  }
  return ExampleDossier(name);
}

inline const engine::Instant kNow = At("2026-12-01T12:00:00Z");

}  // namespace ictgate::testing

#endif  // ICTGATE_TESTS_FIXTURES_H_
