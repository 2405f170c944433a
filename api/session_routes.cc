// The dashboard's sign-in (app/sessions.h): POST /session opens a session
// and sets its cookie, GET /session says who is signed in and gives the page
// its CSRF secret, DELETE /session signs out. In demo mode the sign-in
// offers the demo users, and is refused without --demo. With an identity
// provider (serve --oidc), /auth/login and /auth/callback are the browser's
// way through it: pages, not API resources.
#include "api/http_rules.h"
#include "api/problem.h"
#include "api/routes.h"
#include "app/log.h"
#include "common/html.h"
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

// Ends the session. A person who signed in at the identity provider is
// also sent there to sign out (200 with providerSignOutUrl), so that the
// next person at this browser is asked for their own password; otherwise
// 204.
void SignOut(app::Sessions& sessions, app::OidcClient* oidc, Exchange& x) {
  if (!x.session) {
    return SendProblem(x.res, 400, "no session to end: this request came with a token");
  }
  sessions.Close(x.session->id);
  x.res.set_header("Set-Cookie", SessionCookie("") + "; Max-Age=0");  // the browser drops it
  const auto provider = oidc ? oidc->SignOutUrl(x.session->id_token) : std::nullopt;
  if (provider) return SendJson(x, {{"providerSignOutUrl", *provider}});
  x.res.status = 204;
}

// The cookie that binds a sign-in at the provider to the browser that
// started it. SameSite=Lax, not Strict: the provider's redirect back is a
// navigation from another site, which a Strict cookie would not go with.
constexpr char kSignInCookie[] = "__Host-ictgate-signin";

// A page for a person whose sign-in failed, in Dutch and in English: the
// callback is a browser navigation, where a problem+json would be a blank
// page. Static text and the dashboard's style sheet only.
struct PageText {
  std::string title_nl;
  std::string text_nl;
  std::string text_en;
};

void SendSignInPage(Exchange& x, int status, const PageText& text, const std::string& reason) {
  x.res.status = status;
  x.res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; frame-ancestors 'none'");
  x.res.set_content(
      "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>ictgate</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>"
      "<header class=\"band\"><p class=\"brand\">ictgate</p></header><main id=\"main\">"
      "<h1>" +
          HtmlEscape(text.title_nl) + "</h1><p>" + HtmlEscape(text.text_nl) +
          "</p><p lang=\"en\">" + HtmlEscape(text.text_en) +
          "</p>"
          "<p class=\"help\">" +
          HtmlEscape(reason) +
          "</p>"
          "<p><a href=\"/\">Terug naar inloggen</a> / <a href=\"/\" lang=\"en\">Back to "
          "sign-in</a></p>"
          "</main></body></html>\n",
      "text/html; charset=utf-8");
}

const PageText kNotSignedIn{
    "Inloggen is niet gelukt",
    "De aanmelding bij uw organisatie kon niet worden afgerond. Probeer het opnieuw vanaf de "
    "inlogpagina.",
    "Signing in did not succeed. Please start again from the sign-in page."};
const PageText kNoRole{
    "U hebt geen rol in ictgate",
    "U bent bij uw organisatie aangemeld, maar aan uw account is geen rol in ictgate gekoppeld. "
    "Vraag de beheerder van ictgate in uw organisatie om u een rol te geven.",
    "You have no role in ictgate. Ask your organisation's ictgate administrator to grant one."};

void StartOidc(app::OidcClient& oidc, Exchange& x) {
  const auto start = oidc.StartSignIn();
  x.res.set_header("Set-Cookie", std::string(kSignInCookie) + "=" + start.binding +
                                     "; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=600");
  x.res.set_header("Location", start.url);
  x.res.status = 302;
}

void FinishOidc(app::Application& app, app::OidcClient& oidc, Exchange& x) {
  x.res.set_header("Set-Cookie", std::string(kSignInCookie) +
                                     "=; Path=/; HttpOnly; Secure; "
                                     "SameSite=Lax; Max-Age=0");
  if (x.req.has_param("error")) {
    return SendSignInPage(x, 400, kNotSignedIn, x.req.get_param_value("error"));
  }
  const auto outcome = oidc.FinishSignIn(
      x.req.get_param_value("state"), CookieValue(x.req.get_header_value("Cookie"), kSignInCookie),
      x.req.get_param_value("code"), x.req.get_param_value("iss"));
  using Kind = app::OidcOutcome::Kind;
  if (outcome.kind == Kind::kUnmapped) {
    app::log::Warn("signed in at the provider without a role here", {{"reason", outcome.reason}});
    return SendSignInPage(x, 403, kNoRole, outcome.reason);
  }
  if (outcome.kind == Kind::kRefused) {
    app::log::Warn("a sign-in through the provider was refused", {{"reason", outcome.reason}});
    return SendSignInPage(x, 400, kNotSignedIn, outcome.reason);
  }
  const app::Session session = app.sessions().Open(outcome.actor, "", "oidc", outcome.id_token);
  x.res.set_header("Set-Cookie", SessionCookie(session.id));
  x.res.set_header("Location", "/");
  x.res.status = 302;
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

std::vector<Route> SessionRoutes(app::Application& app,
                                 const std::vector<app::DemoToken>& demo_users,
                                 app::OidcClient* oidc) {
  return {
      {"GET", "/session", kAnyRole, Body::kNone,
       [](Exchange& x) { SendJson(x, SessionJson(x.Caller(), x.session)); }},
      {"POST", "/session", kPublic, Body::kJson,
       [&app, demo_users](Exchange& x) { SignIn(app, demo_users, x); }},
      {"DELETE", "/session", kAnyRole, Body::kNone,
       [&app, oidc](Exchange& x) { SignOut(app.sessions(), oidc, x); }},
      {"GET", "/session/demo-users", kPublic, Body::kNone,
       [demo_users](Exchange& x) { SendDemoUsers(demo_users, x); }},
      {"GET", "/session/options", kPublic, Body::kNone,
       [demo_users, oidc](Exchange& x) {
         SendJson(x, {{"demo", !demo_users.empty()}, {"oidc", oidc != nullptr}, {"token", true}});
       }},
  };
}

void AddSignInPages(Router& router, app::Application& app, app::OidcClient& oidc) {
  router.AddPage("/auth/login", [&oidc](Exchange& x) { StartOidc(oidc, x); });
  router.AddPage("/auth/callback", [&app, &oidc](Exchange& x) { FinishOidc(app, oidc, x); });
}

}  // namespace ictgate::api
