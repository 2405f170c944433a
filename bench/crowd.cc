#include "bench/crowd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ictgate::bench {
namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot open idle socket");
  }
  return fd;
}

// Sockets that sent half a request line and then nothing.
std::vector<int> OpenIdle(int port, int n) {
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    fds.push_back(Connect(port));
    const char half[] = "GET /api/v1/heal";
    if (send(fds.back(), half, sizeof half - 1, MSG_NOSIGNAL) < 0) {
      throw std::runtime_error("idle socket refused");
    }
  }
  return fds;
}

// Closes the sockets; returns how many the server had not closed.
int CloseIdle(const std::vector<int>& fds) {
  int open = 0;
  for (const int fd : fds) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) == 0) ++open;  // nothing to read: no EOF, no answer
    close(fd);
  }
  return open;
}

}  // namespace

CrowdFigures MeasureCrowd(int port, const CrowdShape& shape,
                          const std::function<Request(int client)>& readers,
                          const std::string& newcomer_path) {
  CrowdFigures f;
  f.keep_alive = RunClients(port, shape.keep_alive_clients, shape.seconds, readers);

  const std::vector<int> idle = OpenIdle(port, shape.idle_sockets);
  std::thread crowd([&] {
    f.readers = RunClients(port, shape.keep_alive_clients, shape.seconds, readers);
  });
  // RunClients' clients keep their connection; each newcomer opens its own.
  f.newcomers = RunClients(port, 1, shape.seconds, [&](int) -> Request {
    return [&](httplib::Client&) {
      httplib::Client fresh("127.0.0.1", port);
      fresh.set_connection_timeout(5);
      fresh.set_read_timeout(5);
      const auto r = fresh.Get(newcomer_path);
      return r && r->status == 200;
    };
  });
  crowd.join();
  f.idle_open_after = CloseIdle(idle);
  return f;
}

}  // namespace ictgate::bench
