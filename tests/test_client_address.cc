// The client address in the request log: the peer's, or, behind a proxy the
// service was told to trust (serve --trusted-proxy), the address that proxy
// forwarded. A forwarded address from any other peer is not believed.
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "api/http_rules.h"
#include "live_server.h"

namespace ictgate {
namespace {

using nlohmann::json;
using namespace testing;
using Strings = std::vector<std::string>;

httplib::Request From(const std::string& peer, const httplib::Headers& headers = {}) {
  httplib::Request req;
  req.remote_addr = peer;
  req.headers = headers;
  return req;
}

TEST_CASE("ClientAddress believes X-Forwarded-For and X-Real-IP only from a trusted proxy") {
  const Strings none;
  const Strings nginx = {"127.0.0.1"};
  const httplib::Headers forged = {{"X-Forwarded-For", "203.0.113.7"},
                                   {"X-Real-IP", "203.0.113.8"}};
  CHECK(api::ClientAddress(From("198.51.100.4"), none) == "198.51.100.4");
  CHECK(api::ClientAddress(From("198.51.100.4", forged), none) == "198.51.100.4");
  CHECK(api::ClientAddress(From("198.51.100.4", forged), nginx) == "198.51.100.4");
  CHECK(api::ClientAddress(From("127.0.0.1", forged), nginx) == "203.0.113.7");
  // The last entry is the one the proxy appended; before it, the client's claims.
  CHECK(api::ClientAddress(From("127.0.0.1", {{"X-Forwarded-For", "10.9.9.9, 203.0.113.7"}}),
                           nginx) == "203.0.113.7");
  CHECK(api::ClientAddress(From("127.0.0.1", {{"X-Forwarded-For", "10.9.9.9"},
                                              {"X-Forwarded-For", " 2001:db8::5 "}}),
                           nginx) == "2001:db8::5");
  CHECK(api::ClientAddress(From("127.0.0.1", {{"X-Real-IP", "203.0.113.8"}}), nginx) ==
        "203.0.113.8");
  // Nothing forwarded, or something that is no address: the peer.
  CHECK(api::ClientAddress(From("127.0.0.1"), nginx) == "127.0.0.1");
  CHECK(api::ClientAddress(From("127.0.0.1", {{"X-Forwarded-For", "203.0.113.7, unknown"}}),
                           nginx) == "127.0.0.1");
  CHECK(api::ClientAddress(From("127.0.0.1", {{"X-Forwarded-For", ""}}), nginx) == "127.0.0.1");
  CHECK(api::ClientAddress(From("::1", forged), {"::1"}) == "203.0.113.7");
}

// A real `ictgate serve` with `options`. Each request is sent from the
// loopback address `source` with the X-Request-Id `id` and the `headers`
// (each ending in CRLF); returns the request log line of each id.
struct Sent {
  std::string source;
  std::string id;
  std::string headers;
};
std::map<std::string, json> RequestLog(const Strings& options, const std::vector<Sent>& requests) {
  TempDir dir;
  const int port = FreeLoopbackPort();
  Strings args = {"serve", "--db", dir.File("client.db"), "--listen",
                  "127.0.0.1:" + std::to_string(port)};
  args.insert(args.end(), options.begin(), options.end());
  const std::string log = dir.File("serve.log");
  const pid_t pid = Spawn(args, log);
  WaitUntilLive(port, pid, log);
  for (const Sent& r : requests) {
    const std::string answer = SendAndReadAll(
        ConnectLoopbackFrom(r.source, port),
        "GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "X-Request-Id: " +
            r.id + "\r\n" + r.headers + "\r\n");
    CHECK(answer.rfind("HTTP/1.1 200 ", 0) == 0);
  }
  REQUIRE(kill(pid, SIGTERM) == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  std::map<std::string, json> by_id;
  std::ifstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    const json entry = json::parse(line);
    if (entry["msg"] == "request") by_id[entry.value("requestId", "")] = entry;
  }
  return by_id;
}

TEST_CASE("with no proxy trusted, the request log names the peer, whatever is forwarded") {
  auto log = RequestLog(
      {}, {{"127.0.0.1", "plain", ""},
           {"127.0.0.2", "other-peer", ""},
           {"127.0.0.1", "forged", "X-Forwarded-For: 203.0.113.7\r\nX-Real-IP: 203.0.113.8\r\n"}});
  CHECK(log["plain"]["client"] == "127.0.0.1");
  CHECK(log["other-peer"]["client"] == "127.0.0.2");
  CHECK(log["forged"]["client"] == "127.0.0.1");
  CHECK(log["forged"]["status"] == 200);
}

TEST_CASE("from the trusted proxy, the request log names the client it forwarded") {
  auto log = RequestLog({"--trusted-proxy", "127.0.0.1"},
                        {{"127.0.0.1", "via-xff", "X-Forwarded-For: 10.9.9.9, 203.0.113.7\r\n"},
                         {"127.0.0.1", "via-real-ip", "X-Real-IP: 2001:db8::5\r\n"},
                         {"127.0.0.1", "nothing-forwarded", ""}});
  CHECK(log["via-xff"]["client"] == "203.0.113.7");
  CHECK(log["via-real-ip"]["client"] == "2001:db8::5");
  CHECK(log["nothing-forwarded"]["client"] == "127.0.0.1");
}

TEST_CASE("an X-Forwarded-For from a peer that is not the trusted proxy is not believed") {
  // 127.0.0.2 is the proxy; 127.0.0.1 is someone else on the host.
  auto log = RequestLog({"--trusted-proxy", "127.0.0.2"},
                        {{"127.0.0.2", "proxied", "X-Forwarded-For: 203.0.113.7\r\n"},
                         {"127.0.0.1", "forged", "X-Forwarded-For: 203.0.113.9\r\n"},
                         {"127.0.0.1", "forged-real-ip", "X-Real-IP: 203.0.113.9\r\n"}});
  CHECK(log["proxied"]["client"] == "203.0.113.7");
  CHECK(log["forged"]["client"] == "127.0.0.1");
  CHECK(log["forged-real-ip"]["client"] == "127.0.0.1");
}

TEST_CASE("serve --trusted-proxy takes IP addresses only") {
  std::string output;
  const int status = RunCommand(
      std::string(ICTGATE_BINARY) + " serve --trusted-proxy localhost --db /nonexistent/x.db 2>&1",
      &output);
  CHECK(status != 0);
  CHECK_THAT(output, Catch::Contains("not an IP address: localhost"));
}

}  // namespace
}  // namespace ictgate
