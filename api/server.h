// The HTTP API v1 (docs/spec.md section 7) on cpp-httplib.
//
// Handlers only translate: HTTP in, an app/ call, HTTP out. Every error
// answer is application/problem+json, every answer carries API-Version. The
// routes are declared per resource (api/routes.h) in one table (api/router.h).
#ifndef ICTGATE_API_SERVER_H_
#define ICTGATE_API_SERVER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "api/exchange.h"
#include "api/http_transport.h"
#include "api/low_priority_lane.h"
#include "app/application.h"
#include "app/demo_seed.h"
#include "app/oidc.h"

namespace ictgate::api {

struct ServerOptions {
  size_t max_body_bytes = 1 << 20;               // 1 MiB
  size_t max_document_bytes = size_t{20} << 20;  // an uploaded dossier document: 20 MiB
  int max_json_depth = 32;
  size_t max_string_bytes = size_t{64} * 1024;  // any string or member name in a body
  // Workers, open connections, the keep-alive and request deadlines
  // (api/connection_poller.h). Its max_body_bytes and max_document_bytes are
  // set from the ones above.
  ConnectionLimits connections;
  // Origins allowed to call the API from a browser (CORS). The OpenAPI
  // document is open to every origin.
  std::vector<std::string> cors_origins;
  // Reverse proxies in front (their addresses, e.g. 127.0.0.1 for nginx on
  // this host): for a request from one of them, the request log names the
  // client its X-Forwarded-For names. Empty: the log names the peer.
  std::vector<std::string> trusted_proxies;
  // Threads of the low-priority lane (api/low_priority_lane.h) that answer
  // department eligibility and what-if, the answers over a whole portfolio.
  size_t low_priority_threads = LowPriorityLane::kDefaultThreads;
  // serve --demo: the users the dashboard's demo sign-in offers. Empty
  // (plain serve): the demo sign-in is refused.
  std::vector<app::DemoToken> demo_users;
  // serve --oidc: the identity provider, for the dashboard's sign-in and the
  // provider's access tokens on the API. Null: neither. Must outlive the server.
  app::OidcClient* oidc = nullptr;
};

// The transport limits of `options`, as the HTTP transport takes them.
ConnectionLimits TransportLimits(const ServerOptions& options);

class Router;
class RequestSchemas;

class ApiServer {
 public:
  // `app` must outlive the server.
  explicit ApiServer(app::Application& app, const ServerOptions& options = {});
  ~ApiServer();

  // Binds; returns false when the address is taken or invalid.
  bool Bind(const std::string& host, int port);
  // Binds to a free port and returns it (-1 on failure). For tests.
  int BindToAnyPort(const std::string& host);
  // Serves until Stop(); returns false if the server failed.
  bool Listen();
  void Stop();
  bool IsRunning() const;
  // Connections open now (waiting or in service).
  size_t OpenConnections() const;

  // Every route as (method, path relative to /api/v1, OpenAPI style):
  // ("GET", "/activities/{id}"). The contract test compares it with the
  // OpenAPI document.
  std::vector<std::pair<std::string, std::string>> RouteTable() const;

 private:
  // First, so that it goes last: a worker may wait in it until the
  // transport has stopped.
  std::unique_ptr<LowPriorityLane> low_priority_;
  std::unique_ptr<HttpTransport> http_;
  std::unique_ptr<RequestSchemas> schemas_;  // before router_, which uses it
  std::unique_ptr<Router> router_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_SERVER_H_
