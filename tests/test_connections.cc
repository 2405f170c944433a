// Connections (api/connection_poller.h): idle and slow clients wait in the
// poller, not in a worker; the cap answers 503 at once; the keep-alive
// timeout and the whole-request deadline close what lingers.
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;

constexpr char kLive[] = "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\n\r\n";
constexpr char kLiveAndClose[] =
    "GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

// Gives up a blocking read after `seconds`, so that a test expecting the
// server to close fails instead of hanging when it does not.
void ReadTimeout(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// Reads one answer: its header, and its body by Content-Length.
std::string ReadAnswer(int fd) {
  std::string answer;
  char buf[8192];
  while (true) {
    const size_t end = answer.find("\r\n\r\n");
    if (end != std::string::npos) {
      const size_t length = answer.find("Content-Length: ");
      const size_t body =
          length < end ? std::stoul(answer.substr(length + 16)) : 0;  // 100 Continue has none
      if (answer.size() >= end + 4 + body) return answer;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return answer;
    answer.append(buf, static_cast<size_t>(n));
  }
}

// Waits (bounded) until the server counts `n` open connections: a close is
// seen by the poller a moment after the client's close() returns.
void AwaitOpen(LiveServer& server, size_t n) {
  for (int i = 0; i < 500 && server.OpenConnections() != n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(server.OpenConnections() == n);
}

// True when the server closed `fd` (EOF, or a reset), false when the read
// timed out with the connection still open.
bool ClosedByServer(int fd) {
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
  }
  return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

api::ServerOptions Workers(size_t workers) {
  api::ServerOptions options;
  options.connections.worker_threads = workers;
  return options;
}

TEST_CASE("idle and half-sent connections do not hold workers") {
  LiveServer server(Workers(2));
  // Eight kept-alive connections after one answer each (two browser tabs)
  // and twenty that sent half a request line.
  std::vector<int> kept, half;
  for (int i = 0; i < 8; ++i) {
    kept.push_back(ConnectLoopback(server.port()));
    Send(kept.back(), kLive);
    REQUIRE_THAT(ReadAnswer(kept.back()), Catch::StartsWith("HTTP/1.1 200 OK"));
  }
  for (int i = 0; i < 20; ++i) {
    half.push_back(ConnectLoopback(server.port()));
    Send(half.back(), "GET /api/v1/heal");
  }
  AwaitOpen(server, 28);

  // With two workers, a new client is answered while all 28 stay open.
  const auto r = server.client().Get("/api/v1/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(server.OpenConnections() >= 28);

  // And each of them is still served when it goes on.
  for (const int fd : kept) {
    Send(fd, kLiveAndClose);
    CHECK_THAT(ReadAll(fd), Catch::StartsWith("HTTP/1.1 200 OK"));
    close(fd);
  }
  for (const int fd : half) {
    Send(fd, "th/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK_THAT(ReadAll(fd), Catch::StartsWith("HTTP/1.1 200 OK"));
    close(fd);
  }
}

TEST_CASE("past the connection cap the answer is 503 with Retry-After, at once") {
  api::ServerOptions options;
  options.connections.max_connections = 4;
  LiveServer server(options);
  server.client().set_keep_alive(false);
  std::vector<int> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(ConnectLoopback(server.port()));
  AwaitOpen(server, 4);

  const int refused = ConnectLoopback(server.port());
  ReadTimeout(refused, 5);
  Send(refused, kLive);
  const std::string answer = ReadAll(refused);
  close(refused);
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK_THAT(answer, Catch::Contains("\r\nRetry-After: 1\r\n"));
  CHECK_THAT(answer, Catch::Contains("\r\nContent-Type: application/problem+json\r\n"));
  CHECK_THAT(answer, Catch::Contains("\r\nConnection: close\r\n"));
  CHECK_THAT(answer, Catch::Contains("\r\nAPI-Version: "));
  CHECK_THAT(answer, Catch::Contains("\"status\":503"));
  CHECK(answer.find("X-Frame-Options") == answer.rfind("X-Frame-Options"));
  CHECK(server.OpenConnections() == 4);  // the refused one was never counted

  // Once one closes, there is room again.
  close(idle.back());
  idle.pop_back();
  AwaitOpen(server, 3);
  const auto r = server.client().Get("/api/v1/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
  for (const int fd : idle) close(fd);
}

TEST_CASE("a request that drips past the whole-request deadline is cut off") {
  api::ServerOptions options;
  options.connections.request_deadline = std::chrono::milliseconds(300);
  LiveServer server(options);

  SECTION("in its header: the poller closes it") {
    const int fd = ConnectLoopback(server.port());
    ReadTimeout(fd, 5);
    Send(fd, "GET /api/v1/health/live HTTP/1.1\r\n");
    // One header byte every 100 ms: each read is quick, the whole is not.
    const std::string rest = "Host: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    size_t sent = 0;
    for (; sent < rest.size(); ++sent) {
      if (send(fd, &rest[sent], 1, MSG_NOSIGNAL) != 1) break;
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) break;  // the server answered or closed
    }
    CHECK(sent < rest.size());
    CHECK(ClosedByServer(fd));
    close(fd);
  }
  SECTION("in its body, read by a worker: the stream stops at the deadline") {
    const int fd = ConnectLoopback(server.port());
    ReadTimeout(fd, 5);
    Send(fd,
         "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: 40\r\nExpect: 100-continue\r\n\r\n");
    CHECK_THAT(ReadAnswer(fd), Catch::StartsWith("HTTP/1.1 100 Continue"));
    Send(fd, "{");  // and no more
    CHECK(ClosedByServer(fd));
    close(fd);
  }
  // The server goes on serving.
  const auto r = server.client().Get("/api/v1/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("a kept-alive connection idle past the keep-alive timeout is closed") {
  api::ServerOptions options;
  options.connections.idle_timeout = std::chrono::milliseconds(200);
  LiveServer server(options);
  const int fd = ConnectLoopback(server.port());
  ReadTimeout(fd, 5);
  Send(fd, kLive);
  const std::string answer = ReadAnswer(fd);
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 200 OK"));
  CHECK_THAT(answer, Catch::Contains("Keep-Alive: timeout=1"));
  CHECK(ClosedByServer(fd));
  close(fd);
  AwaitOpen(server, 0);
}

TEST_CASE("buffering keeps HTTP's framing: pipelining, bodies in pieces, half-close") {
  LiveServer server;
  const std::string token = server.tokens().at("owner");
  SECTION("two pipelined requests are answered in order") {
    const int fd = ConnectLoopback(server.port());
    ReadTimeout(fd, 5);
    Send(fd, std::string(kLive) +
                 "GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string answers = ReadAll(fd);
    close(fd);
    const size_t second = answers.find("HTTP/1.1 404");
    CHECK_THAT(answers, Catch::StartsWith("HTTP/1.1 200 OK"));
    CHECK(second != std::string::npos);
  }
  SECTION("a body sent in two parts is read whole") {
    const std::string body = GreenActivity().dump();
    const int fd = ConnectLoopback(server.port());
    ReadTimeout(fd, 5);
    Send(fd, "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                 "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Send(fd, body.substr(10));
    CHECK_THAT(ReadAll(fd), Catch::StartsWith("HTTP/1.1 201 Created"));
    close(fd);
  }
  SECTION("a request followed by the client's shutdown of its side is answered") {
    const int fd = ConnectLoopback(server.port());
    ReadTimeout(fd, 5);
    Send(fd, kLive);
    shutdown(fd, SHUT_WR);
    CHECK_THAT(ReadAll(fd), Catch::StartsWith("HTTP/1.1 200 OK"));
    close(fd);
  }
  SECTION("a client that closes before its request is complete changes nothing") {
    const auto before = server.Get("owner", "/activities");
    // The test's own client keeps its connection alive; closed here, so that
    // the count below waits for the half-sent connection alone, not for the
    // keep-alive timeout (under TSan on a busy machine, that wait ran out).
    server.client().stop();
    AwaitOpen(server, 0);
    const int fd = ConnectLoopback(server.port());
    Send(fd, "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                 "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"title\":");
    close(fd);
    AwaitOpen(server, 0);
    const auto after = server.Get("owner", "/activities");
    REQUIRE(before);
    REQUIRE(after);
    CHECK(before->body == after->body);
  }
}

}  // namespace
}  // namespace ictgate
