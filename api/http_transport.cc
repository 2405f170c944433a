#include "api/http_transport.h"

#include <sys/socket.h>

#include <algorithm>
#include <memory>

namespace ictgate::api {
namespace {

// The library's accept loop hands each connection to its task queue; this
// one passes it straight on (to process_and_close_socket, so to the poller):
// no connection waits in the library.
class Inline final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

HttpTransport::HttpTransport(const ConnectionLimits& limits, std::string over_capacity_answer) {
  // docs/platform-notes.md: Nagle makes small answers ~100x slower.
  set_tcp_nodelay(true);
  set_payload_max_length(std::max(limits.max_body_bytes, limits.max_document_bytes));
  // Only what the library puts in its Keep-Alive header: the poller enforces them.
  set_keep_alive_max_count(limits.max_requests_per_connection);
  const auto idle = std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout);
  set_keep_alive_timeout(std::max<time_t>(1, idle.count()));
  new_task_queue = [] { return new Inline(); };
  poller_ = std::make_unique<ConnectionPoller>(
      limits, std::move(over_capacity_answer),
      [this](httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
      });
}

HttpTransport::~HttpTransport() {
  if (is_running()) stop();
  poller_->Stop();
}

bool HttpTransport::process_and_close_socket(socket_t sock) {
  poller_->Admit(sock);
  return true;
}

int HttpTransport::Bind(const std::string& host, int port) {
  // The library calls this for the socket it is about to bind (the last call
  // is the one that succeeded), so the listening socket can be found again.
  auto listening = std::make_shared<socket_t>(-1);
  set_socket_options([listening](socket_t sock) {
    httplib::default_socket_options(sock);  // which this callback replaces
    *listening = sock;
  });
  int bound = port;
  if (port == 0) {
    bound = bind_to_any_port(host);
  } else if (!bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound < 0) return -1;
  // listen() again on a listening socket only changes its backlog. With a
  // backlog of 5, a burst of connections overflowed the accept queue
  // (docs/platform-notes.md).
  if (::listen(*listening, SOMAXCONN) != 0) return -1;
  return bound;
}

bool HttpTransport::Serve() {
  const bool ok = listen_after_bind();
  poller_->Stop();
  return ok;
}

std::string PlainOverCapacityAnswer() {
  const std::string body = R"({"type":"about:blank","title":"Service Unavailable","status":503,)"
                           R"("detail":"too many open connections; retry shortly"})";
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
         "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace ictgate::api
