// JSON Web Tokens (app/jwt.h) and the identity provider's configuration and
// claims (app/oidc.h), with keys made here by OpenSSL: a token is taken only
// when RS256-signed by a published key, for the issuer and audience, in its
// time; every other kind of token is refused with the reason.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <fstream>
#include <memory>

#include <catch2/catch.hpp>

#include "app/jwt.h"
#include "app/oidc.h"
#include "common/hex.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;
using namespace std::chrono_literals;

// An RSA key pair made for the test, publishing itself as a JWK.
class TestKey {
 public:
  explicit TestKey(std::string kid) : kid_(std::move(kid)), key_(EVP_RSA_gen(2048), EVP_PKEY_free) {
    REQUIRE(key_);
  }
  json Jwk() const {
    return {{"kty", "RSA"},
            {"kid", kid_},
            {"use", "sig"},
            {"alg", "RS256"},
            {"n", Param(OSSL_PKEY_PARAM_RSA_N)},
            {"e", Param(OSSL_PKEY_PARAM_RSA_E)}};
  }
  // header.payload.signature, signed with this key.
  std::string Sign(json header, const json& claims) const {
    if (!header.contains("kid")) header["kid"] = kid_;
    const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    REQUIRE(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1);
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) == 1);
    std::string signature(length, '\0');
    REQUIRE(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                           data, input.size()) == 1);
    signature.resize(length);
    return input + "." + Base64UrlEncode(signature);
  }

 private:
  std::string Param(const char* name) const {
    BIGNUM* bn = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key_.get(), name, &bn) == 1);
    std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return Base64UrlEncode(bytes);
  }
  std::string kid_;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

const int64_t kNowSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(kNow.time_since_epoch()).count();
const app::JwtChecks kChecks{"https://login.example.nl", "ictgate-api", "at+jwt", 60s};
const json kHeader = {{"alg", "RS256"}, {"typ", "at+jwt"}};

json Claims() {
  return {{"iss", "https://login.example.nl"}, {"aud", "ictgate-api"},    {"sub", "u1"},
          {"exp", kNowSeconds + 300},          {"nbf", kNowSeconds - 10}, {"groups", {"g"}}};
}

struct Keys {
  TestKey signer{"k1"};
  TestKey other{"k2"};
  app::KeySet set = app::KeySet::FromJwks({{"keys", {signer.Jwk()}}});
};

std::string Refusal(const std::string& token, const app::KeySet& keys,
                    const app::JwtChecks& checks = kChecks) {
  const auto r = app::VerifyJwt(token, keys, checks, kNow);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

TEST_CASE("base64url round-trips any bytes and refuses other characters") {
  for (const std::string& bytes : {std::string(), std::string("f"), std::string("fo"),
                                   std::string("foo"), std::string("\xff\x00\xfe", 3)}) {
    const auto back = Base64UrlDecode(Base64UrlEncode(bytes));
    REQUIRE(back);
    CHECK(*back == bytes);
  }
  CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
  CHECK(*Base64UrlDecode("Zm9v") == "foo");
  CHECK(*Base64UrlDecode("Zm8=") == "fo");
  CHECK_FALSE(Base64UrlDecode("Zm9v+"));
  CHECK_FALSE(Base64UrlDecode("Z"));
  CHECK_FALSE(Base64UrlDecode(std::string("Zm\0v", 4)));
}

TEST_CASE("a token signed by a published key, for the issuer and audience, in time, is taken") {
  Keys k;
  const auto r = app::VerifyJwt(k.signer.Sign(kHeader, Claims()), k.set, kChecks, kNow);
  REQUIRE(r.ok());
  CHECK(r.value()["sub"] == "u1");
  json many = Claims();
  many["aud"] = {"other", "ictgate-api"};
  CHECK(app::VerifyJwt(k.signer.Sign(kHeader, many), k.set, kChecks, kNow).ok());
  json no_nbf = Claims();
  no_nbf.erase("nbf");
  CHECK(app::VerifyJwt(k.signer.Sign(kHeader, no_nbf), k.set, kChecks, kNow).ok());
  CHECK(app::JwtKeyId(k.signer.Sign(kHeader, Claims())) == "k1");
}

TEST_CASE("a token is refused for its signature, key, algorithm or type") {
  Keys k;
  CHECK(Refusal(k.other.Sign(kHeader, Claims()), k.set) ==
        "the token is signed with a key the provider does not publish");
  // Signed by another key under the published key's id.
  json header = kHeader;
  header["kid"] = "k1";
  CHECK(Refusal(k.other.Sign(header, Claims()), k.set) == "the token's signature does not verify");
  // The claims changed after signing.
  const std::string token = k.signer.Sign(kHeader, Claims());
  json forged = Claims();
  forged["sub"] = "admin";
  const size_t dot = token.find('.');
  const std::string tampered =
      token.substr(0, dot) + "." + Base64UrlEncode(forged.dump()) + token.substr(token.rfind('.'));
  CHECK(Refusal(tampered, k.set) == "the token's signature does not verify");
  // alg none, and HS256 (the public key as a shared secret).
  for (const char* alg : {"none", "HS256"}) {
    json h = kHeader;
    h["alg"] = alg;
    CHECK(Refusal(k.signer.Sign(h, Claims()), k.set) == "the token is not RS256");
  }
  json id_token = kHeader;
  id_token["typ"] = "JWT";
  CHECK(Refusal(k.signer.Sign(id_token, Claims()), k.set) == "the token's type is not at+jwt");
  CHECK(Refusal("igt_abc", k.set) == "the token is not a signed JWT");
  CHECK(Refusal("a.b.c", k.set) == "the token cannot be read");
  CHECK(Refusal(token, app::KeySet()) ==
        "the token is signed with a key the provider does not publish");
}

TEST_CASE("a token is refused for its issuer, audience or time") {
  Keys k;
  auto with = [&k](const char* name, json value) {
    json c = Claims();
    if (value.is_null()) {
      c.erase(name);
    } else {
      c[name] = value;
    }
    return Refusal(k.signer.Sign(kHeader, c), k.set);
  };
  CHECK(with("iss", "https://evil.example") == "the issuer is not https://login.example.nl");
  CHECK(with("aud", "some-other-api") == "the token is not for audience ictgate-api");
  CHECK(with("aud", json::array({"a", "b"})) == "the token is not for audience ictgate-api");
  CHECK(with("exp", nullptr) == "the token has no expiry");
  CHECK(with("exp", kNowSeconds - 61) == "the token has expired");
  CHECK(with("nbf", kNowSeconds + 61) == "the token is not valid yet");
  // Within the allowed clock difference both pass.
  json near = Claims();
  near["exp"] = kNowSeconds - 59;
  near["nbf"] = kNowSeconds + 59;
  CHECK(app::VerifyJwt(k.signer.Sign(kHeader, near), k.set, kChecks, kNow).ok());
  app::JwtChecks strict = kChecks;
  strict.leeway = 0s;
  CHECK(Refusal(k.signer.Sign(kHeader, near), k.set, strict) == "the token has expired");
}

TEST_CASE("a key set keeps only RSA signing keys with an id") {
  Keys k;
  json unusable = k.other.Jwk();
  unusable["use"] = "enc";
  json unnamed = k.other.Jwk();
  unnamed.erase("kid");
  json broken = k.other.Jwk();
  broken["n"] = "***";
  const app::KeySet set = app::KeySet::FromJwks(
      {{"keys", {k.signer.Jwk(), unusable, unnamed, broken, {{"kty", "EC"}, {"kid", "e1"}}}}});
  CHECK(set.size() == 1);
  CHECK(set.Has("k1"));
  CHECK(app::KeySet::FromJwks(json::array()).size() == 0);
  CHECK(app::KeySet::FromJwks({{"keys", "none"}}).size() == 0);
}

TEST_CASE("LooksLikeJwt tells the provider's tokens from ictgate's") {
  CHECK(app::LooksLikeJwt("a.b.c"));
  CHECK_FALSE(app::LooksLikeJwt("igt_0123"));
  CHECK_FALSE(app::LooksLikeJwt("a.b"));
}

// The configuration file for the tests below, in `dir`.
std::string ConfigFile(const TempDir& dir, const json& config) {
  const std::string path = dir.File("oidc.json");
  std::ofstream(path) << config.dump();
  return path;
}

json GoodConfig() {
  return {{"issuer", "https://login.example.nl"},
          {"clientId", "ictgate"},
          {"clientSecret", "s3cret"},
          {"redirectUri", "https://ictgate.example.nl/auth/callback"},
          {"apiAudience", "ictgate-api"},
          {"grants",
           {{{"value", "cio-bzk"}, {"role", "cio"}, {"department", "BZK"}},
            {{"value", "audit"}, {"role", "auditor"}, {"department", "*"}}}}};
}

TEST_CASE("the provider's configuration is read and checked") {
  TempDir dir;
  const app::OidcConfig c = app::LoadOidcConfig(ConfigFile(dir, GoodConfig()));
  CHECK(c.issuer == "https://login.example.nl");
  CHECK(c.client_secret == "s3cret");
  CHECK(c.roles_claim == "groups");
  CHECK(c.clock_skew == 60s);
  REQUIRE(c.grants.size() == 2);
  CHECK(c.grants[0].second.role == engine::Role::kCio);

  json from_file = GoodConfig();
  from_file.erase("clientSecret");
  std::ofstream(dir.File("secret")) << "from-a-file\n";
  from_file["clientSecretFile"] = dir.File("secret");
  CHECK(app::LoadOidcConfig(ConfigFile(dir, from_file)).client_secret == "from-a-file");

  auto refused = [&dir](json config, const std::string& why) {
    CHECK_THROWS_WITH(app::LoadOidcConfig(ConfigFile(dir, config)), Catch::Contains(why));
  };
  json c1 = GoodConfig();
  c1.erase("issuer");
  refused(c1, "needs \"issuer\"");
  json c2 = GoodConfig();
  c2["grants"] = json::array();
  refused(c2, "\"grants\" must list");
  json c3 = GoodConfig();
  c3["grants"][0]["role"] = "system";
  refused(c3, "unknown role 'system'");
  json c4 = GoodConfig();
  c4["grants"][1]["department"] = "BZK";
  refused(c4, "is not bound to a department");
  json c5 = GoodConfig();
  c5["clockSkewSeconds"] = -1;
  refused(c5, "clockSkewSeconds");
  json c6 = GoodConfig();
  c6.erase("clientSecret");
  c6["clientSecretFile"] = dir.File("missing");
  refused(c6, "cannot read");
  CHECK_THROWS_WITH(app::LoadOidcConfig(dir.File("none.json")), Catch::Contains("cannot read"));
  std::ofstream(dir.File("list.json")) << "[1]";
  CHECK_THROWS_WITH(app::LoadOidcConfig(dir.File("list.json")),
                    Catch::Contains("is not a JSON object"));
}

TEST_CASE("signing out at the provider: the end-session URL names the person and the way back") {
  TempDir dir;
  app::OidcConfig c = app::LoadOidcConfig(ConfigFile(dir, GoodConfig()));
  CHECK(c.post_logout_redirect_uri == "https://ictgate.example.nl/?signed-out");
  CHECK(app::EndSessionUrl("https://login.example.nl/logout", "a.b.c", c) ==
        "https://login.example.nl/logout?id_token_hint=a.b.c&client_id=ictgate"
        "&post_logout_redirect_uri=https%3A%2F%2Fictgate.example.nl%2F%3Fsigned-out");
  // An endpoint with a query of its own keeps it.
  CHECK_THAT(app::EndSessionUrl("https://login.example.nl/oidc?p=1", "t", c),
             Catch::StartsWith("https://login.example.nl/oidc?p=1&id_token_hint=t&"));
  json other = GoodConfig();
  other["postLogoutRedirectUri"] = "https://ictgate.example.nl/bye";
  CHECK(app::LoadOidcConfig(ConfigFile(dir, other)).post_logout_redirect_uri ==
        "https://ictgate.example.nl/bye");
  other["postLogoutRedirectUri"] = 7;
  CHECK_THROWS_AS(app::LoadOidcConfig(ConfigFile(dir, other)), std::invalid_argument);
}

TEST_CASE("claims map to the grant of the first configured value the person holds") {
  TempDir dir;
  const app::OidcConfig c = app::LoadOidcConfig(ConfigFile(dir, GoodConfig()));
  const auto both = app::MapClaims(
      {{"sub", "u1"}, {"name", "Alice de Vries"}, {"groups", {"audit", "cio-bzk"}}}, c);
  REQUIRE(both);
  CHECK(both->name == "Alice de Vries");
  CHECK(both->role == engine::Role::kCio);  // cio-bzk comes first in the configuration
  CHECK(both->department == "BZK");
  const auto single = app::MapClaims({{"sub", "u2"}, {"groups", "audit"}}, c);
  REQUIRE(single);
  CHECK(single->name == "u2");  // no name claim: the subject
  CHECK(single->department == "*");
  CHECK_FALSE(app::MapClaims({{"sub", "u3"}, {"groups", {"staff"}}}, c));
  CHECK_FALSE(app::MapClaims({{"sub", "u4"}}, c));
  CHECK_FALSE(app::MapClaims({{"groups", {"audit"}}}, c));  // nobody to name
}

}  // namespace
}  // namespace ictgate
