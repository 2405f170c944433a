#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "common/embedded_text.h"

namespace ictgate::fuzz {

void Require(bool ok, const char* invariant) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", invariant);
  std::abort();
}

const engine::PolicyPack& RealPack() {
  static const engine::PolicyPack kPack =
      app::LoadPackText(EmbeddedPolicyFiles().at(0).text).value();
  return kPack;
}

const std::map<std::string, nlohmann::json>& ExampleDossiers() {
  static const std::map<std::string, nlohmann::json> kDossiers = [] {
    std::map<std::string, nlohmann::json> dossiers;
    for (const auto& file : EmbeddedExampleDossiers()) {
      dossiers[file.name.substr(0, file.name.rfind(".json"))] = nlohmann::json::parse(file.text);
    }
    return dossiers;
  }();
  return kDossiers;
}

}  // namespace ictgate::fuzz
