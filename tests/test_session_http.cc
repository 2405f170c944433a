// The dashboard's sign-in over HTTP (api/session_routes.cc, the router's
// prologue): the session cookie's attributes, the CSRF secret on every write,
// sign-out, timeouts, revocation, and demo sign-in only in demo mode.
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using namespace std::chrono_literals;

constexpr char kCookie[] = "__Host-ictgate-session";

struct SignedIn {
  std::string id;    // the cookie's value
  std::string csrf;  // from the sign-in's answer
};

// The value of the session cookie a sign-in answer sets.
std::string CookieSet(const httplib::Result& r) {
  const std::string header = r->get_header_value("Set-Cookie");
  const std::string prefix = std::string(kCookie) + "=";
  REQUIRE(header.rfind(prefix, 0) == 0);
  return header.substr(prefix.size(), header.find(';') - prefix.size());
}

// A request to /api/v1`path` with exactly `headers`, recorded for the
// response check against the OpenAPI document (exchange_log.h).
httplib::Result Send(LiveServer& server, const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::string& body = "",
                     const char* type = "application/json") {
  const std::string target = "/api/v1" + path;
  auto& c = server.client();
  return Recorded(method, target,
                  method == "GET"      ? c.Get(target.c_str(), headers)
                  : method == "DELETE" ? c.Delete(target.c_str(), headers)
                                       : c.Post(target.c_str(), headers, body, type));
}

httplib::Result SignIn(LiveServer& server, const json& body) {
  return Send(server, "POST", "/session", {}, body.dump());
}

SignedIn SignInWith(LiveServer& server, const json& body) {
  const auto r = SignIn(server, body);
  REQUIRE(r);
  REQUIRE(r->status == 201);
  return {CookieSet(r), Body(r)["csrfToken"]};
}

httplib::Headers WithCookie(const SignedIn& s, const std::string& csrf = "") {
  httplib::Headers h{{"Cookie", std::string(kCookie) + "=" + s.id}};
  if (!csrf.empty()) h.emplace("X-CSRF-Token", csrf);
  return h;
}

size_t ActivityCount(LiveServer& server) {
  return Body(server.Get("auditor", "/activities"))["items"].size();
}

TEST_CASE("a token signs in to a session whose cookie the page's script cannot read",
          "[http][session]") {
  LiveServer server;
  const auto r = SignIn(server, {{"token", server.tokens()["finance"]}});
  REQUIRE(r);
  CHECK(r->status == 201);
  const std::string cookie = r->get_header_value("Set-Cookie");
  CHECK(cookie.rfind(std::string(kCookie) + "=igs_", 0) == 0);
  for (const char* attribute : {"; Path=/", "; HttpOnly", "; Secure", "; SameSite=Strict"}) {
    CHECK(cookie.find(attribute) != std::string::npos);
  }
  CHECK(cookie.find("Domain") == std::string::npos);
  const json answer = Body(r);
  CHECK(answer["role"] == "finance");
  CHECK(answer["department"] == "BZK");
  CHECK(answer["signedInWith"] == "token");
  CHECK(answer["csrfToken"].get<std::string>().size() == 64);
  CHECK(answer.dump().find(server.tokens()["finance"]) == std::string::npos);

  const SignedIn s{CookieSet(r), answer["csrfToken"]};
  const auto who = Send(server, "GET", "/session", WithCookie(s));
  REQUIRE(who->status == 200);
  CHECK(Body(who)["name"] == "t-finance");
  CHECK(Body(who)["csrfToken"] == s.csrf);
  CHECK(Send(server, "GET", "/eligibility", WithCookie(s))->status == 200);
  // Finance's session has finance's rights, no more.
  CheckProblem(Send(server, "GET", "/audit/head", WithCookie(s)), 403);
}

TEST_CASE("a write by session needs the session's CSRF secret, and without it writes nothing",
          "[http][session]") {
  LiveServer server;
  const SignedIn s = SignInWith(server, {{"token", server.tokens()["owner"]}});
  const std::string body = GreenActivity().dump();
  const size_t before = ActivityCount(server);
  for (const std::string& csrf :
       {std::string(), std::string("wrong"), s.csrf + "0", std::string(s.csrf.size(), 'a')}) {
    CAPTURE(csrf);
    const auto r =
        Send(server, "POST", "/activities", WithCookie(s, csrf), body, "application/json");
    CheckProblem(r, 403);
    CHECK(Body(r)["detail"].get<std::string>().find("X-CSRF-Token") != std::string::npos);
  }
  CHECK(ActivityCount(server) == before);

  const auto made =
      Send(server, "POST", "/activities", WithCookie(s, s.csrf), body, "application/json");
  REQUIRE(made->status == 201);
  CHECK(Body(made)["event"]["actor"]["name"] == "t-owner");
  CHECK(ActivityCount(server) == before + 1);
  // Another session's secret does not fit this one.
  const SignedIn other = SignInWith(server, {{"token", server.tokens()["owner"]}});
  CheckProblem(
      Send(server, "POST", "/activities", WithCookie(s, other.csrf), body, "application/json"),
      403);
  // A bearer token needs no secret: no browser sends it on its own.
  CHECK(server.Post("owner", "/activities", GreenActivity())->status == 201);
}

TEST_CASE("a bad sign-in is a problem and sets no cookie", "[http][session]") {
  LiveServer server;
  const auto unknown = SignIn(server, {{"token", "igt_" + std::string(64, '0')}});
  CheckProblem(unknown, 401);
  CHECK_FALSE(unknown->has_header("Set-Cookie"));
  for (const json& body : {json::object(), json{{"token", server.tokens()["owner"]},
                                                {"demoUser", "demo-owner-BZK"}}}) {
    const auto r = SignIn(server, body);
    CheckProblem(r, 400);
    CHECK_FALSE(r->has_header("Set-Cookie"));
  }
  CheckProblem(SignIn(server, {{"token", 7}}), 400);
  CheckProblem(SignIn(server, {{"password", "x"}}), 400);
  CheckProblem(Send(server, "POST", "/session", {}, "token=x", "text/plain"), 415);
  CHECK(server.application().sessions().Count() == 0);
}

TEST_CASE("without --demo there is no demo sign-in", "[http][session]") {
  LiveServer server;
  const auto options = Send(server, "GET", "/session/options", {});
  REQUIRE(options->status == 200);
  CHECK(Body(options) == json{{"demo", false}, {"oidc", false}, {"token", true}});
  CheckProblem(Send(server, "GET", "/session/demo-users", {}), 404);
  CheckProblem(server.client().Get("/auth/login"), 404);  // no provider, no sign-in pages
  const auto r = SignIn(server, {{"demoUser", "demo-owner-BZK"}});
  CheckProblem(r, 403);
  CHECK(Body(r)["detail"].get<std::string>().find("--demo") != std::string::npos);
  CHECK_FALSE(r->has_header("Set-Cookie"));
}

TEST_CASE("in demo mode the sign-in offers the demo users", "[http][session]") {
  LiveServer server({}, 0, /*demo=*/true);
  CHECK(Body(Send(server, "GET", "/session/options", {}))["demo"] == true);
  const auto users = Send(server, "GET", "/session/demo-users", {});
  REQUIRE(users->status == 200);
  const json items = Body(users)["items"];
  REQUIRE(items.size() == 12);
  CHECK(items[8]["role"] == "cio_rijk");
  CHECK(items[9]["role"] == "acict");
  CHECK(items[9]["department"] == "*");
  CHECK(items[10]["id"] == "demo-ciso-BZK");
  CHECK(items[11]["id"] == "demo-project_lead-BZK");
  CHECK(items[8]["department"] == "*");
  CHECK(items[1]["id"] == "demo-cio-BZK");
  CHECK(items[1]["role"] == "cio");
  CHECK(items[1]["department"] == "BZK");
  CHECK(Body(users).dump().find("igt_") == std::string::npos);  // no token leaves

  const SignedIn cio = SignInWith(server, {{"demoUser", "demo-cio-BZK"}});
  const json who = Body(Send(server, "GET", "/session", WithCookie(cio)));
  CHECK(who["role"] == "cio");
  CHECK(who["signedInWith"] == "demo");
  CheckProblem(SignIn(server, {{"demoUser", "demo-nobody"}}), 400);
}

TEST_CASE("sign-out ends the session and expires its cookie", "[http][session]") {
  LiveServer server;
  const SignedIn s = SignInWith(server, {{"token", server.tokens()["cio"]}});
  // Without the secret the session stays: a page elsewhere cannot sign you out.
  CheckProblem(Send(server, "DELETE", "/session", WithCookie(s)), 403);
  CHECK(Send(server, "GET", "/session", WithCookie(s))->status == 200);
  const auto out = Send(server, "DELETE", "/session", WithCookie(s, s.csrf));
  REQUIRE(out->status == 204);
  CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CheckProblem(Send(server, "GET", "/session", WithCookie(s)), 401);
  // A token has no session to end.
  CheckProblem(server.Delete("cio", "/session"), 400);
}

TEST_CASE("a session ends after 30 idle minutes", "[http][session]") {
  LiveServer server;
  const SignedIn s = SignInWith(server, {{"token", server.tokens()["cio"]}});
  server.clock().Advance(29min);
  CHECK(Send(server, "GET", "/session", WithCookie(s))->status == 200);
  server.clock().Advance(30min);
  const auto r = Send(server, "GET", "/session", WithCookie(s));
  CheckProblem(r, 401);
  CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
}

TEST_CASE("revoking the token a session signed in with ends its rights at once",
          "[http][session]") {
  LiveServer server;
  const SignedIn s = SignInWith(server, {{"token", server.tokens()["finance"]}});
  int64_t id = 0;
  for (const auto& t : server.application().tokens().List()) {
    if (t.name == "t-finance") id = t.id;
  }
  REQUIRE(server.application().tokens().Revoke(id));
  CheckProblem(Send(server, "GET", "/session", WithCookie(s)), 401);
  CHECK(server.application().sessions().Count() == 0);
}

TEST_CASE("a second copy of the session cookie is not believed", "[http][session]") {
  LiveServer server;
  const SignedIn s = SignInWith(server, {{"token", server.tokens()["cio"]}});
  const std::string one = std::string(kCookie) + "=" + s.id;
  CHECK(Send(server, "GET", "/session", {{"Cookie", "theme=dark; " + one}})->status == 200);
  CheckProblem(Send(server, "GET", "/session", {{"Cookie", one + "; " + one}}), 401);
  CheckProblem(Send(server, "GET", "/session", {{"Cookie", one}, {"Cookie", "other=1"}}), 400);
}

}  // namespace
}  // namespace ictgate
