#include "app/portability.h"

#include <map>
#include <set>

#include "app/policy_registry.h"
#include "common/csv.h"
#include "common/hex.h"
#include "common/sha256.h"
#include "engine/eligibility.h"
#include "engine/lifecycle.h"
#include "store/chain.h"

namespace ictgate::app {
namespace {

using nlohmann::json;

json PackJson(const store::StoredPack& p) {
  return {{"id", p.id},
          {"version", p.version},
          {"contentHash", p.content_hash},
          {"effectiveFrom", p.effective_from},
          {"registeredAt", p.registered_at},
          {"content", json::parse(p.content)}};
}

// The exported packs, checked against their hashes, keyed by (id, version).
std::map<std::pair<std::string, std::string>, engine::PolicyPack> ReadPacks(const json& packs) {
  std::map<std::pair<std::string, std::string>, engine::PolicyPack> out;
  for (const json& p : packs) {
    const std::string name =
        p.at("id").get<std::string>() + " " + p.at("version").get<std::string>();
    auto parsed = LoadPack(p.at("content"));
    if (!parsed.ok()) throw ImportError("pack " + name + " is not a valid policy pack");
    engine::PolicyPack pack = std::move(parsed).value();
    if (pack.ref.content_hash != p.at("contentHash").get<std::string>()) {
      throw ImportError("pack " + name + " does not match its content hash");
    }
    out.emplace(std::make_pair(pack.ref.id, pack.ref.version), std::move(pack));
  }
  return out;
}

// The chain, verified entry by entry, grouped into logs per activity.
std::map<std::string, std::vector<engine::Event>> ReadChain(
    const json& events, const std::vector<store::ChainTombstone>& tombstones,
    std::vector<store::ChainedEvent>& chain, store::ChainHead& head) {
  store::ChainVerifier verifier(tombstones);
  std::map<std::string, std::vector<engine::Event>> logs;
  for (const json& entry : events) {
    store::ChainedEvent c;
    try {
      c = store::ChainedEventFromJson(entry);
    } catch (const std::exception& e) {
      throw ImportError("event " + std::to_string(chain.size() + 1) +
                        " cannot be read: " + e.what());
    }
    if (!verifier.Add(c)) throw ImportError("the chain is broken: " + verifier.result().problem);
    logs[c.event.activity_id].push_back(c.event);
    chain.push_back(std::move(c));
  }
  const auto& verified = verifier.Finish();
  if (!verified.ok) throw ImportError("the chain is broken: " + verified.problem);
  head = verified.head;
  return logs;
}

// The hashes of the documents the chain's uploads name.
std::set<std::string> NamedDocuments(const std::vector<store::ChainedEvent>& chain) {
  std::set<std::string> named;
  for (const auto& c : chain) {
    if (c.event.type == engine::EventType::kUploadDocument) {
      named.insert(c.event.payload.at("sha256").get<std::string>());
    }
  }
  return named;
}

// The exported documents, each checked against its hash, exactly those
// the chain names.
std::vector<store::DocumentContent> ReadDocuments(const json& documents,
                                                  const std::set<std::string>& named) {
  std::vector<store::DocumentContent> out;
  std::set<std::string> seen;
  for (const json& d : documents) {
    const std::string sha256 = d.at("sha256").get<std::string>();
    auto bytes = Base64Decode(d.at("contentBase64").get<std::string>());
    if (!bytes) throw ImportError("document " + sha256 + " is not base64");
    if (Sha256Hex(*bytes) != sha256) {
      throw ImportError("document " + sha256 + " does not match its hash");
    }
    if (!named.count(sha256)) throw ImportError("document " + sha256 + " is named by no event");
    seen.insert(sha256);
    out.push_back({sha256, d.at("mediaType").get<std::string>(), std::move(*bytes)});
  }
  for (const std::string& sha256 : named) {
    if (!seen.count(sha256))
      throw ImportError("document " + sha256 + " is missing from the export");
  }
  return out;
}

// The pseudonyms' names: each a pseudonym, each name once.
std::vector<store::ActorRecord> ReadActors(const json& list) {
  std::vector<store::ActorRecord> out;
  std::set<std::string> ids, names;
  for (const json& a : list) {
    const std::string id = a.at("id").get<std::string>();
    const std::string name = a.at("name").get<std::string>();
    if (!store::IsActorId(id)) throw ImportError("actor " + id + " is not a pseudonym");
    if (!ids.insert(id).second || !names.insert(name).second)
      throw ImportError("actor " + id + " is listed twice, or its name is");
    out.push_back({id, name, std::nullopt});
  }
  return out;
}

// The record log, verified, and the tombstones of destroyed entries, which
// must be the ones it lists. Exports of before retention have neither.
void ReadRecordLog(const json& document, std::vector<store::RecordEntry>& entries,
                   std::vector<store::ChainTombstone>& tombstones) {
  for (const json& e : document.value("recordLog", json::array())) {
    entries.push_back(store::RecordEntryFromJson(e));
  }
  const auto verified = store::VerifyRecordEntries(entries);
  if (!verified.ok) {
    throw ImportError("the record log is broken at entry " + std::to_string(*verified.broken_at) +
                      ": " + verified.problem);
  }
  for (const json& t : document.value("tombstones", json::array())) {
    tombstones.push_back(store::TombstoneFromJson(t));
  }
  if (const auto problem = store::TombstoneProblem(tombstones, entries))
    throw ImportError(*problem);
}

// Writes `items` as a JSON array, each by `to_json`.
template <typename T, typename ToJson>
void WriteArray(std::ostream& out, const std::vector<T>& items, ToJson to_json) {
  out << "[";
  bool first = true;
  for (const T& item : items) {
    out << (first ? "" : ",") << to_json(item).dump();
    first = false;
  }
  out << "]";
}

}  // namespace

void ExportJson(store::Store& store, std::ostream& out, engine::Instant now) {
  out << "{\"format\":" << json(kExportFormat)
      << ",\"exportedAt\":" << json(engine::FormatInstant(now)) << ",\"packs\":[";
  bool first = true;
  for (const auto& p : store.Packs()) {
    out << (first ? "" : ",") << PackJson(p).dump();
    first = false;
  }
  out << "],\"events\":[";
  std::map<std::string, engine::Activity> folded;
  std::set<std::string> documents;
  store::ChainHead head;
  store::Store::RecordState state;
  first = true;
  store.ForEachEvent(
      [&](const store::ChainedEvent& c) {
        out << (first ? "" : ",") << store::ChainedEntryJson(c).dump();
        first = false;
        folded[c.event.activity_id] = engine::Apply(folded[c.event.activity_id], c.event);
        if (c.event.type == engine::EventType::kUploadDocument) {
          documents.insert(c.event.payload.at("sha256").get<std::string>());
        }
        head = {c.seq, c.hash};
      },
      &state);
  // Destroyed entries past the last one kept are the head's.
  if (!state.tombstones.empty() && state.tombstones.back().seq > head.length) {
    head = {state.tombstones.back().seq, state.tombstones.back().hash};
  }
  // Written with their event in one transaction and never rewritten, so
  // every document an exported event names is there.
  out << "],\"documents\":[";
  first = true;
  for (const std::string& sha256 : documents) {
    const auto kept = store.Document(sha256);
    if (!kept) throw std::runtime_error("no bytes are kept for document " + sha256);
    out << (first ? "" : ",")
        << json{{"sha256", sha256},
                {"mediaType", kept->media_type},
                {"contentBase64", Base64Encode(kept->bytes)}}
               .dump();
    first = false;
  }
  // The names of the people the chain names by pseudonym; an erased one
  // has none, and is not exported.
  out << "],\"actors\":[";
  first = true;
  for (const auto& a : store.Actors()) {
    if (!a.name) continue;
    out << (first ? "" : ",") << json{{"id", a.id}, {"name", *a.name}}.dump();
    first = false;
  }
  // What was done to the record itself, and the places of destroyed
  // entries: an import verifies the chain through them.
  out << "],\"recordLog\":";
  WriteArray(out, state.record_log, store::RecordEntryJson);
  out << ",\"tombstones\":";
  WriteArray(out, state.tombstones, store::TombstoneJson);
  out << ",\"activities\":[";
  first = true;
  for (const auto& [id, activity] : folded) {
    out << (first ? "" : ",") << engine::ToJson(activity).dump();
    first = false;
  }
  out << "],\"head\":" << json{{"length", head.length}, {"hash", head.hash}}.dump() << "}\n";
}

ImportReport ImportJson(store::Store& store, const json& document) {
  if (!document.is_object() || document.value("format", "") != kExportFormat) {
    throw ImportError(std::string("not an ictgate export (format ") + kExportFormat + ")");
  }
  if (store.Head().length != 0 || !store.ActivityIds().empty()) {
    throw ImportError("the database is not empty: import needs a new one");
  }
  ImportReport report;
  store::Store::Imported imported;
  std::vector<store::ChainedEvent>& chain = imported.chain;
  std::vector<engine::Activity>& records = imported.records;
  try {
    const auto packs = ReadPacks(document.at("packs"));
    ReadRecordLog(document, imported.record_log, imported.tombstones);
    const auto logs = ReadChain(document.at("events"), imported.tombstones, chain, report.head);
    const json& head = document.at("head");
    if (report.head.length != head.at("length").get<int64_t>() ||
        report.head.hash != head.at("hash").get<std::string>()) {
      throw ImportError("the chain does not end at the head the export names");
    }
    // Exports of before documents by content have none, of before
    // pseudonyms no actors.
    imported.documents =
        ReadDocuments(document.value("documents", json::array()), NamedDocuments(chain));
    imported.actors = ReadActors(document.value("actors", json::array()));
    const auto resolve = [&](const engine::PackRef& ref) -> const engine::PolicyPack* {
      const auto it = packs.find({ref.id, ref.version});
      return it != packs.end() && it->second.ref.content_hash == ref.content_hash ? &it->second
                                                                                  : nullptr;
    };
    std::set<std::string> recorded;
    for (const json& record : document.at("activities")) {
      const std::string id = record.at("id").get<std::string>();
      const auto log = logs.find(id);
      if (log == logs.end()) throw ImportError("activity " + id + " has no events");
      const auto replay = engine::Replay(log->second, resolve);
      if (!replay.ok()) throw ImportError("activity " + id + ": " + replay.error().message);
      if (engine::ToJson(replay.value()) != record) {
        throw ImportError("activity " + id + " differs from the replay of its log");
      }
      recorded.insert(id);
      records.push_back(replay.value());
    }
    if (recorded.size() != logs.size()) {
      throw ImportError("the export has events of activities it does not list");
    }
    for (const json& p : document.at("packs")) {
      store::StoredPack stored{p.at("id"),
                               p.at("version"),
                               p.at("contentHash"),
                               engine::CanonicalPackText(p.at("content")),
                               p.at("effectiveFrom"),
                               p.at("registeredAt")};
      const auto existing = store.RegisterPack(stored);
      if (existing && existing->content_hash != stored.content_hash) {
        throw ImportError("pack " + stored.id + " " + stored.version +
                          " is registered here with other content");
      }
      ++report.packs;
    }
  } catch (const json::exception& e) {
    throw ImportError(std::string("the export is malformed: ") + e.what());
  }
  try {
    store.Import(imported);
  } catch (const std::runtime_error& e) {
    throw ImportError(e.what());
  }
  report.activities = records.size();
  return report;
}

void ExportCsv(store::Store& store, std::ostream& out, engine::Instant now) {
  out << "id,department,title,kind,state,ict_cost_eur,initial_cost_eur,linked_cost_eur,"
         "planned_start,planned_end,initial_planned_end,herijkingen,herijking_reasons,verdict,"
         "verdict_date,verdict_overridden,eligibility,funded_eur,updated_at\r\n";
  store::ActivityFilter filter;
  filter.limit = 500;
  for (auto page = store.List(filter); !page.empty(); page = store.List(filter)) {
    for (const engine::Activity& a : page) {
      std::string reasons;
      for (size_t i = 1; i < a.estimates.size(); ++i) {
        // Herijkingen apart by ";", the reasons of one by "+".
        std::string codes;
        for (const auto& code : a.estimates[i].reason_codes) {
          codes += (codes.empty() ? "" : "+") + code;
        }
        reasons += (reasons.empty() ? "" : ";") + codes;
      }
      const bool locked = !a.estimates.empty();
      const std::vector<std::string> fields = {
          a.id,
          a.department,
          a.title,
          std::string(engine::ActivityKindName(a.kind)),
          std::string(engine::StateName(a.state)),
          std::to_string(a.ict_cost_eur),
          locked ? std::to_string(a.estimates.front().cost_eur) : "",
          std::to_string(a.linked_cost_eur),
          engine::FormatDate(a.planned_start),
          engine::FormatDate(a.planned_end),
          locked ? engine::FormatDate(a.estimates.front().planned_end) : "",
          std::to_string(locked ? a.estimates.size() - 1 : 0),
          reasons,
          a.verdict ? std::string(engine::ColourName(a.verdict->recorded)) : "",
          a.verdict ? engine::FormatDate(engine::DateOf(a.verdict->recorded_at)) : "",
          a.verdict && a.verdict->overridden ? "yes" : "no",
          std::string(engine::EligibilityStatusName(engine::EligibilityAt(a, now).status)),
          std::to_string(a.funded_eur),
          engine::FormatInstant(a.updated_at)};
      WriteCsvRecord(out, fields);
    }
    filter.after_id = page.back().id;
  }
}

}  // namespace ictgate::app
