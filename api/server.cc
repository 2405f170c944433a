#include "api/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <memory>

#include "api/bounded_queue.h"
#include "api/openapi_document.h"
#include "api/request_schema.h"
#include "api/router.h"
#include "api/routes.h"

namespace ictgate::api {

void ConfigureTransport(httplib::Server& http, const ServerOptions& options) {
  // docs/platform-notes.md: Nagle and 5 requests per keep-alive connection
  // make the defaults ~100x slower.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(options.max_body_bytes);
  const size_t threads = static_cast<size_t>(std::max(1, options.worker_threads));
  const size_t queued = options.max_queued_connections;
  http.new_task_queue = [threads, queued] { return new BoundedQueue(threads, queued); };
}

int BindTransport(httplib::Server& http, const std::string& host, int port) {
  // The library calls this for the socket it is about to bind (the last call
  // is the one that succeeded), so the listening socket can be found again.
  auto listening = std::make_shared<socket_t>(-1);
  http.set_socket_options([listening](socket_t sock) {
    httplib::default_socket_options(sock);  // which this callback replaces
    *listening = sock;
  });
  int bound = port;
  if (port == 0) {
    bound = http.bind_to_any_port(host);
  } else if (!http.bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) return -1;
  // listen() again on a listening socket only changes its backlog.
  if (::listen(*listening, SOMAXCONN) != 0) return -1;
  return bound;
}

ApiServer::ApiServer(app::Application& app, const ServerOptions& options)
    : http_(std::make_unique<httplib::Server>()),
      schemas_(std::make_unique<RequestSchemas>(nlohmann::json::parse(OpenApiText()))) {
  ConfigureTransport(*http_, options);
  router_ = std::make_unique<Router>(
      *http_, app.tokens(), *schemas_,
      RouterLimits{options.max_body_bytes, options.max_json_depth, options.max_string_bytes,
                   options.cors_origins, options.trusted_proxies});
  router_->AddAll(OperationRoutes(app, *router_));
  router_->AddAll(ActivityRoutes(app));
  router_->AddAll(EligibilityRoutes(app));
  router_->AddAll(PolicyPackRoutes(app));
  router_->AddAll(WebhookRoutes(app));
  AddDashboard(*router_);
}

ApiServer::~ApiServer() {
  Stop();
}

bool ApiServer::Bind(const std::string& host, int port) {
  return port != 0 && BindTransport(*http_, host, port) == port;
}
int ApiServer::BindToAnyPort(const std::string& host) {
  return BindTransport(*http_, host, 0);
}
bool ApiServer::Listen() {
  return http_->listen_after_bind();
}
void ApiServer::Stop() {
  if (http_->is_running()) http_->stop();
}
bool ApiServer::IsRunning() const {
  return http_->is_running();
}

std::vector<std::pair<std::string, std::string>> ApiServer::RouteTable() const {
  return router_->Table();
}

}  // namespace ictgate::api
