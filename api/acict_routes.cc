// /acict-advices: the register of the AcICT's advices, with the minister's
// bestuurlijke reactie and the AcICT's naschrift: public documents
// (Aanwijzing voor de regelgeving 7.5b), so every role reads every
// department's. The steps recorded with them that are not public (the
// request, the selection, the follow-ups) and who recorded them stay out.
#include "api/routes.h"
#include "engine/acict.h"
#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// A public step without the name of who recorded it.
json Published(json step) {
  if (step.is_object()) step.erase("by");
  return step;
}

void Register(app::Service& service, LowPriorityLane& low_priority, Exchange& x) {
  const std::string department = x.req.get_param_value("department");
  if (!department.empty() && !engine::IsDepartmentCode(department)) {
    return SendInvalid(x, "department must be 2 to 10 capital letters", "department",
                       "is not a department code");
  }
  json items = json::array();
  low_priority.Run([&] {
    for (const engine::Activity& a : service.WithAcictAdvice(department)) {
      items.push_back({{"activityId", a.id},
                       {"title", a.title},
                       {"department", a.department},
                       {"advice", Published(a.acict.advice)},
                       {"reaction", Published(a.acict.reaction)},
                       {"naschrift", Published(a.acict.naschrift)}});
    }
  });
  SendJson(x, {{"department", department.empty() ? json() : json(department)},
               {"items", std::move(items)}});
}

}  // namespace

std::vector<Route> AcictRoutes(app::Application& app, LowPriorityLane& low_priority) {
  app::Service& service = app.service();
  return {{"GET", "/acict-advices", kAnyRole, Body::kNone,
           [&service, &low_priority](Exchange& x) { Register(service, low_priority, x); }}};
}

}  // namespace ictgate::api
