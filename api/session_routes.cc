// The dashboard's sign-in (app/sessions.h): POST /session opens a session
// and sets its cookie, GET /session says who is signed in and gives the page
// its CSRF secret, DELETE /session signs out. In demo mode the sign-in
// offers the demo users, and is refused without --demo.
#include "api/problem.h"
#include "api/routes.h"
#include "engine/time.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

constexpr char kNoDemo[] = "demo sign-in is offered only by `ictgate serve --demo`";

// Sent with the session's cookie. No Max-Age: the browser forgets it when it
// closes, and the server ends the session on its own deadlines.
std::string SessionCookie(const std::string& id) {
  return std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; Secure; SameSite=Strict";
}

json SessionJson(const engine::Actor& actor, const std::optional<app::Session>& session) {
  json answer = {{"name", actor.name},
                 {"role", engine::RoleName(actor.role)},
                 {"department", actor.department}};
  if (session) {
    answer["signedInWith"] = session->method;
    answer["signedInAt"] = engine::FormatInstant(session->signed_in_at);
    answer["expiresAt"] = engine::FormatInstant(session->expires_at);
    answer["csrfToken"] = session->csrf;
  }
  return answer;
}

// The demo user named `name`; nullptr when there is none.
const app::DemoToken* DemoUser(const std::vector<app::DemoToken>& users, const std::string& name) {
  for (const auto& u : users) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

void SignIn(app::Application& app, const std::vector<app::DemoToken>& demo_users, Exchange& x) {
  const bool by_token = x.body.contains("token");
  if (by_token == x.body.contains("demoUser")) {
    return SendInvalid(x, "sign in with either a token or a demo user", "token",
                       "give token or demoUser, not both and not neither");
  }
  std::string token;
  if (by_token) {
    token = x.body["token"].get<std::string>();
  } else {
    if (demo_users.empty()) return SendProblem(x.res, 403, kNoDemo);
    const auto* user = DemoUser(demo_users, x.body["demoUser"].get<std::string>());
    if (!user) return SendInvalid(x, "no such demo user", "demoUser", "is not a demo user");
    token = user->token;
  }
  const auto actor = app.tokens().Authenticate(token);
  if (!actor) return SendProblem(x.res, 401, "the token is unknown or revoked");
  x.session = app.sessions().Open(*actor, token, by_token ? "token" : "demo");
  x.res.set_header("Set-Cookie", SessionCookie(x.session->id));
  SendJson(x, SessionJson(*actor, x.session), 201);
}

void SignOut(app::Sessions& sessions, Exchange& x) {
  if (!x.session) {
    return SendProblem(x.res, 400, "no session to end: this request came with a token");
  }
  sessions.Close(x.session->id);
  x.res.set_header("Set-Cookie", SessionCookie("") + "; Max-Age=0");  // the browser drops it
  x.res.status = 204;
}

void SendDemoUsers(const std::vector<app::DemoToken>& demo_users, Exchange& x) {
  if (demo_users.empty()) return SendProblem(x.res, 404, kNoDemo);
  json items = json::array();
  for (const auto& u : demo_users) {
    items.push_back(
        {{"id", u.name}, {"role", engine::RoleName(u.role)}, {"department", u.department}});
  }
  SendJson(x, {{"items", items}});
}

}  // namespace

std::vector<Route> SessionRoutes(app::Application& app, std::vector<app::DemoToken> demo_users) {
  return {
      {"GET", "/session", kAnyRole, Body::kNone,
       [](Exchange& x) { SendJson(x, SessionJson(x.Caller(), x.session)); }},
      {"POST", "/session", kPublic, Body::kJson,
       [&app, demo_users](Exchange& x) { SignIn(app, demo_users, x); }},
      {"DELETE", "/session", kAnyRole, Body::kNone,
       [&app](Exchange& x) { SignOut(app.sessions(), x); }},
      {"GET", "/session/demo-users", kPublic, Body::kNone,
       [demo_users](Exchange& x) { SendDemoUsers(demo_users, x); }},
  };
}

}  // namespace ictgate::api
