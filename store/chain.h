// The hash chain over the transition log (docs/spec.md section 6).
//
// Entry n's hash is SHA-256 over the previous entry's hash, a newline, and the
// canonical form of entry n. The canonical form is the entry as a JSON object
// with keys sorted, no insignificant whitespace, UTF-8 (nlohmann::json's
// dump() of an object, whose keys are kept sorted). It includes the entry's
// position (seq), so moving, dropping or editing any entry breaks the chain at
// that entry or the next. The first entry links to kGenesisHash.
#ifndef ICTGATE_STORE_CHAIN_H_
#define ICTGATE_STORE_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/event.h"

namespace ictgate::store {

// 64 zeros: what the first entry's prev_hash is.
extern const char kGenesisHash[];

// An event with its place in the chain.
struct ChainedEvent {
  int64_t seq = 0;  // 1-based position in the chain
  engine::Event event;
  std::string prev_hash;
  std::string hash;
};

// The entry as a JSON object: seq, activityId, version, type, from, to,
// actor {name, role, department}, requestId, payload, derived, at.
nlohmann::json EntryJson(int64_t seq, const engine::Event& event);
// EntryJson(...).dump(): sorted keys, no whitespace.
std::string CanonicalForm(int64_t seq, const engine::Event& event);

// EntryJson with the entry's prevHash and hash: how an entry travels in an
// export. ChainedEventFromJson is its inverse; it throws std::runtime_error
// (or nlohmann::json::exception) for an entry it cannot read.
nlohmann::json ChainedEntryJson(const ChainedEvent& entry);
ChainedEvent ChainedEventFromJson(const nlohmann::json& j);
std::string ChainHash(const std::string& prev_hash, int64_t seq, const engine::Event& event);

// The end of the chain, for anchoring it outside the database.
struct ChainHead {
  int64_t length = 0;
  std::string hash = kGenesisHash;
};

struct ChainVerification {
  bool ok = true;
  int64_t checked = 0;               // entries read
  std::optional<int64_t> broken_at;  // seq of the first broken entry
  std::string problem;               // what is wrong there
  ChainHead head;                    // the last good entry
};

// Verifies entries fed in seq order, stopping at the first broken one.
class ChainVerifier {
 public:
  // Returns false once the chain is broken (further entries are ignored).
  bool Add(const ChainedEvent& entry);
  // Marks the entry at `seq` unreadable (a row that no longer parses).
  void Unreadable(int64_t seq, const std::string& why);
  const ChainVerification& result() const { return result_; }

 private:
  void Break(int64_t seq, std::string problem);
  ChainVerification result_;
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_CHAIN_H_
