#include "store/chain.h"

#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/sha256.h"

namespace ictgate::store {

const char kGenesisHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

nlohmann::json EntryJson(int64_t seq, const engine::Event& e) {
  return {
      {"seq", seq},
      {"activityId", e.activity_id},
      {"version", e.version},
      {"type", engine::EventTypeName(e.type)},
      {"from", engine::StateName(e.from)},
      {"to", engine::StateName(e.to)},
      {"actor",
       {{"name", e.actor.name},
        {"role", engine::RoleName(e.actor.role)},
        {"department", e.actor.department}}},
      {"requestId", e.request_id},
      {"payload", e.payload},
      {"derived", e.derived},
      {"at", engine::FormatInstant(e.at)},
  };
}

std::string CanonicalForm(int64_t seq, const engine::Event& e) {
  // nlohmann::json objects are std::map-backed: dump() emits sorted keys.
  return EntryJson(seq, e).dump();
}

nlohmann::json ChainedEntryJson(const ChainedEvent& entry) {
  nlohmann::json j = EntryJson(entry.seq, entry.event);
  j["prevHash"] = entry.prev_hash;
  j["hash"] = entry.hash;
  return j;
}

ChainedEvent ChainedEventFromJson(const nlohmann::json& j) {
  ChainedEvent c;
  c.seq = j.at("seq").get<int64_t>();
  engine::Event& e = c.event;
  e.activity_id = j.at("activityId").get<std::string>();
  e.version = j.at("version").get<int64_t>();
  const auto type = engine::ParseEventType(j.at("type").get<std::string>());
  const auto from = engine::ParseState(j.at("from").get<std::string>());
  const auto to = engine::ParseState(j.at("to").get<std::string>());
  const nlohmann::json& actor = j.at("actor");
  const auto role = engine::ParseRole(actor.at("role").get<std::string>());
  const auto at = engine::ParseInstant(j.at("at").get<std::string>());
  if (!type || !from || !to || !role || !at) {
    throw std::runtime_error("entry " + std::to_string(c.seq) +
                             ": unknown type, state, role or time");
  }
  e.type = *type;
  e.from = *from;
  e.to = *to;
  e.actor = {actor.at("name").get<std::string>(), *role, actor.at("department").get<std::string>()};
  e.request_id = j.at("requestId").get<std::string>();
  e.payload = j.at("payload");
  e.derived = j.at("derived");
  e.at = *at;
  c.prev_hash = j.at("prevHash").get<std::string>();
  c.hash = j.at("hash").get<std::string>();
  return c;
}

std::string ChainHash(const std::string& prev_hash, int64_t seq, const engine::Event& event) {
  return Sha256Hex(prev_hash + "\n" + CanonicalForm(seq, event));
}

void ChainVerifier::Break(int64_t seq, std::string problem) {
  result_.ok = false;
  result_.broken_at = seq;
  result_.problem = std::move(problem);
}

void ChainVerifier::Unreadable(int64_t seq, const std::string& why) {
  if (!TombstonesBefore(seq)) return;
  ++result_.checked;
  Break(seq, "entry " + std::to_string(seq) + " cannot be read: " + why);
}

bool ChainVerifier::Links(int64_t seq, const std::string& prev_hash) {
  const int64_t expected = result_.head.length + 1;
  if (seq != expected) {
    Break(expected, "entry " + std::to_string(expected) + " is missing (next present is " +
                        std::to_string(seq) + ")");
    return false;
  }
  if (prev_hash != result_.head.hash) {
    Break(seq, "entry " + std::to_string(seq) +
                   " does not link to the entry before it (removed, inserted or moved)");
    return false;
  }
  return true;
}

bool ChainVerifier::Add(const ChainedEvent& entry) {
  if (!TombstonesBefore(entry.seq)) return false;
  ++result_.checked;
  if (!Links(entry.seq, entry.prev_hash)) return false;
  if (ChainHash(entry.prev_hash, entry.seq, entry.event) != entry.hash) {
    Break(entry.seq, "entry " + std::to_string(entry.seq) +
                         " does not match its hash (its content was changed)");
    return false;
  }
  result_.head = {entry.seq, entry.hash};
  return true;
}

bool ChainVerifier::TombstonesBefore(int64_t seq) {
  for (; next_tombstone_ < tombstones_.size() && tombstones_[next_tombstone_].seq < seq;
       ++next_tombstone_) {
    if (!result_.ok) return false;
    const ChainTombstone& t = tombstones_[next_tombstone_];
    ++result_.checked;
    if (!Links(t.seq, t.prev_hash)) return false;
    ++result_.destroyed;
    result_.head = {t.seq, t.hash};
  }
  return result_.ok;
}

const ChainVerification& ChainVerifier::Finish() {
  TombstonesBefore(INT64_MAX);
  return result_;
}

}  // namespace ictgate::store
