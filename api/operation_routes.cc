// The operator's and the auditor's resources: the contract, health, metrics
// and the audit chain.
#include <algorithm>
#include <sstream>

#include "api/openapi_document.h"
#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// Metrics show counts across every department, and the chain every event:
// for the roles not bound to a department.
const Access kOversight{true, {engine::Role::kAuditor, engine::Role::kAdmin}};

// Prometheus text: requests, transitions by event, activities by eligibility.
void Metrics(app::Application& app, const Router& router, Exchange& x) {
  const app::OperationalCounts counts = app.Counts();
  std::ostringstream out;
  out << router.metrics().Render();
  out << "# HELP ictgate_transitions_total Events in the log, by type.\n"
         "# TYPE ictgate_transitions_total counter\n";
  for (const auto& [type, n] : counts.events_by_type) {
    out << "ictgate_transitions_total{event=\"" << type << "\"} " << n << "\n";
  }
  out << "# HELP ictgate_activities_eligibility Activities by funding eligibility now.\n"
         "# TYPE ictgate_activities_eligibility gauge\n";
  for (const auto& [status, n] : counts.activities_by_eligibility) {
    out << "ictgate_activities_eligibility{status=\"" << status << "\"} " << n << "\n";
  }
  x.res.set_content(out.str(), "text/plain; version=0.0.4");
}

// Ready when the database answers a read on the connection reads use.
void Ready(app::Audit& audit, Exchange& x) {
  try {
    const auto head = audit.Head();
    SendJson(x, {{"status", "up"}, {"checks", {{"database", "up"}}}, {"chainLength", head.length}});
  } catch (const std::exception&) {
    x.res.set_header("Retry-After", "5");
    SendProblem(x.res, 503, "the database does not answer");
  }
}

// The same checks as `ictgate audit verify`: the chain, every stored record
// against the replay of its log, and every document against its hash.
void Verification(app::Audit& audit, Exchange& x) {
  const app::AuditReport report = audit.Verify();
  const app::ChainVerification& v = report.chain;
  SendJson(
      x, {{"ok", report.ok()},
          {"checked", v.checked},
          {"destroyed", v.destroyed},
          {"head", {{"length", v.head.length}, {"hash", v.head.hash}}},
          {"brokenAt", v.broken_at ? json(*v.broken_at) : json()},
          {"problem", v.problem},
          {"replay",
           {{"activities", report.replay.activities}, {"mismatches", report.replay.mismatches}}},
          {"documents",
           {{"checked", report.documents.checked}, {"problems", report.documents.problems}}},
          {"recordLog",
           {{"ok", report.record_log.ok},
            {"checked", report.record_log.checked},
            {"brokenAt", report.record_log.broken_at ? json(*report.record_log.broken_at) : json()},
            {"problem", report.record_log.problem}}}});
}

// A positive chain position in `text`; nullopt after answering 400.
std::optional<int64_t> ReadSeq(Exchange& x, const std::string& text, const std::string& name) {
  return ReadPositive(x, text, name, name + " must be a chain position (1 or more)",
                      "not a position");
}

// A range of the chain, for an auditor who holds an anchored head: entries
// from `from` (default 1), up to `limit` (default 100).
void Entries(app::Audit& audit, Exchange& x) {
  x.keeps_pseudonyms = true;  // the entries as hashed
  const auto from =
      ReadSeq(x, x.req.has_param("from") ? x.req.get_param_value("from") : "1", "from");
  if (!from) return;
  int64_t limit = 100;
  if (!ReadLimit(x, limit)) return;
  json items = json::array();
  const auto entries = audit.Entries(*from, limit);
  for (const auto& e : entries) items.push_back(EventJson(e));
  const bool more = static_cast<int64_t>(entries.size()) == limit;
  SendJson(x, {{"items", items}, {"nextFrom", more ? json(entries.back().seq + 1) : json()}});
}

void Entry(app::Audit& audit, Exchange& x) {
  x.keeps_pseudonyms = true;
  const auto seq = ReadSeq(x, x.Param(1), "seq");
  if (!seq) return;
  const auto entries = audit.Entries(*seq, 1);
  if (entries.empty()) return SendProblem(x.res, 404, "no chain entry " + x.Param(1));
  SendJson(x, EventJson(entries.front()));
}

}  // namespace

std::vector<Route> OperationRoutes(app::Application& app, const Router& router) {
  app::Audit& audit = app.audit();
  return {
      {"GET", "/openapi.json", kPublic, Body::kNone,
       [](Exchange& x) { x.res.set_content(OpenApiText(), "application/json"); }},
      {"GET", "/health/live", kPublic, Body::kNone,
       [](Exchange& x) { x.res.set_content(R"({"status":"up"})", "application/json"); }},
      {"GET", "/health/ready", kPublic, Body::kNone, [&audit](Exchange& x) { Ready(audit, x); }},
      {"GET", "/metrics", kOversight, Body::kNone,
       [&app, &router](Exchange& x) { Metrics(app, router, x); }},
      {"GET", "/audit/verification", kOversight, Body::kNone,
       [&audit](Exchange& x) { Verification(audit, x); }},
      {"GET", "/audit/head", kOversight, Body::kNone,
       [&audit](Exchange& x) {
         const app::ChainHead head = audit.Head();
         SendJson(x, {{"length", head.length}, {"hash", head.hash}});
       }},
      {"GET", "/audit/entries", kOversight, Body::kNone,
       [&audit](Exchange& x) { Entries(audit, x); }},
      {"GET", "/audit/entries/{seq}", kOversight, Body::kNone,
       [&audit](Exchange& x) { Entry(audit, x); }},
  };
}

}  // namespace ictgate::api
