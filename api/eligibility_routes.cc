// Funding eligibility: of one activity, and of a department's portfolio.
#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

void OneActivity(app::Service& service, Exchange& x) {
  const auto at = ReadAt(x, service.clock().Now());
  if (!at) return;
  const auto report = service.Eligibility(x.Param(1), x.Caller(), *at);
  if (!report) {
    return SendProblem(x.res, 404, NoActivity(x.Param(1)) + " at " + engine::FormatInstant(*at));
  }
  SendJson(x, EligibilityJson(report->activity, report->eligibility, *at));
}

// The summary counts every activity; the items are one page of them, so that
// the answer stays small however large the department.
void Department(app::Service& service, Exchange& x) {
  const auto at = ReadAt(x, service.clock().Now());
  if (!at) return;
  const auto department = ReadDepartment(x);
  if (!department) return;
  int64_t limit = 100;
  if (!ReadLimit(x, limit)) return;
  const std::string cursor = x.req.get_param_value("cursor");
  json items = json::array();
  std::string next;
  std::map<std::string, int64_t> summary;
  service.ForEachEligibility(*department, x.Caller(), *at, [&](const app::EligibilityReport& r) {
    ++summary[std::string(engine::EligibilityStatusName(r.eligibility.status))];
    if (r.activity.id <= cursor) return true;
    if (static_cast<int64_t>(items.size()) < limit) {
      items.push_back(EligibilityJson(r.activity, r.eligibility, *at));
    } else if (next.empty()) {
      next = items.back()["activityId"];
    }
    return true;
  });
  SendJson(x, {{"at", engine::FormatInstant(*at)},
               {"department", department->empty() ? json() : json(*department)},
               {"summary", summary},
               {"items", items},
               {"nextCursor", next.empty() ? json() : json(next)}});
}

}  // namespace

std::vector<Route> EligibilityRoutes(app::Application& app) {
  app::Service& service = app.service();
  return {
      {"GET", "/activities/{id}/eligibility", kAnyRole, Body::kNone,
       [&service](Exchange& x) { OneActivity(service, x); }},
      {"GET", "/eligibility", kAnyRole, Body::kNone,
       [&service](Exchange& x) { Department(service, x); }},
  };
}

}  // namespace ictgate::api
