#include "app/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "common/hex.h"

namespace ictgate::app {
namespace {

using nlohmann::json;

// An RSA public key from a JWK's base64url modulus and exponent; nullptr when
// they do not make one.
std::shared_ptr<EVP_PKEY> RsaPublicKey(const std::string& n64, const std::string& e64) {
  const auto n = Base64UrlDecode(n64);
  const auto e = Base64UrlDecode(e64);
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  auto number = [](const std::string& bytes) {
    return std::unique_ptr<BIGNUM, decltype(&BN_free)>(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<int>(bytes.size()), nullptr),
        BN_free);
  };
  const auto modulus = number(*n);
  const auto exponent = number(*e);
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                        OSSL_PARAM_BLD_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
  if (!modulus || !exponent || !build || !context ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return nullptr;
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(build.get()), OSSL_PARAM_free);
  EVP_PKEY* key = nullptr;
  if (!params || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

// The three parts of a compact JWS, or nullopt.
std::optional<std::vector<std::string_view>> Parts(std::string_view token) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 3) return std::nullopt;
  return parts;
}

// A base64url part holding a JSON object, or nullopt.
std::optional<json> JsonPart(std::string_view part) {
  const auto bytes = Base64UrlDecode(part);
  if (!bytes) return std::nullopt;
  json value = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

bool HasAudience(const json& aud, const std::string& audience) {
  if (aud.is_string()) return aud.get<std::string>() == audience;
  return aud.is_array() && std::any_of(aud.begin(), aud.end(), [&](const json& a) {
           return a.is_string() && a.get<std::string>() == audience;
         });
}

// Why the registered claims fail `checks` at `now`, or "".
std::string ClaimProblem(const json& claims, const JwtChecks& checks, engine::Instant now) {
  if (claims.value("iss", json()) != checks.issuer) return "the issuer is not " + checks.issuer;
  if (!HasAudience(claims.value("aud", json()), checks.audience)) {
    return "the token is not for audience " + checks.audience;
  }
  const int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t leeway = checks.leeway.count();
  const json exp = claims.value("exp", json());
  if (!exp.is_number()) return "the token has no expiry";
  if (exp.get<double>() + static_cast<double>(leeway) <= static_cast<double>(seconds)) {
    return "the token has expired";
  }
  const json nbf = claims.value("nbf", json());
  if (!nbf.is_null() && (!nbf.is_number() || nbf.get<double>() - static_cast<double>(leeway) >
                                                 static_cast<double>(seconds))) {
    return "the token is not valid yet";
  }
  return "";
}

}  // namespace

KeySet KeySet::FromJwks(const json& jwks) {
  KeySet set;
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) return set;
  for (const json& k : jwks["keys"]) {
    auto text = [&k](const char* name) {
      const json v = k.is_object() ? k.value(name, json()) : json();
      return v.is_string() ? v.get<std::string>() : std::string();
    };
    if (text("kty") != "RSA" || text("kid").empty()) continue;
    if (!text("use").empty() && text("use") != "sig") continue;
    if (!text("alg").empty() && text("alg") != "RS256") continue;
    if (auto key = RsaPublicKey(text("n"), text("e"))) set.keys_[text("kid")] = std::move(key);
  }
  return set;
}

bool KeySet::VerifyRs256(const std::string& kid, std::string_view signing_input,
                         std::string_view signature) const {
  const auto it = keys_.find(kid);
  if (it == keys_.end()) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  return context &&
         EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, it->second.get()) ==
             1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

engine::Result<json, std::string> VerifyJwt(std::string_view token, const KeySet& keys,
                                            const JwtChecks& checks, engine::Instant now) {
  const auto parts = Parts(token);
  if (!parts) return std::string("the token is not a signed JWT");
  const auto header = JsonPart((*parts)[0]);
  const auto claims = JsonPart((*parts)[1]);
  const auto signature = Base64UrlDecode((*parts)[2]);
  if (!header || !claims || !signature) return std::string("the token cannot be read");
  // Only RS256: "none" and HS256 (with the public key as the secret) are
  // the classic ways to forge a token a verifier takes for signed.
  if (header->value("alg", json()) != "RS256") return std::string("the token is not RS256");
  if (!checks.type.empty() && header->value("typ", json()) != checks.type) {
    return "the token's type is not " + checks.type;
  }
  const json kid = header->value("kid", json());
  if (!kid.is_string() || !keys.Has(kid.get<std::string>())) {
    return std::string("the token is signed with a key the provider does not publish");
  }
  const std::string_view signed_part = token.substr(0, (*parts)[0].size() + 1 + (*parts)[1].size());
  if (!keys.VerifyRs256(kid.get<std::string>(), signed_part, *signature)) {
    return std::string("the token's signature does not verify");
  }
  if (std::string problem = ClaimProblem(*claims, checks, now); !problem.empty()) return problem;
  return *claims;
}

std::string JwtKeyId(std::string_view token) {
  const auto parts = Parts(token);
  const auto header = parts ? JsonPart((*parts)[0]) : std::nullopt;
  const json kid = header ? header->value("kid", json()) : json();
  return kid.is_string() ? kid.get<std::string>() : "";
}

bool LooksLikeJwt(std::string_view token) {
  return Parts(token) && token.rfind("igt_", 0) != 0;
}

}  // namespace ictgate::app
