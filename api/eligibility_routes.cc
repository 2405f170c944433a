// Funding eligibility: of one activity, and of a department's portfolio.
#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"
#include "engine/eligibility.h"
#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// The eligibility now is kept per activity version while it holds
// (api/answer_cache.h), with its instant filled in at each send; an answer
// as of another instant (?at=) is judged each time.
void OneActivity(app::Service& service, AnswerCache& answers, Exchange& x) {
  const auto at = ReadAt(x, service.clock().Now());
  if (!at) return;
  const std::string id = x.Param(1);
  const std::string key = "eligibility\n" + id;
  const bool now = !x.req.has_param("at");
  const auto not_found = [&] {
    SendProblem(x.res, 404, NoActivity(id) + " at " + engine::FormatInstant(*at));
  };
  if (now) {
    if (const auto version = service.VersionOf(id)) {
      if (const auto kept = answers.Find(key, *version, *at, "")) {
        if (!engine::CoversDepartment(x.Caller(), kept->department)) return not_found();
        return SendJsonText(x, kept->Text(*at));
      }
    }
  }
  const auto report = service.Eligibility(id, x.Caller(), *at);
  if (!report) return not_found();
  std::string text = EligibilityJson(report->activity, report->eligibility, *at).dump();
  if (now) {
    KeptAnswer answer = WithInstant(text, *at);
    answer.department = report->activity.department;
    // The status and the conditions' overdue flags change at the deadlines
    // alone (EligibilityChangesAt is NextDeadline, or nothing).
    answer.until = engine::NextDeadline(report->activity, *at);
    answers.Put(key, report->activity.version, std::move(answer));
  }
  SendJsonText(x, std::move(text));
}

// The summary counts every activity; the items are one page of them, so that
// the answer stays small however large the department.
void Department(app::Service& service, LowPriorityLane& low_priority, Exchange& x) {
  const auto at = ReadAt(x, service.clock().Now());
  if (!at) return;
  const auto department = ReadDepartment(x);
  if (!department) return;
  int64_t limit = 100;
  if (!ReadLimit(x, limit)) return;
  const bool as_of = x.req.has_param("at");
  // A page of records judged and rendered: on the low-priority lane. The
  // answers judged again are stored from this worker, because a lane thread
  // must not hold the store's write lock: under load it may not run for a
  // while, and every transition would wait for it.
  app::EligibilityPage page;
  json answer;
  low_priority.Run([&] {
    page = service.DepartmentEligibility(*department, x.Caller(), as_of ? at : std::nullopt,
                                         x.req.get_param_value("cursor"), limit);
    json items = json::array();
    for (const auto& r : page.items) {
      items.push_back(EligibilityJson(r.activity, r.eligibility, r.at));
    }
    answer = {{"at", engine::FormatInstant(*at)},
              {"department", department->empty() ? json() : json(*department)},
              {"summary", page.summary},
              {"items", items},
              {"nextCursor", page.next_cursor.empty() ? json() : json(page.next_cursor)}};
  });
  service.StoreJudgedAgain(page);
  SendJson(x, answer);
}

}  // namespace

std::vector<Route> EligibilityRoutes(app::Application& app, LowPriorityLane& low_priority,
                                     AnswerCache& answers) {
  app::Service& service = app.service();
  return {
      {"GET", "/activities/{id}/eligibility", kAnyRole, Body::kNone,
       [&service, &answers](Exchange& x) { OneActivity(service, answers, x); }},
      {"GET", "/eligibility", kAnyRole, Body::kNone,
       [&service, &low_priority](Exchange& x) { Department(service, low_priority, x); }},
  };
}

}  // namespace ictgate::api
