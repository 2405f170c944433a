#include "api/connection_poller.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

namespace ictgate::api {
namespace {

using std::chrono::milliseconds;

// Refused connections are drained until the client closes, so that closing
// never resets a connection whose answer the client has not read yet. This
// many at most; past it a refused connection is closed at once.
constexpr size_t kMaxRefusing = 1024;
constexpr milliseconds kRefusedLinger{1000};
// How often waiting connections are checked against their deadlines.
constexpr milliseconds kSweepInterval{50};
constexpr size_t kReadChunk = size_t{16} * 1024;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// How much of `data` (from its start) the next request needs before a worker
// can parse it without waiting for the client: the header, and a body of a
// declared Content-Length up to `max_body`. 0 while the header is incomplete.
// The framing's meaning is the parser's; this only decides when to start it,
// so a header it cannot make sense of is handed over at once.
size_t BytesToBuffer(std::string_view data, size_t max_body) {
  size_t header_end = data.find("\r\n\r\n");
  size_t terminator = 4;
  if (const size_t lf = data.find("\n\n"); lf < header_end) {
    header_end = lf;
    terminator = 2;
  }
  if (header_end == std::string_view::npos) return 0;
  const std::string_view header = data.substr(0, header_end);
  const size_t head = header_end + terminator;
  size_t body = 0;
  for (size_t start = header.find('\n'); start != std::string_view::npos;) {
    const size_t end = header.find('\n', start + 1);
    const std::string_view line = header.substr(start + 1, end - start - 1);
    start = end;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = Trim(line.substr(colon + 1));
    // A body of unknown length, or one sent only after 100 Continue: the
    // worker reads it, under the same deadline.
    if (EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Expect"))
      return head;
    if (EqualsIgnoreCase(name, "Content-Length")) {
      if (value.empty() || value.size() > 12 ||
          value.find_first_not_of("0123456789") != std::string_view::npos) {
        return head;
      }
      body = std::stoull(std::string(value));
      if (body > max_body) return head;
    }
  }
  return head + body;
}

void SetNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Waits until `fd` is ready for `events` or `deadline` passes.
bool WaitFor(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  while (true) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;  // ready, or an error the next call reports
    if (n < 0 && errno != EINTR) return false;
  }
}

void Address(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? getpeername(fd, sa, &len) : getsockname(fd, sa, &len)) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

// Sends as much of `answer` as the socket takes now; refusing never waits.
void SendWithoutWaiting(int fd, const std::string& answer) {
  ssize_t n;
  do {
    n = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
}

}  // namespace

struct ConnectionPoller::Connection {
  enum class Phase { kWaiting, kServing, kRefused };
  int fd = -1;
  Phase phase = Phase::kWaiting;
  std::string in;   // received and not yet parsed from in[read]
  size_t read = 0;  // how much of `in` the parser has taken
  bool request_started = false;
  bool peer_closed = false;  // the client shut down its side after sending
  Clock::time_point deadline;
  size_t served = 0;
};

// The stream cpp-httplib parses a request from and writes its answer to:
// the connection's buffer first, then the socket, never past the request's
// deadline.
class ConnectionPoller::Stream final : public httplib::Stream {
 public:
  Stream(Connection& c, milliseconds write_timeout) : c_(c), write_timeout_(write_timeout) {}

  bool is_readable() const override {
    return c_.read < c_.in.size() || WaitFor(c_.fd, POLLIN, c_.deadline);
  }
  bool is_writable() const override {
    return WaitFor(c_.fd, POLLOUT, Clock::now() + write_timeout_);
  }
  ssize_t read(char* ptr, size_t size) override {
    if (c_.read == c_.in.size() && !Fill()) return -1;
    const size_t n = std::min(size, c_.in.size() - c_.read);
    std::memcpy(ptr, c_.in.data() + c_.read, n);
    c_.read += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    while (true) {
      const ssize_t n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!is_writable()) return -1;
    }
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(c_.fd, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(c_.fd, false, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

 private:
  // Reads more from the socket into the (fully consumed) buffer.
  bool Fill() {
    c_.in.clear();
    c_.read = 0;
    char buf[kReadChunk];
    while (WaitFor(c_.fd, POLLIN, c_.deadline)) {
      const ssize_t n = ::recv(c_.fd, buf, sizeof buf, 0);
      if (n > 0) {
        c_.in.append(buf, static_cast<size_t>(n));
        return true;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return false;
    }
    return false;  // past the request's deadline
  }

  Connection& c_;
  const milliseconds write_timeout_;
};

ConnectionPoller::ConnectionPoller(const ConnectionLimits& limits, std::string over_capacity_answer,
                                   ServeRequest serve)
    : limits_(limits),
      over_capacity_answer_(std::move(over_capacity_answer)),
      serve_(std::move(serve)),
      epoll_fd_(epoll_create1(EPOLL_CLOEXEC)),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      workers_(std::max<size_t>(1, limits.worker_threads), limits.max_queued) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    throw std::system_error(errno, std::generic_category(), "epoll or eventfd");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.ptr = nullptr;  // the only event without a connection
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  thread_ = std::thread([this] { Run(); });
}

ConnectionPoller::~ConnectionPoller() {
  Stop();
}

void ConnectionPoller::Admit(int fd) {
  SetNonBlocking(fd);
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) {
    ::close(fd);
    return;
  }
  if (open_ >= limits_.max_connections) {
    Refuse(fd);
    return;
  }
  auto c = std::make_unique<Connection>();
  c->fd = fd;
  c->deadline = Clock::now() + limits_.request_deadline;
  Connection& added = *c;
  connections_.emplace(fd, std::move(c));
  ++open_;
  Watch(added, true);
}

// Answers at once and half-closes; the client's bytes are drained until it
// closes too (or kRefusedLinger passes). Caller holds mutex_.
void ConnectionPoller::Refuse(int fd) {
  SendWithoutWaiting(fd, over_capacity_answer_);
  ::shutdown(fd, SHUT_WR);
  if (refusing_ >= kMaxRefusing) {
    ::close(fd);
    return;
  }
  auto c = std::make_unique<Connection>();
  c->fd = fd;
  c->phase = Connection::Phase::kRefused;
  c->deadline = Clock::now() + kRefusedLinger;
  Connection& added = *c;
  connections_.emplace(fd, std::move(c));
  ++refusing_;
  Watch(added, true);
}

// Waits for the connection's next bytes. One-shot, so that exactly one
// thread owns a connection at a time: the poller until it dispatches it, the
// worker until it calls Watch again. Caller holds mutex_.
void ConnectionPoller::Watch(Connection& c, bool first_time) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.ptr = &c;
  epoll_ctl(epoll_fd_, first_time ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev);
}

void ConnectionPoller::Run() {
  epoll_event events[256];
  auto last_sweep = Clock::now();
  while (true) {
    const int n = epoll_wait(epoll_fd_, events, 256, static_cast<int>(kSweepInterval.count()));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr != nullptr) OnReady(static_cast<Connection*>(events[i].data.ptr));
    }
    const auto now = Clock::now();
    if (now - last_sweep >= kSweepInterval) {
      CloseExpired(now);
      last_sweep = now;
    }
  }
}

void ConnectionPoller::OnReady(Connection* c) {
  std::unique_lock<std::mutex> lock(mutex_);  // also orders the buffer after the worker's writes
  if (c->phase == Connection::Phase::kRefused) {
    char buf[kReadChunk];
    ssize_t n;
    while ((n = ::recv(c->fd, buf, sizeof buf, 0)) > 0) {
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      CloseLocked(c);
    } else {
      Watch(*c, false);
    }
    return;
  }
  lock.unlock();
  const bool open = ReadAvailable(*c);
  if (RequestBuffered(*c)) {
    Dispatch(c);
    return;
  }
  lock.lock();
  if (open) {
    Watch(*c, false);
  } else {
    CloseLocked(c);
  }
}

// Reads what the socket has. False when the client closed or failed; a
// request sent before a shutdown of its side is still served.
bool ConnectionPoller::ReadAvailable(Connection& c) {
  char buf[kReadChunk];
  while (c.in.size() - c.read <= limits_.max_header_bytes + limits_.max_body_bytes) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (!c.request_started) {
        c.request_started = true;
        c.deadline = std::max(c.deadline, Clock::now() + limits_.request_deadline);
      }
      c.in.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    c.peer_closed = true;
    return false;
  }
  return true;
}

bool ConnectionPoller::RequestBuffered(const Connection& c) const {
  const std::string_view pending = std::string_view(c.in).substr(c.read);
  if (pending.empty()) return false;
  if (pending.size() > limits_.max_header_bytes + limits_.max_body_bytes) return true;
  const size_t needed = BytesToBuffer(pending, limits_.max_body_bytes);
  if (needed == 0) return pending.size() > limits_.max_header_bytes;
  return pending.size() >= needed;
}

void ConnectionPoller::Dispatch(Connection* c) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    c->phase = Connection::Phase::kServing;
    ++in_service_;
  }
  workers_.enqueue([this, c] { Serve(c); });
}

// On a worker: serves the buffered request, and any complete one pipelined
// behind it, then hands the connection back to the poller or closes it.
void ConnectionPoller::Serve(Connection* c) {
  bool keep = true;
  do {
    Stream stream(*c, limits_.write_timeout);
    bool client_closes = false;
    ++c->served;
    bool last = c->peer_closed || c->served >= limits_.max_requests_per_connection;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = last || stopping_;
    }
    keep = serve_(stream, last, client_closes) && !client_closes && !last;
    c->in.erase(0, c->read);
    c->read = 0;
    c->request_started = !c->in.empty();
    c->deadline =
        Clock::now() + (c->request_started ? limits_.request_deadline : limits_.idle_timeout);
  } while (keep && RequestBuffered(*c));
  std::lock_guard<std::mutex> lock(mutex_);
  --in_service_;
  if (keep && !stopping_) {
    c->phase = Connection::Phase::kWaiting;
    Watch(*c, false);
  } else {
    CloseLocked(c);
  }
  served_.notify_all();
}

void ConnectionPoller::CloseLocked(Connection* c) {
  const int fd = c->fd;
  (c->phase == Connection::Phase::kRefused ? refusing_ : open_)--;
  connections_.erase(fd);  // before close: the number may be reused at once
  ::close(fd);
}

void ConnectionPoller::CloseExpired(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = connections_.begin(); it != connections_.end();) {
    Connection* c = (it++)->second.get();
    if (c->phase != Connection::Phase::kServing && c->deadline <= now) CloseLocked(c);
  }
}

void ConnectionPoller::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t woke = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      Connection* c = (it++)->second.get();
      if (c->phase != Connection::Phase::kServing) CloseLocked(c);
    }
    served_.wait(lock, [this] { return in_service_ == 0; });
  }
  workers_.shutdown();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

size_t ConnectionPoller::OpenConnections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

}  // namespace ictgate::api
