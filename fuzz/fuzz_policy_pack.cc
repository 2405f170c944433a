// libFuzzer target: policy pack loading (engine/policy_pack.h) on hostile
// documents.
//
// Input: a JSON document (input that is not JSON is skipped), used three
// ways: as a dossier checked against the real pack (ValidateDossier); as a
// pack (ParsePolicyPack); and, when it is a valid pack, for its canonical
// text (CanonicalPackText) and as the pack the example dossiers are checked
// and evaluated against (ValidateDossier, EvaluateDossier: the pack's rules
// run on real dossiers).
//
// Besides never crashing or throwing, the contracts of policy_pack.h must
// hold; a breach aborts, which libFuzzer reports as a crash. The input is
// mutated as JSON (fuzz/json_mutator.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/assessment.h"
#include "engine/policy_pack.h"
#include "fuzz/fuzz_support.h"

namespace ictgate {
namespace {

using fuzz::RealPack;
using fuzz::Require;
using nlohmann::json;

void CheckDossierProblems(const std::vector<engine::Problem>& problems) {
  for (const auto& [field, message] : problems) {
    Require(field.rfind("dossier", 0) == 0 && !message.empty(),
            "a dossier problem names its member and says what is wrong");
  }
}

void Run(const uint8_t* data, size_t size) {
  const json document = json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return;

  CheckDossierProblems(engine::ValidateDossier(document, RealPack()));

  const auto parsed = engine::ParsePolicyPack(document);
  if (!parsed.ok()) {
    Require(!parsed.error().empty(), "a refused pack has a problem");
    for (const auto& p : parsed.error()) {
      Require((p.field.empty() || p.field[0] == '/') && !p.message.empty(),
              "a pack problem has a JSON Pointer path and a message");
    }
    return;
  }
  const engine::PolicyPack& pack = parsed.value();

  // The canonical text, taken of accepted packs only (as the service does),
  // is what the content hash is taken over: it must read back as the same
  // document, and be its own canonical text.
  const std::string canonical = engine::CanonicalPackText(document);
  const json reread = json::parse(canonical);
  Require(reread == document, "the canonical text reads back as the document");
  Require(engine::CanonicalPackText(reread) == canonical, "the canonical text is canonical");
  for (const auto& example : fuzz::ExampleDossiers()) {
    CheckDossierProblems(engine::ValidateDossier(example.second, pack));
    const engine::Evaluation evaluation = engine::EvaluateDossier(pack, example.second);
    Require(evaluation.criteria.size() == pack.criteria.size(), "every criterion is evaluated");
  }
}

}  // namespace
}  // namespace ictgate

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ictgate::Run(data, size);
  return 0;
}

// The input is mutated as one JSON document (whole_document_mutator.cc).
