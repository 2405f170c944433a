// The API's routes, one function per resource, each returning its entries
// of the route table (api/router.h). ApiServer adds them all.
#ifndef ICTGATE_API_ROUTES_H_
#define ICTGATE_API_ROUTES_H_

#include <vector>

#include "api/low_priority_lane.h"
#include "api/router.h"
#include "app/application.h"
#include "app/demo_seed.h"
#include "app/oidc.h"

namespace ictgate::api {

// /activities and everything under it: registration, reads, the lifecycle's
// event resources, links, gate and assessments.
std::vector<Route> ActivityRoutes(app::Application& app);
// /activities/{id}/documents: the dossier's documents by content, upload
// and download.
std::vector<Route> DocumentRoutes(app::Application& app);
// /activities/{id}/eligibility and /eligibility (a department's, answered
// on `low_priority`).
std::vector<Route> EligibilityRoutes(app::Application& app, LowPriorityLane& low_priority);
// /conditions: the open conditions of a department's activities (answered on
// `low_priority`).
std::vector<Route> ConditionRoutes(app::Application& app, LowPriorityLane& low_priority);
// /acict-advices: the public register of the AcICT's advices (answered on
// `low_priority`).
std::vector<Route> AcictRoutes(app::Application& app, LowPriorityLane& low_priority);
// /public/records(.atom): the parts of records their packs mark public, for
// anyone (answered on `low_priority`).
std::vector<Route> PublicRoutes(app::Application& app, LowPriorityLane& low_priority);
// /policy-packs: the registered versions and what-if (answered on
// `low_priority`).
std::vector<Route> PolicyPackRoutes(app::Application& app, LowPriorityLane& low_priority);
// /dashboard-export/{sheet}: the government ICT dashboard's sheets as CSV
// (CIO office, SG, oversight; answered on `low_priority`).
std::vector<Route> ExportRoutes(app::Application& app, LowPriorityLane& low_priority);
// /privacy/erasures (admin): a person's name out of the record; and
// /audit/record-log (auditor, admin): the record log.
std::vector<Route> PrivacyRoutes(app::Application& app);
// /webhooks: subscriptions and deliveries (admin).
std::vector<Route> WebhookRoutes(app::Application& app);
// The contract, health, metrics and the audit chain. `router` provides the
// request metrics.
std::vector<Route> OperationRoutes(app::Application& app, const Router& router);
// /session: the dashboard's sign-in, who is signed in, sign-out; with
// `demo_users` (serve --demo) the demo sign-in and /session/demo-users;
// /session/options says whether `oidc` (may be null) is there.
std::vector<Route> SessionRoutes(app::Application& app,
                                 const std::vector<app::DemoToken>& demo_users,
                                 app::OidcClient* oidc);
// /auth/login and /auth/callback: the sign-in through the identity provider
// (browser navigations outside /api/v1). `oidc` must outlive the router.
void AddSignInPages(Router& router, app::Application& app, app::OidcClient& oidc);
// The dashboard's static files at / (outside /api/v1).
void AddDashboard(Router& router);

}  // namespace ictgate::api

#endif  // ICTGATE_API_ROUTES_H_
