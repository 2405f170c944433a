#include "app/oidc.h"

#include <httplib.h>

#include <stdexcept>

#include "app/log.h"
#include "app/tokens.h"
#include "common/file_text.h"
#include "common/hex.h"
#include "common/sha256.h"

namespace ictgate::app {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kSignInLifetime = 10min;
constexpr size_t kMaxPendingSignIns = 10'000;
constexpr auto kKeyRefetchInterval = 2s;
constexpr auto kKeyMaxAge = 1h;

std::string Required(const json& config, const char* name) {
  const json v = config.value(name, json());
  if (!v.is_string() || v.get<std::string>().empty()) {
    throw std::invalid_argument(std::string("the OpenID Connect configuration needs \"") + name +
                                "\"");
  }
  return v.get<std::string>();
}

std::string Optional(const json& config, const char* name, std::string fallback) {
  const json v = config.value(name, json());
  if (v.is_null()) return fallback;
  if (!v.is_string()) {
    throw std::invalid_argument(std::string("\"") + name + "\" must be a string");
  }
  return v.get<std::string>();
}

// The secret itself, or from "clientSecretFile" (so that it stays out of a
// file that may be world-readable, and out of the process's arguments).
std::string ClientSecret(const json& config) {
  if (config.contains("clientSecretFile")) {
    std::string secret = ReadFileText(Required(config, "clientSecretFile"));
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.empty()) throw std::invalid_argument("clientSecretFile is empty");
    return secret;
  }
  return Required(config, "clientSecret");
}

std::vector<std::pair<std::string, OidcGrant>> Grants(const json& config) {
  const json list = config.value("grants", json());
  if (!list.is_array() || list.empty()) {
    throw std::invalid_argument(
        "\"grants\" must list {\"value\", \"role\", \"department\"}: which claim values give "
        "which role");
  }
  std::vector<std::pair<std::string, OidcGrant>> grants;
  for (const json& g : list) {
    if (!g.is_object()) throw std::invalid_argument("each grant must be an object");
    const engine::Role role = TokenRole(Required(g, "role"));
    const std::string department = Required(g, "department");
    CheckGrant(role, department);
    grants.push_back({Required(g, "value"), {role, department}});
  }
  return grants;
}

// Percent-encoding of a query value (RFC 3986: all but the unreserved).
std::string QueryValue(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += {'%', kHex[b >> 4], kHex[b & 0xf]};
    }
  }
  return out;
}

// "https://host:port/a/b?c" -> ("https://host:port", "/a/b?c").
std::pair<std::string, std::string> SplitUrl(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos ||
      (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)) {
    throw std::runtime_error("not an http(s) URL: " + url);
  }
  const size_t path = url.find('/', scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

std::unique_ptr<httplib::Client> ClientFor(const std::string& origin) {
  auto client = std::make_unique<httplib::Client>(origin);
  client->set_connection_timeout(5);
  client->set_read_timeout(10);
  return client;
}

// An outcome (the aggregate's last member, the ID token, is set only by
// FinishSignIn).
OidcOutcome Outcome(OidcOutcome::Kind kind, engine::Actor actor, std::string reason) {
  OidcOutcome outcome;
  outcome.kind = kind;
  outcome.actor = std::move(actor);
  outcome.reason = std::move(reason);
  return outcome;
}

}  // namespace

std::string EndSessionUrl(const std::string& end_session_endpoint, const std::string& id_token,
                          const OidcConfig& config) {
  std::string url = end_session_endpoint;
  url += url.find('?') == std::string::npos ? "?" : "&";
  url += "id_token_hint=" + QueryValue(id_token) + "&client_id=" + QueryValue(config.client_id) +
         "&post_logout_redirect_uri=" + QueryValue(config.post_logout_redirect_uri);
  return url;
}

OidcConfig LoadOidcConfig(const std::string& path) {
  const json config = json::parse(ReadFileText(path), nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) throw std::invalid_argument(path + " is not a JSON object");
  OidcConfig c;
  c.issuer = Required(config, "issuer");
  c.client_id = Required(config, "clientId");
  c.client_secret = ClientSecret(config);
  c.redirect_uri = Required(config, "redirectUri");
  c.post_logout_redirect_uri =
      Optional(config, "postLogoutRedirectUri", SplitUrl(c.redirect_uri).first + "/?signed-out");
  c.api_audience = Optional(config, "apiAudience", "");
  c.resource = Optional(config, "resource", "");
  c.scope = Optional(config, "scope", c.scope);
  c.name_claim = Optional(config, "nameClaim", c.name_claim);
  c.roles_claim = Optional(config, "rolesClaim", c.roles_claim);
  c.grants = Grants(config);
  const json skew = config.value("clockSkewSeconds", json(60));
  if (!skew.is_number_integer() || skew.get<int64_t>() < 0 || skew.get<int64_t>() > 600) {
    throw std::invalid_argument("\"clockSkewSeconds\" must be a whole number from 0 to 600");
  }
  c.clock_skew = std::chrono::seconds(skew.get<int64_t>());
  return c;
}

std::optional<engine::Actor> MapClaims(const json& claims, const OidcConfig& config) {
  const json held = claims.value(config.roles_claim, json());
  auto holds = [&held](const std::string& value) {
    if (held.is_string()) return held.get<std::string>() == value;
    return held.is_array() && std::find(held.begin(), held.end(), json(value)) != held.end();
  };
  for (const auto& [value, grant] : config.grants) {
    if (!holds(value)) continue;
    const json name = claims.value(config.name_claim, json());
    const json sub = claims.value("sub", json());
    std::string who = name.is_string() && !name.get<std::string>().empty()
                          ? name.get<std::string>()
                          : (sub.is_string() ? sub.get<std::string>() : "");
    if (who.empty()) return std::nullopt;
    return engine::Actor{who, grant.role, grant.department};
  }
  return std::nullopt;
}

OidcClient::OidcClient(OidcConfig config, const engine::Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

json OidcClient::FetchJson(const std::string& url) {
  const auto [origin, path] = SplitUrl(url);
  const auto answer = ClientFor(origin)->Get(path);
  if (!answer || answer->status != 200) {
    throw std::runtime_error("the identity provider did not answer " + url +
                             (answer ? " (HTTP " + std::to_string(answer->status) + ")" : ""));
  }
  json body = json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) throw std::runtime_error(url + " is not a JSON object");
  return body;
}

void OidcClient::Discover() {
  std::string base = config_.issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const json document = FetchJson(base + "/.well-known/openid-configuration");
  if (document.value("issuer", json()) != config_.issuer) {
    throw std::runtime_error("the provider at " + config_.issuer + " calls itself " +
                             document.value("issuer", json()).dump());
  }
  std::lock_guard lock(mutex_);
  for (auto [name, field] : {std::pair{"authorization_endpoint", &authorization_endpoint_},
                             {"token_endpoint", &token_endpoint_},
                             {"jwks_uri", &jwks_uri_}}) {
    const json v = document.value(name, json());
    if (!v.is_string())
      throw std::runtime_error("the provider's discovery lacks " + std::string(name));
    *field = v.get<std::string>();
  }
  const json end_session = document.value("end_session_endpoint", json());
  end_session_endpoint_ = end_session.is_string() ? end_session.get<std::string>() : "";
  keys_ = KeySet::FromJwks(FetchJson(jwks_uri_));
  keys_fetched_at_ = clock_.Now();
}

std::optional<std::string> OidcClient::SignOutUrl(const std::string& id_token) {
  std::lock_guard lock(mutex_);
  if (end_session_endpoint_.empty() || id_token.empty()) return std::nullopt;
  return EndSessionUrl(end_session_endpoint_, id_token, config_);
}

KeySet OidcClient::KeysFor(const std::string& kid) {
  std::unique_lock lock(mutex_);
  const engine::Instant now = clock_.Now();
  const bool stale = now - keys_fetched_at_ >= kKeyMaxAge;
  const bool unknown = !keys_.Has(kid) && now - keys_fetched_at_ >= kKeyRefetchInterval;
  if (!stale && !unknown) return keys_;
  const std::string uri = jwks_uri_;
  keys_fetched_at_ = now;  // one fetch at a time; others use what is kept meanwhile
  lock.unlock();
  try {
    KeySet fetched = KeySet::FromJwks(FetchJson(uri));
    lock.lock();
    keys_ = std::move(fetched);
  } catch (const std::exception& e) {
    log::Warn("the identity provider's keys could not be fetched", {{"error", e.what()}});
    lock.lock();
  }
  return keys_;
}

OidcOutcome OidcClient::Verify(const std::string& token, const JwtChecks& checks,
                               const std::string& nonce) {
  auto claims = VerifyJwt(token, KeysFor(JwtKeyId(token)), checks, clock_.Now());
  if (!claims.ok()) return Outcome(OidcOutcome::Kind::kRefused, {}, claims.error());
  if (!nonce.empty() && claims.value().value("nonce", json()) != nonce) {
    return Outcome(OidcOutcome::Kind::kRefused, {}, "the ID token is not for this sign-in (nonce)");
  }
  const auto actor = MapClaims(claims.value(), config_);
  if (!actor) {
    return Outcome(
        OidcOutcome::Kind::kUnmapped, {},
        "no role in ictgate is mapped to this account (claim \"" + config_.roles_claim + "\")");
  }
  return Outcome(OidcOutcome::Kind::kSignedIn, *actor, "");
}

OidcClient::Start OidcClient::StartSignIn() {
  const std::string state = RandomHex(16);
  Pending pending{RandomHex(32), RandomHex(16), RandomHex(32), clock_.Now()};
  std::string url;
  {
    std::lock_guard lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      it = pending.started - it->second.started >= kSignInLifetime ? pending_.erase(it) : ++it;
    }
    if (pending_.size() >= kMaxPendingSignIns) {
      pending_.erase(std::min_element(pending_.begin(), pending_.end(), [](auto& a, auto& b) {
        return a.second.started < b.second.started;
      }));
    }
    url = authorization_endpoint_;
  }
  url += (url.find('?') == std::string::npos ? "?" : "&");
  url += "response_type=code&client_id=" + QueryValue(config_.client_id) +
         "&redirect_uri=" + QueryValue(config_.redirect_uri) +
         "&scope=" + QueryValue(config_.scope) + "&state=" + state + "&nonce=" + pending.nonce +
         "&code_challenge=" + Base64UrlEncode(Sha256Bytes(pending.verifier)) +
         "&code_challenge_method=S256";
  if (!config_.resource.empty()) url += "&resource=" + QueryValue(config_.resource);
  Start start{url, pending.binding};
  std::lock_guard lock(mutex_);
  pending_.emplace(state, std::move(pending));
  return start;
}

json OidcClient::ExchangeCode(const std::string& code, const std::string& verifier) {
  const auto [origin, path] = SplitUrl(token_endpoint_);
  auto client = ClientFor(origin);
  client->set_basic_auth(config_.client_id, config_.client_secret);
  httplib::Params form{{"grant_type", "authorization_code"},
                       {"code", code},
                       {"redirect_uri", config_.redirect_uri},
                       {"code_verifier", verifier}};
  const auto answer = client->Post(path, form);
  if (!answer) throw std::runtime_error("the identity provider's token endpoint did not answer");
  json body = json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
  if (answer->status != 200 || !body.is_object()) {
    throw std::runtime_error("the identity provider refused the code: " +
                             (body.is_object() ? body.value("error", "") : std::string()));
  }
  return body;
}

OidcOutcome OidcClient::FinishSignIn(const std::string& state, const std::string& binding,
                                     const std::string& code, const std::string& iss) {
  Pending pending;
  {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(state);
    if (it == pending_.end()) {
      return Outcome(OidcOutcome::Kind::kRefused, {},
                     "this sign-in was not started here, or was used");
    }
    pending = it->second;
    pending_.erase(it);  // a state is good for one answer only
  }
  if (clock_.Now() - pending.started >= kSignInLifetime) {
    return Outcome(OidcOutcome::Kind::kRefused, {}, "the sign-in took longer than 10 minutes");
  }
  // The cookie set when this browser started the sign-in: an answer carried
  // into another browser (login CSRF) does not sign that one in.
  if (!SameSecret(binding, pending.binding)) {
    return Outcome(OidcOutcome::Kind::kRefused, {}, "the sign-in was started in another browser");
  }
  if (!iss.empty() && iss != config_.issuer) {
    return Outcome(OidcOutcome::Kind::kRefused, {}, "the answer is from another issuer");
  }
  if (code.empty()) return Outcome(OidcOutcome::Kind::kRefused, {}, "the provider sent no code");
  json tokens;
  try {
    tokens = ExchangeCode(code, pending.verifier);
  } catch (const std::exception& e) {
    return Outcome(OidcOutcome::Kind::kRefused, {}, e.what());
  }
  const json id_token = tokens.value("id_token", json());
  if (!id_token.is_string())
    return Outcome(OidcOutcome::Kind::kRefused, {}, "no ID token came back");
  OidcOutcome outcome =
      Verify(id_token.get<std::string>(),
             {config_.issuer, config_.client_id, "", config_.clock_skew}, pending.nonce);
  if (outcome.kind == OidcOutcome::Kind::kSignedIn) outcome.id_token = id_token.get<std::string>();
  return outcome;
}

OidcOutcome OidcClient::AuthenticateAccessToken(const std::string& token) {
  if (config_.api_audience.empty()) {
    return Outcome(OidcOutcome::Kind::kRefused, {},
                   "this API takes no tokens of the identity provider");
  }
  return Verify(token, {config_.issuer, config_.api_audience, "at+jwt", config_.clock_skew}, "");
}

}  // namespace ictgate::app
