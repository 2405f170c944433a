// /dashboard-export/{sheet}: the government ICT dashboard's sheets as CSV
// (app/dashboard_export.h), for the CIO office that delivers them and for
// oversight, without a terminal.
#include <sstream>

#include "api/problem.h"
#include "api/routes.h"
#include "app/application.h"

namespace ictgate::api {
namespace {

void Sheet(app::Service& service, LowPriorityLane& low_priority, Exchange& x) {
  const auto department = ReadDepartment(x);
  if (!department) return;
  const std::string file = x.Param(1) + ".csv";
  std::vector<app::DashboardSheet> sheets;
  low_priority.Run([&] { sheets = service.DashboardExport(*department, x.Caller()); });
  for (const auto& sheet : sheets) {
    if (sheet.file != file) continue;
    std::ostringstream out;
    app::WriteSheet(sheet, out);
    std::string scope = *department;
    if (scope.empty()) scope = x.Caller().department == "*" ? "alle" : x.Caller().department;
    x.res.set_header("Content-Disposition",
                     "attachment; filename=\"" + x.Param(1) + "-" + scope + ".csv\"");
    x.res.set_content(out.str(), "text/csv; charset=utf-8");
    return;
  }
  SendProblem(x.res, 404,
              "no sheet " + x.Param(1) +
                  " (activiteitenoverzicht, mijlpalen, kwaliteitstoetsen, tweede-kamerstukken, "
                  "doorlooptijd-en-kosten, peildatum-en-status)");
}

}  // namespace

std::vector<Route> ExportRoutes(app::Application& app, LowPriorityLane& low_priority) {
  static const Access kDelivering{true,
                                  {engine::Role::kCio, engine::Role::kSg, engine::Role::kAuditor,
                                   engine::Role::kAdmin, engine::Role::kCioRijk}};
  app::Service& service = app.service();
  return {{"GET", "/dashboard-export/{sheet}", kDelivering, Body::kNone,
           [&service, &low_priority](Exchange& x) { Sheet(service, low_priority, x); }}};
}

}  // namespace ictgate::api
