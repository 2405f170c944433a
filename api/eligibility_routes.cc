// Funding eligibility: of one activity, and of a department's portfolio.
#include "api/problem.h"
#include "api/routes.h"
#include "engine/answers.h"
#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// The eligibility now is the answer kept with the record while it holds
// (engine/answers.h), with the request's instant; an answer as of another
// instant (?at=) is judged on the record as it stood then.
void OneActivity(app::Service& service, Exchange& x) {
  const auto at = ReadAt(x, service.clock().Now());
  if (!at) return;
  const std::string id = x.Param(1);
  std::optional<std::string> text;
  if (!x.req.has_param("at")) {
    text = service.EligibilityNow(id, x.Caller(), *at);
  } else if (const auto report = service.Eligibility(id, x.Caller(), *at)) {
    text = engine::EligibilityJson(report->activity, report->eligibility, *at).dump();
  }
  if (!text) return SendNoActivity(x, service, id, " at " + engine::FormatZonedInstant(*at));
  SendAnswerText(x, service, std::move(*text));
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
  std::string answer;
  const engine::Language language = x.Language();
  low_priority.Run([&] {
    page = service.DepartmentEligibility(*department, x.Caller(), as_of ? at : std::nullopt,
                                         x.req.get_param_value("cursor"), limit);
    // The items are JSON text already: put together, not parsed again.
    std::string items;
    for (auto& item : page.items) {
      items += items.empty() ? "[" : ",";
      items += service.Localised(std::move(item.text), language);
    }
    items += items.empty() ? "[]" : "]";
    const json none;
    answer =
        "{\"at\":" + json(engine::FormatZonedInstant(*at)).dump() +
        ",\"department\":" + (department->empty() ? none : json(*department)).dump() +
        ",\"summary\":" + json(page.summary).dump() + ",\"items\":" + items +
        ",\"nextCursor\":" + (page.next_cursor.empty() ? none : json(page.next_cursor)).dump() +
        "}";
  });
  service.StoreJudgedAgain(page);
  SetContentLanguage(x);
  SendJsonText(x, std::move(answer));
}

}  // namespace

std::vector<Route> EligibilityRoutes(app::Application& app, LowPriorityLane& low_priority) {
  app::Service& service = app.service();
  return {
      {"GET", "/activities/{id}/eligibility", kAnyRole, Body::kNone,
       [&service](Exchange& x) { OneActivity(service, x); }},
      {"GET", "/eligibility", kAnyRole, Body::kNone,
       [&service, &low_priority](Exchange& x) { Department(service, low_priority, x); }},
  };
}

}  // namespace ictgate::api
