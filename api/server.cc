#include "api/server.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "api/openapi_document.h"
#include "api/request_schema.h"
#include "api/router.h"
#include "api/routes.h"

namespace ictgate::api {

ConnectionLimits TransportLimits(const ServerOptions& options) {
  ConnectionLimits limits = options.connections;
  limits.max_body_bytes = options.max_body_bytes;
  limits.max_document_bytes = options.max_document_bytes;
  return limits;
}

namespace {

// `routes` with the two reads most requests are (a gate view, an
// eligibility now) first. cpp-httplib tries a method's routes' regexes in
// the order they were added, about 1.4 us for each that does not match
// (std::regex, measured on this machine), and these two came after ten and
// after fifteen others. The patterns are anchored and disjoint, so the
// order changes which is tried first, never which one matches.
std::vector<Route> MostFrequentFirst(std::vector<Route> routes) {
  std::stable_partition(routes.begin(), routes.end(), [](const Route& r) {
    return r.method == "GET" &&
           (r.path == "/activities/{id}/gate" || r.path == "/activities/{id}/eligibility");
  });
  return routes;
}

}  // namespace

ApiServer::ApiServer(app::Application& app, const ServerOptions& options)
    : low_priority_(std::make_unique<LowPriorityLane>(options.low_priority_threads)),
      http_(std::make_unique<HttpTransport>(TransportLimits(options), OverCapacityAnswer())),
      schemas_(std::make_unique<RequestSchemas>(nlohmann::json::parse(OpenApiText()))) {
  router_ = std::make_unique<Router>(
      *http_, app.tokens(), app.sessions(), options.oidc, *schemas_, app.service().actors(),
      RouterLimits{options.max_body_bytes, options.max_document_bytes, options.max_json_depth,
                   options.max_string_bytes, options.cors_origins, options.trusted_proxies});
  std::vector<Route> routes = OperationRoutes(app, *router_);
  for (auto& more :
       {ActivityRoutes(app), DocumentRoutes(app), EligibilityRoutes(app, *low_priority_),
        ConditionRoutes(app, *low_priority_), AcictRoutes(app, *low_priority_),
        PublicRoutes(app, *low_priority_), PolicyPackRoutes(app, *low_priority_),
        WebhookRoutes(app), PrivacyRoutes(app), ExportRoutes(app, *low_priority_),
        SessionRoutes(app, options.demo_users, options.oidc)}) {
    routes.insert(routes.end(), more.begin(), more.end());
  }
  router_->AddAll(MostFrequentFirst(std::move(routes)));
  AddDashboard(*router_);
  if (options.oidc) AddSignInPages(*router_, app, *options.oidc);
}

ApiServer::~ApiServer() {
  Stop();
}

bool ApiServer::Bind(const std::string& host, int port) {
  return port != 0 && http_->Bind(host, port) == port;
}
int ApiServer::BindToAnyPort(const std::string& host) {
  return http_->Bind(host, 0);
}
bool ApiServer::Listen() {
  return http_->Serve();
}
void ApiServer::Stop() {
  if (http_->is_running()) http_->stop();
}
bool ApiServer::IsRunning() const {
  return http_->is_running();
}
size_t ApiServer::OpenConnections() const {
  return http_->OpenConnections();
}

std::vector<std::pair<std::string, std::string>> ApiServer::RouteTable() const {
  return router_->Table();
}

}  // namespace ictgate::api
