// The record log (migrations/0010, 0011): what was done to the record itself
// rather than to an activity (the pseudonymisation of an old chain, an
// erasure, the destruction or transfer of an activity under retention),
// hash-chained like the events. Entry n's hash is SHA-256 over entry n-1's
// hash, a newline and the canonical JSON of entry n (RecordEntryBody), the
// first linking to kGenesisHash. Every Store keeps it the same way; these
// functions are how it travels (an export) and is checked.
#ifndef ICTGATE_STORE_RECORD_LOG_H_
#define ICTGATE_STORE_RECORD_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/chain.h"

namespace ictgate::store {

// An entry of the record log, naming pseudonyms only. `chain` is the event
// chain's head when it was written, so the two chains anchor each other.
struct RecordEntry {
  int64_t seq = 0;
  // "pseudonymise", "erase-actor", "destroy-activity", "transfer-activity"
  std::string kind;
  std::string subject;  // what it concerns: a pseudonym, an activity's id, or "chain"
  nlohmann::json detail = nlohmann::json::object();
  std::string at;
  ChainHead chain;
  std::string prev_hash;
  std::string hash;
};

// The hashed part: {seq, kind, subject, detail, at, chainLength, chainHash}.
nlohmann::json RecordEntryBody(const RecordEntry& e);
std::string RecordEntryHash(const RecordEntry& e);
// The body with prevHash and hash: how an entry travels in an export.
// RecordEntryFromJson is its inverse; it throws nlohmann::json::exception
// for an entry it cannot read.
nlohmann::json RecordEntryJson(const RecordEntry& e);
RecordEntry RecordEntryFromJson(const nlohmann::json& j);

// Checks `entries` (the whole log, in order) link and match their hashes;
// stops at the first broken one.
ChainVerification VerifyRecordEntries(const std::vector<RecordEntry>& entries);

// A tombstone as an export carries it: {seq, activityId, prevHash, hash,
// recordSeq}, and back (throws nlohmann::json::exception).
nlohmann::json TombstoneJson(const ChainTombstone& t);
ChainTombstone TombstoneFromJson(const nlohmann::json& j);

// Whether the tombstones and the record log tell the same story: each
// tombstone is listed, with its hashes, by the destroy-activity or
// transfer-activity entry it names, for its activity, and each such
// entry's listed entries all have their tombstone. The first disagreement,
// or nullopt.
std::optional<std::string> TombstoneProblem(const std::vector<ChainTombstone>& tombstones,
                                            const std::vector<RecordEntry>& entries);

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_RECORD_LOG_H_
