// Holds every open connection of the HTTP server while no worker is serving
// it: a new one until its request has arrived, a kept-alive one between
// requests. One thread waits on all of them with epoll, and a connection goes
// to a worker only once a whole request is buffered (its header, and its body
// when the header gives a Content-Length). So an idle or slow client costs a
// file descriptor and a buffer, never a worker.
//
// Why: cpp-httplib serves a connection on one thread for the connection's
// whole life. With 8 workers, 8 idle keep-alive connections (two browser tabs)
// made every other client wait for the keep-alive timeout, and ~110 sockets
// sending half a request line filled the listen backlog (docs/operations.md,
// "Connections").
//
// Contract:
//  - At most `max_connections` are open. A connection past it is answered
//    `over_capacity_answer` (a complete HTTP response) at once and closed.
//  - A request's header and body must arrive within `request_deadline` of
//    the connection's accept or of the request's first byte, whichever is
//    later; past it the connection is closed. This holds for the bytes a
//    worker reads itself (a chunked body, after 100-continue) too.
//  - A kept-alive connection with no byte of a next request for
//    `idle_timeout` is closed.
//  - Requests wait for one of `worker_threads` in a queue of `max_queued`;
//    past it they are served on the shedding lane (api/bounded_queue.h),
//    which answers 503.
#ifndef ICTGATE_API_CONNECTION_POLLER_H_
#define ICTGATE_API_CONNECTION_POLLER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include <httplib.h>

#include "api/bounded_queue.h"

namespace ictgate::api {

struct ConnectionLimits {
  size_t max_connections = 2048;
  std::chrono::milliseconds idle_timeout{2000};
  std::chrono::milliseconds request_deadline{10000};
  std::chrono::milliseconds write_timeout{5000};  // per write of an answer
  size_t max_requests_per_connection = 1000;
  size_t max_header_bytes = size_t{64} * 1024;  // buffered at most; the parser's own limits apply
  size_t max_body_bytes = 1 << 20;  // a longer declared body goes to a worker unbuffered
  // The longest body the library reads at all (a dossier document's, which
  // the worker reads, unbuffered); the router refuses a longer one for any
  // other route before it is read.
  size_t max_document_bytes = size_t{20} << 20;
  size_t worker_threads = 128;
  size_t max_queued = 1024;
};

class ConnectionPoller {
 public:
  // Serves one request from `stream` (cpp-httplib's process_request):
  // answers with Connection: close when `close_connection`, sets
  // `connection_closed` when the client asked to close, and returns false
  // when the connection failed.
  using ServeRequest =
      std::function<bool(httplib::Stream& stream, bool close_connection, bool& connection_closed)>;

  ConnectionPoller(const ConnectionLimits& limits, std::string over_capacity_answer,
                   ServeRequest serve);
  ~ConnectionPoller();  // Stop()
  ConnectionPoller(const ConnectionPoller&) = delete;
  ConnectionPoller& operator=(const ConnectionPoller&) = delete;

  // Takes ownership of the accepted socket `fd`. Called by the accepting thread.
  void Admit(int fd);

  // Closes the waiting connections, lets the requests being served finish
  // (each answered with Connection: close), and stops every thread. After
  // it, Admit closes what it is given. Idempotent.
  void Stop();

  // Connections open now, not counting refused ones being closed.
  size_t OpenConnections() const;

 private:
  struct Connection;
  class Stream;
  using Clock = std::chrono::steady_clock;

  void Run();
  void OnReady(Connection* c);
  bool ReadAvailable(Connection& c);
  bool RequestBuffered(const Connection& c) const;
  void Dispatch(Connection* c);
  void Serve(Connection* c);
  void Refuse(int fd);
  void Watch(Connection& c, bool first_time);
  void CloseLocked(Connection* c);
  void CloseExpired(Clock::time_point now);

  const ConnectionLimits limits_;
  const std::string over_capacity_answer_;
  const ServeRequest serve_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd that ends the poller's wait on Stop

  mutable std::mutex mutex_;  // guards everything below, and hands connections between threads
  std::condition_variable served_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  size_t open_ = 0;        // connections_ not being refused
  size_t refusing_ = 0;    // refused, answered, draining the client's bytes until it closes
  size_t in_service_ = 0;  // dispatched to a worker and not yet back
  bool stopping_ = false;

  BoundedQueue workers_;
  std::thread thread_;  // last: it starts once everything above exists
};

}  // namespace ictgate::api

#endif  // ICTGATE_API_CONNECTION_POLLER_H_
