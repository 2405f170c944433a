#include "store/record_log.h"

#include <map>
#include <tuple>

#include "common/sha256.h"

namespace ictgate::store {
namespace {

using nlohmann::json;

bool IsDisposal(const RecordEntry& e) {
  return e.kind == "destroy-activity" || e.kind == "transfer-activity";
}

}  // namespace

json RecordEntryBody(const RecordEntry& e) {
  return {{"seq", e.seq},
          {"kind", e.kind},
          {"subject", e.subject},
          {"detail", e.detail},
          {"at", e.at},
          {"chainLength", e.chain.length},
          {"chainHash", e.chain.hash}};
}

std::string RecordEntryHash(const RecordEntry& e) {
  return Sha256Hex(e.prev_hash + "\n" + RecordEntryBody(e).dump());
}

json RecordEntryJson(const RecordEntry& e) {
  json j = RecordEntryBody(e);
  j["prevHash"] = e.prev_hash;
  j["hash"] = e.hash;
  return j;
}

RecordEntry RecordEntryFromJson(const json& j) {
  return {j.at("seq").get<int64_t>(),
          j.at("kind").get<std::string>(),
          j.at("subject").get<std::string>(),
          j.at("detail"),
          j.at("at").get<std::string>(),
          {j.at("chainLength").get<int64_t>(), j.at("chainHash").get<std::string>()},
          j.at("prevHash").get<std::string>(),
          j.at("hash").get<std::string>()};
}

ChainVerification VerifyRecordEntries(const std::vector<RecordEntry>& entries) {
  ChainVerification result;
  std::string prev = kGenesisHash;
  for (const RecordEntry& e : entries) {
    ++result.checked;
    const char* problem = e.seq != result.checked        ? "the entries are not numbered in order"
                          : e.prev_hash != prev          ? "it does not link to the entry before"
                          : e.hash != RecordEntryHash(e) ? "its hash does not match its content"
                                                         : nullptr;
    if (problem) {
      result.ok = false;
      result.broken_at = e.seq;
      result.problem = problem;
      return result;
    }
    prev = e.hash;
    result.head = {e.seq, e.hash};
  }
  return result;
}

json TombstoneJson(const ChainTombstone& t) {
  return {{"seq", t.seq},
          {"activityId", t.activity_id},
          {"prevHash", t.prev_hash},
          {"hash", t.hash},
          {"recordSeq", t.record_seq}};
}

ChainTombstone TombstoneFromJson(const json& j) {
  return {j.at("seq").get<int64_t>(), j.at("activityId").get<std::string>(),
          j.at("prevHash").get<std::string>(), j.at("hash").get<std::string>(),
          j.at("recordSeq").get<int64_t>()};
}

std::optional<std::string> TombstoneProblem(const std::vector<ChainTombstone>& tombstones,
                                            const std::vector<RecordEntry>& entries) {
  // (seq, prevHash, hash) -> (record seq, activity) as the record log lists them.
  using Listed = std::tuple<int64_t, std::string, std::string>;
  std::map<Listed, std::pair<int64_t, std::string>> listed;
  for (const RecordEntry& e : entries) {
    if (!IsDisposal(e)) continue;
    const json list = e.detail.value("entries", json::array());
    for (const json& l : list) {
      if (!l.is_array() || l.size() != 3 || !l[0].is_number_integer() || !l[1].is_string() ||
          !l[2].is_string()) {
        return "record log entry " + std::to_string(e.seq) + " lists an entry it cannot name";
      }
      listed[{l[0].get<int64_t>(), l[1].get<std::string>(), l[2].get<std::string>()}] = {e.seq,
                                                                                         e.subject};
    }
  }
  for (const ChainTombstone& t : tombstones) {
    const auto it = listed.find({t.seq, t.prev_hash, t.hash});
    if (it == listed.end() || it->second.first != t.record_seq ||
        it->second.second != t.activity_id) {
      return "the tombstone of entry " + std::to_string(t.seq) +
             " is not the one a record log entry lists";
    }
    listed.erase(it);
  }
  if (!listed.empty()) {
    return "entry " + std::to_string(std::get<0>(listed.begin()->first)) +
           " is listed as destroyed by record log entry " +
           std::to_string(listed.begin()->second.first) + " but has no tombstone";
  }
  return std::nullopt;
}

}  // namespace ictgate::store
