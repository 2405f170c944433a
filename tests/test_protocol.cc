// HTTP/1.1 framing and header rules (RFC 9110, RFC 9112) at the server's
// edge, sent as raw bytes so that no client library mends the request first.
// Each refused request must change nothing.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using nlohmann::json;
using testing::Body;
using testing::LiveServer;
using testing::RawExchange;
using Strings = std::vector<std::string>;

std::string StatusLine(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

std::string HeadOf(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n\r\n") + 2);
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct Protocol {
  LiveServer server;
  std::string Auth(const std::string& who) {
    return "Authorization: Bearer " + server.tokens().at(who) + "\r\n";
  }
  // A raw request: the request line, `headers` (each ending in CRLF), and the body.
  std::string Send(const std::string& line, const std::string& headers,
                   const std::string& body = "") {
    return RawExchange(server.port(), line + "\r\n" + headers + "Connection: close\r\n\r\n" + body);
  }
  std::string Draft() {
    return Body(server.Post("owner", "/activities", testing::GreenActivity()))["activity"]["id"];
  }
};

TEST_CASE_METHOD(Protocol, "a POST without a body and without Content-Length is an empty body",
                 "[http]") {
  const std::string id = Draft();
  const int64_t before = server.store().Head().length;
  const auto start = std::chrono::steady_clock::now();
  // What `curl -X POST .../submissions` sends: no Content-Length, no body.
  const std::string answer = Send("POST /api/v1/activities/" + id + "/submissions HTTP/1.1",
                                  "Host: 127.0.0.1\r\n" + Auth("owner"));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  CHECK(StatusLine(answer) == "HTTP/1.1 201 Created");
  CHECK(server.store().Head().length == before + 1);
  // Not after the library's 5 s read timeout, waiting for a body that never comes.
  CHECK(took.count() < 4.0);
}

TEST_CASE_METHOD(Protocol, "every answer carries each header once, error answers too", "[http]") {
  const std::string id = Draft();
  for (const std::string& line :
       Strings{"GET /api/v1/nowhere HTTP/1.1",                      // the library's 404
               "PUT /api/v1/activities/" + id + " HTTP/1.1",        // 405 with Allow
               "GET /api/v1/activities/" + id + " HTTP/1.1",        // 200
               "GET /api/v1/activities/BZK-2026-0999 HTTP/1.1"}) {  // our 404
    INFO(line);
    const std::string head = HeadOf(Send(line, "Host: x\r\n" + Auth("owner")));
    for (const char* name :
         {"API-Version:", "Cache-Control:", "X-Frame-Options:", "X-Content-Type-Options:",
          "Content-Security-Policy:", "Referrer-Policy:", "Strict-Transport-Security:",
          "X-Request-Id:", "Content-Type:"}) {
      INFO(name);
      CHECK(Count(head, name) == 1);
    }
  }
}

TEST_CASE_METHOD(Protocol, "a JSON route refuses a body of another content type with 415",
                 "[http]") {
  const std::string body = testing::NewActivityInput().dump();
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  // text/plain is what a cross-site form may send without a preflight.
  for (const std::string& type : Strings{"Content-Type: text/plain\r\n",
                                         "Content-Type: application/x-www-form-urlencoded\r\n",
                                         "Content-Type: multipart/form-data; boundary=x\r\n",
                                         "Content-Type: application/jsonx\r\n", std::string()}) {
    INFO(type);
    const std::string answer = Send("POST /api/v1/activities HTTP/1.1",
                                    "Host: x\r\n" + Auth("owner") + type + length, body);
    CHECK(StatusLine(answer) == "HTTP/1.1 415 Unsupported Media Type");
    CHECK_THAT(answer, Catch::Contains("application/problem+json"));
    CHECK_THAT(answer, Catch::Contains("application/json"));  // the detail names what to send
  }
  CHECK(server.store().Head().length == 0);
  // JSON with parameters, and the +json suffix, are JSON.
  for (const std::string& type : Strings{"Content-Type: application/json; charset=utf-8\r\n",
                                         "Content-Type: Application/JSON\r\n",
                                         "Content-Type: application/merge-patch+json\r\n"}) {
    INFO(type);
    const std::string answer = Send("POST /api/v1/activities HTTP/1.1",
                                    "Host: x\r\n" + Auth("owner") + type + length, body);
    CHECK(StatusLine(answer) == "HTTP/1.1 201 Created");
  }
}

TEST_CASE_METHOD(Protocol, "a header line with a bare CR, or a name that is no token, is 400",
                 "[http]") {
  const std::string body = testing::NewActivityInput().dump();
  const std::string rest = Auth("owner") + "Content-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n";
  for (const std::string& bad : Strings{"X-A: b\r\n\rInjected: yes\r\n", "X A: b\r\n",
                                        "X-A\r: b\r\n", "X-A: b\rc\r\n", ": empty name\r\n"}) {
    INFO(bad);
    const std::string answer =
        Send("POST /api/v1/activities HTTP/1.1", "Host: x\r\n" + bad + rest, body);
    CHECK(StatusLine(answer) == "HTTP/1.1 400 Bad Request");
  }
  CHECK(server.store().Head().length == 0);
}

TEST_CASE_METHOD(Protocol, "an HTTP/1.1 request needs exactly one well-formed Host", "[http]") {
  for (const std::string& hosts : Strings{"", "Host: a\r\nHost: b\r\n", "Host: a b\r\n",
                                          "Host: a/b\r\n", "Host: a:b:c:d\r\n", "Host: a@b\r\n"}) {
    INFO(hosts);
    const std::string answer = Send("GET /api/v1/health/live HTTP/1.1", hosts);
    CHECK(StatusLine(answer) == "HTTP/1.1 400 Bad Request");
    CHECK_THAT(answer, Catch::Contains("Host"));
  }
  for (const std::string& host : Strings{"Host: localhost\r\n", "Host: 127.0.0.1:8080\r\n",
                                         "Host: [::1]:8080\r\n", "Host: ictgate.example.nl\r\n"}) {
    INFO(host);
    CHECK(StatusLine(Send("GET /api/v1/health/live HTTP/1.1", host)) == "HTTP/1.1 200 OK");
  }
  // HTTP/1.0 has no Host requirement.
  CHECK(StatusLine(Send("GET /api/v1/health/live HTTP/1.0", "")) == "HTTP/1.1 200 OK");
}

TEST_CASE_METHOD(Protocol, "Range is ignored: the whole answer, never a bare 416", "[http]") {
  const std::string id = Draft();
  for (const std::string& range :
       Strings{"Range: lines=1-2\r\n", "Range: bytes=-0\r\n", "Range: bytes=0-1\r\n",
               "Range: bytes=99999-\r\n", "Range: bytes=\r\n", "Range: x\r\n"}) {
    INFO(range);
    const std::string answer =
        Send("GET /api/v1/activities/" + id + " HTTP/1.1", "Host: x\r\n" + Auth("owner") + range);
    REQUIRE(StatusLine(answer) == "HTTP/1.1 200 OK");
    CHECK(Count(HeadOf(answer), "Content-Range") == 0);
    const json activity = json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
    CHECK(activity["id"] == id);
  }
}

}  // namespace
}  // namespace ictgate
