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
#include <vector>

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

// A chain entry destroyed under retention (migrations/0011): its position
// and the hashes that linked it, kept so that the chain still verifies and
// its head does not move. `record_seq` is the record log entry that
// destroyed it, which lists the same position and hashes.
struct ChainTombstone {
  int64_t seq = 0;
  std::string activity_id;
  std::string prev_hash;
  std::string hash;
  int64_t record_seq = 0;
};

// The end of the chain, for anchoring it outside the database.
struct ChainHead {
  int64_t length = 0;
  std::string hash = kGenesisHash;
};

struct ChainVerification {
  bool ok = true;
  int64_t checked = 0;               // entries read
  int64_t destroyed = 0;             // of them, entries destroyed under retention (links only)
  std::optional<int64_t> broken_at;  // seq of the first broken entry
  std::string problem;               // what is wrong there
  ChainHead head;                    // the last good entry
};

// Verifies entries fed in seq order, stopping at the first broken one.
// Tombstones given at construction (in seq order) take their places
// between the entries: only their links can be checked, their content
// being gone.
class ChainVerifier {
 public:
  ChainVerifier() = default;
  explicit ChainVerifier(std::vector<ChainTombstone> tombstones)
      : tombstones_(std::move(tombstones)) {}

  // Returns false once the chain is broken (further entries are ignored).
  bool Add(const ChainedEvent& entry);
  // Marks the entry at `seq` unreadable (a row that no longer parses).
  void Unreadable(int64_t seq, const std::string& why);
  // Takes the tombstones past the last entry added: call once every entry
  // is in (without tombstones, result() is the same).
  const ChainVerification& Finish();
  const ChainVerification& result() const { return result_; }

 private:
  void Break(int64_t seq, std::string problem);
  // Whether an entry at `seq` linking to `prev_hash` may follow; breaks the
  // chain when not.
  bool Links(int64_t seq, const std::string& prev_hash);
  // Takes the tombstones before position `seq`.
  bool TombstonesBefore(int64_t seq);
  std::vector<ChainTombstone> tombstones_;
  size_t next_tombstone_ = 0;
  ChainVerification result_;
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_CHAIN_H_
