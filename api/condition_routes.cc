// /conditions: the open conditions across a department's activities, the
// list a CIO office follows up (docs/spec.md section 4).
#include "api/routes.h"
#include "engine/conditions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

json ConditionJson(const engine::OpenCondition& o) {
  const engine::Condition& c = o.condition;
  return {{"activityId", o.activity_id},
          {"title", o.title},
          {"department", o.department},
          {"state", engine::StateName(o.state)},
          {"conditionId", c.id},
          {"text", c.text},
          {"criterion", c.criterion.empty() ? json() : json(c.criterion)},
          {"dueDate", engine::FormatDate(c.due)},
          {"overdue", o.overdue}};
}

// ?department= (default: every department the caller covers) and
// ?status=open (default: every open condition) or overdue. Scans the
// department's records: on the low-priority lane.
void Conditions(app::Service& service, LowPriorityLane& low_priority, Exchange& x) {
  const auto department = ReadDepartment(x);
  if (!department) return;
  const std::string status =
      x.req.has_param("status") ? x.req.get_param_value("status") : std::string("open");
  if (status != "open" && status != "overdue") {
    return SendInvalid(x, "status must be open or overdue", "status", "must be open or overdue");
  }
  const engine::Instant now = service.clock().Now();
  json items = json::array();
  int overdue = 0;
  low_priority.Run([&] {
    for (const auto& o :
         service.OpenConditions(*department, x.Caller(), now, status == "overdue")) {
      overdue += o.overdue ? 1 : 0;
      items.push_back(ConditionJson(o));
    }
  });
  SendJson(x, {{"at", engine::FormatZonedInstant(now)},
               {"department", department->empty() ? json() : json(*department)},
               {"open", items.size()},
               {"overdue", overdue},
               {"items", std::move(items)}});
}

}  // namespace

std::vector<Route> ConditionRoutes(app::Application& app, LowPriorityLane& low_priority) {
  app::Service& service = app.service();
  return {{"GET", "/conditions", kAnyRole, Body::kNone,
           [&service, &low_priority](Exchange& x) { Conditions(service, low_priority, x); }}};
}

}  // namespace ictgate::api
