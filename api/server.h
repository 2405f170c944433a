// The HTTP API v1 (SPEC.md section 7) on cpp-httplib.
//
// Handlers only translate: HTTP in, a Service call, HTTP out. Every error
// answer is application/problem+json, every answer carries API-Version.
#ifndef ICTGATE_API_SERVER_H_
#define ICTGATE_API_SERVER_H_

#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "api/metrics.h"
#include "app/service.h"
#include "store/store.h"

namespace ictgate::api {

inline constexpr char kApiVersion[] = "1.0.0";

struct ServerOptions {
  size_t max_body_bytes = 1 << 20;  // 1 MiB
  int max_json_depth = 32;
  size_t max_string_bytes = size_t{64} * 1024;  // any string or member name in a body
  int worker_threads = 8;
  // Connections waiting for a worker; beyond it the answer is 503.
  size_t max_queued_connections = 64;
  // Origins allowed to call the API from a browser (CORS). The OpenAPI
  // document is open to every origin.
  std::vector<std::string> cors_origins;
};

// Applies the transport settings every ictgate server runs with: the body
// limit and the bounded worker pool of `options`, TCP_NODELAY, and long
// keep-alive. The benchmarks' bare handler (bench/) is configured here too,
// so that it is measured under exactly the same settings.
void ConfigureTransport(httplib::Server& http, const ServerOptions& options);

class ApiServer {
 public:
  // `service` and `store` must outlive the server.
  ApiServer(app::Service& service, store::Store& store, const ServerOptions& options = {});
  ~ApiServer();

  // Binds; returns false when the address is taken or invalid.
  bool Bind(const std::string& host, int port);
  // Binds to a free port and returns it (-1 on failure). For tests.
  int BindToAnyPort(const std::string& host);
  // Serves until Stop(); returns false if the server failed.
  bool Listen();
  void Stop();
  bool IsRunning() const;

  // Every route as (method, path relative to /api/v1, OpenAPI style):
  // ("GET", "/activities/{id}"). The contract test compares it with the
  // OpenAPI document.
  std::vector<std::pair<std::string, std::string>> RouteTable() const;

 private:
  struct Route {
    std::string method;
    std::string path;
    std::regex regex;
  };
  void Routes();
  void WebhookRoutes();
  void DashboardRoutes();
  void Add(const std::string& method, const std::string& path, httplib::Server::Handler inner);
  // "GET, PATCH, OPTIONS" for a path some route serves; empty otherwise.
  std::string AllowedMethods(const std::string& path) const;
  void Cors(const httplib::Request& req, httplib::Response& res) const;
  bool ReplayIdempotent(const httplib::Request& req, httplib::Response& res,
                        const engine::Actor& actor, int status,
                        std::optional<store::IdempotencyClaim>& claim);
  // What a write's action gets besides the body.
  struct WriteContext {
    const engine::Actor& actor;
    const std::string& request_id;
    std::optional<int64_t> expected_version;  // from If-Match
    const std::optional<store::IdempotencyClaim>& claim;
  };
  using WriteAction =
      std::function<std::optional<app::Result>(nlohmann::json& body, const WriteContext&)>;
  void Write(const httplib::Request& req, httplib::Response& res, int status, bool takes_body,
             const WriteAction& act);
  void Transition(const httplib::Request& req, httplib::Response& res,
                  const std::function<std::optional<engine::EventType>(nlohmann::json&)>& resolve);

  std::vector<Route> routes_;
  RequestMetrics metrics_;
  std::unique_ptr<httplib::Server> http_;
  app::Service& service_;
  store::Store& store_;
  ServerOptions options_;
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_SERVER_H_
