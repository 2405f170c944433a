// The policy packs the service knows: every registered version, immutable.
//
// At start the packs compiled into the binary (policies/) are registered in
// the store; a registered version whose content differs is refused, so an
// edited pack file with an old version number stops the program instead of
// silently changing the rules under recorded assessments.
#ifndef ICTGATE_APP_POLICY_REGISTRY_H_
#define ICTGATE_APP_POLICY_REGISTRY_H_

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/embedded_text.h"
#include "engine/policy_pack.h"
#include "store/store.h"

namespace ictgate {
// policies/**/*.json, sorted by path, compiled in (cmake/embed_texts.cmake):
// the packs, and beside each its texts (<version>.texts.json) when it has
// them.
const std::vector<EmbeddedText>& EmbeddedPolicyFiles();
}  // namespace ictgate

namespace ictgate::app {

// A pack the registry cannot take: an embedded or stored pack that does not
// parse or does not match its recorded hash, or a version registered again
// with other content. Fatal at start: the binary and the database disagree.
class PackRejected : public std::runtime_error {
 public:
  explicit PackRejected(const std::string& what, std::vector<engine::Problem> problems = {})
      : std::runtime_error(what), problems_(std::move(problems)) {}
  const std::vector<engine::Problem>& problems() const { return problems_; }

 private:
  std::vector<engine::Problem> problems_;
};

// Parses and validates a pack document and, when it is valid, sets its
// content hash. The problems list every fault, each at its JSON Pointer.
engine::Result<engine::PolicyPack> LoadPack(const nlohmann::json& document);
// The same for a pack file's text (invalid JSON is a problem at path "").
engine::Result<engine::PolicyPack> LoadPackText(const std::string& text);

// The texts of `pack` (engine::ParsePackTexts) from a texts file's text.
engine::Result<std::map<engine::Language, engine::PackTexts>> LoadPackTexts(
    const std::string& text, const engine::PolicyPack& pack);
// Whether a file under policies/ holds a pack's texts rather than a pack.
bool IsPackTextsFile(const std::string& name);

// Holds each pack with its texts: a pack added (from the store, embedded or
// registered) gets the embedded texts of its id and version, and a texts
// file that does not fit its pack is refused like a pack that does not
// parse.
class PolicyRegistry {
 public:
  // kRegister stores the embedded packs not yet registered; kReadOnly only
  // holds them in memory (for dry runs on a read-only store).
  enum class Mode { kRegister, kReadOnly };

  // Loads every pack the store has, then adds the embedded ones. Throws
  // PackRejected when an embedded pack conflicts with a registered version.
  PolicyRegistry(store::Store& store, engine::Instant now, Mode mode = Mode::kRegister);

  // Registers a new pack version. Registering the identical content again is
  // a no-op. Throws PackRejected on problems or when the same id and version
  // is registered with other content.
  const engine::PolicyPack& Register(const engine::PolicyPack& pack, engine::Instant now);

  // nullptr when unknown. The hash must match too.
  const engine::PolicyPack* Find(const engine::PackRef& ref) const;
  const engine::PolicyPack* Find(const std::string& id, const std::string& version) const;
  // The pack in force at `now`: the latest effectiveFrom on or before it
  // (then the highest version). Throws std::logic_error when there is none.
  const engine::PolicyPack& Active(engine::Instant now) const;
  std::vector<const engine::PolicyPack*> All() const;

 private:
  // Adds a pack held in memory only; throws PackRejected on a conflict.
  void Hold(const engine::PolicyPack& pack);
  // `pack` with its embedded texts, if any; throws PackRejected when they do
  // not fit it.
  std::unique_ptr<engine::PolicyPack> WithTexts(engine::PolicyPack pack) const;

  struct TextsFile {
    std::string file;  // for messages
    nlohmann::json document;
  };

  store::Store& store_;
  mutable std::mutex mutex_;
  // Packs never move once added (unique_ptr), so references stay valid.
  std::map<std::pair<std::string, std::string>, std::unique_ptr<engine::PolicyPack>> packs_;
  std::map<std::pair<std::string, std::string>, TextsFile> texts_;  // by pack id and version
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_POLICY_REGISTRY_H_
