// Demo data for `ictgate serve --demo`: tokens for every role and a small
// portfolio in every interesting state, created through the Service so that
// the demo log is a real, verifiable chain. Plain `serve` never calls this.
#ifndef ICTGATE_APP_DEMO_SEED_H_
#define ICTGATE_APP_DEMO_SEED_H_

#include <string>
#include <vector>

#include "app/service.h"
#include "app/tokens.h"
#include "common/embedded_text.h"
#include "store/store.h"

namespace ictgate {
// examples/dossiers/*.json ("green.json", ...), compiled in: the demo
// portfolio's dossiers.
const std::vector<EmbeddedText>& EmbeddedExampleDossiers();
}  // namespace ictgate

namespace ictgate::app {

struct DemoToken {
  std::string name;
  engine::Role role;
  std::string department;
  std::string token;
};

// Revokes the demo tokens of an earlier run and issues fresh ones (a token is
// shown only once, so a restarted demo needs new ones), through `tokens`, so
// that it forgets the revoked ones. Seeds the portfolio only into a database
// without activities. Throws std::logic_error if a seed step is refused,
// which would be a bug in the seed.
std::vector<DemoToken> SeedDemo(Service& service, Tokens& tokens, store::Store& store);

// A complete record-verdict payload for `dossier` under `pack` whose verdict
// is the advisory one: every area scored ok and a "met" finding for each
// criterion without an automatic check. Used by the demo and the tests.
nlohmann::json CompleteAssessment(const engine::PolicyPack& pack, const nlohmann::json& dossier);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_DEMO_SEED_H_
