// The HTTP transport every ictgate server runs on: cpp-httplib's parser,
// router and hooks, with its connections held by a ConnectionPoller
// (api/connection_poller.h) instead of a thread each. The benchmarks' bare
// handler (bench/) runs on it too, so that it is measured under exactly the
// same transport.
//
// cpp-httplib 0.11 hands each accepted socket to the virtual
// process_and_close_socket; this class overrides it to pass the socket to
// the poller, which later calls the library's process_request for each
// buffered request.
#ifndef ICTGATE_API_HTTP_TRANSPORT_H_
#define ICTGATE_API_HTTP_TRANSPORT_H_

#include <memory>
#include <string>

#include <httplib.h>

#include "api/connection_poller.h"

namespace ictgate::api {

class HttpTransport : public httplib::Server {
 public:
  // `over_capacity_answer` is the complete HTTP answer for a connection past
  // limits.max_connections.
  HttpTransport(const ConnectionLimits& limits, std::string over_capacity_answer);
  ~HttpTransport() override;

  // Binds to host:port (port 0: any free port) with a listen backlog of
  // SOMAXCONN instead of the library's 5, and returns the port bound, or -1
  // when the address is taken or invalid.
  int Bind(const std::string& host, int port);
  // Accepts until stop(), then closes waiting connections and lets the
  // requests in service finish. Returns false if the server failed.
  bool Serve();

  size_t OpenConnections() const { return poller_->OpenConnections(); }

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::unique_ptr<ConnectionPoller> poller_;
};

// A minimal answer for a connection past the cap, when no richer one is given.
std::string PlainOverCapacityAnswer();

}  // namespace ictgate::api

#endif  // ICTGATE_API_HTTP_TRANSPORT_H_
