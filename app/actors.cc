#include "app/actors.h"

#include <map>
#include <set>
#include <stdexcept>

#include "common/hex.h"
#include "engine/lifecycle.h"
#include "store/chain.h"

namespace ictgate::app {

namespace {

constexpr char kOpening[] = "\"actor-";
constexpr size_t kIdLength = 38;                       // actor-<32 hex>
constexpr size_t kQuotedIdLength = 1 + kIdLength + 1;  // with its quotes

// Where the pseudonym quoted at `at` (the opening quote) ends, or npos when
// the text there is no whole JSON string that is one: a quote escaped inside
// a longer string does not count.
size_t QuotedIdEnd(const std::string& text, size_t at) {
  if (at > 0 && text[at - 1] == '\\') return std::string::npos;
  if (at + kQuotedIdLength > text.size() || text[at + kQuotedIdLength - 1] != '"')
    return std::string::npos;
  return store::IsActorId(text.substr(at + 1, kIdLength)) ? at + kQuotedIdLength
                                                          : std::string::npos;
}

}  // namespace

engine::Actor Actors::Pseudonymous(engine::Actor actor) {
  if (actor.role != engine::Role::kSystem) actor.name = store_.ActorId(actor.name);
  return actor;
}

std::string Actors::ResolveJsonText(std::string json) const {
  std::set<std::string> ids;
  for (size_t at = json.find(kOpening); at != std::string::npos; at = json.find(kOpening, at + 1)) {
    if (QuotedIdEnd(json, at) != std::string::npos) ids.insert(json.substr(at + 1, kIdLength));
  }
  if (ids.empty()) return json;
  const auto names = store_.ActorNames(ids);
  std::string out;
  out.reserve(json.size());
  size_t copied = 0;
  for (size_t at = json.find(kOpening); at != std::string::npos; at = json.find(kOpening, at + 1)) {
    const size_t end = QuotedIdEnd(json, at);
    if (end == std::string::npos) continue;
    const auto name = names.find(json.substr(at + 1, kIdLength));
    out.append(json, copied, at - copied);
    out += nlohmann::json(name == names.end() ? kErasedActor : name->second).dump();
    copied = end;
    at = end - 1;
  }
  out.append(json, copied, std::string::npos);
  return out;
}

void Actors::ResolveNames(std::vector<store::ChainedEvent>& log, const char* erased) const {
  std::set<std::string> ids;
  for (const auto& c : log) {
    if (store::IsActorId(c.event.actor.name)) ids.insert(c.event.actor.name);
  }
  const auto names = store_.ActorNames(ids);
  for (auto& c : log) {
    if (!store::IsActorId(c.event.actor.name)) continue;
    const auto name = names.find(c.event.actor.name);
    c.event.actor.name = name == names.end() ? erased : name->second;
  }
}

std::optional<store::ActorErasure> Actors::Erase(const std::string& name, engine::Instant at) {
  return store_.EraseActor(name, engine::FormatInstant(at));
}

std::optional<store::RecordEntry> PseudonymiseNamedActors(store::Store& store,
                                                          const PolicyRegistry& packs,
                                                          engine::Instant now) {
  if (!store.HasNamedActors()) return std::nullopt;
  const store::ChainVerification verified = store.VerifyChain();
  if (!verified.ok) {
    throw std::runtime_error("the chain does not verify at entry " +
                             std::to_string(verified.broken_at.value_or(0)) + " (" +
                             verified.problem + "): its actors are not pseudonymised");
  }
  std::map<std::string, std::string> ids;  // name -> pseudonym
  for (const auto& a : store.Actors()) {
    if (a.name) ids[*a.name] = a.id;
  }
  store::PseudonymisedChain rewritten;
  rewritten.at = engine::FormatInstant(now);
  std::map<std::string, std::vector<engine::Event>> logs;
  std::string prev = store::kGenesisHash;
  store.ForEachEvent([&](const store::ChainedEvent& c) {
    store::ChainedEvent entry = c;
    rewritten.old_head = {c.seq, c.hash};
    engine::Actor& actor = entry.event.actor;
    if (actor.role != engine::Role::kSystem && !store::IsActorId(actor.name)) {
      std::string& id = ids[actor.name];
      if (id.empty()) {
        id = "actor-" + RandomHex(16);
        rewritten.actors.push_back({id, actor.name, std::nullopt});
      }
      actor.name = id;
    }
    entry.prev_hash = prev;
    entry.hash = store::ChainHash(prev, entry.seq, entry.event);
    prev = entry.hash;
    logs[entry.event.activity_id].push_back(entry.event);
    rewritten.chain.push_back(std::move(entry));
  });
  for (const auto& [id, log] : logs) {
    const auto replay =
        engine::Replay(log, [&packs](const engine::PackRef& ref) { return packs.Find(ref); });
    if (!replay.ok()) throw std::runtime_error("activity " + id + ": " + replay.error().message);
    rewritten.records.push_back(replay.value());
  }
  return store.ReplaceNamedActors(rewritten);
}

}  // namespace ictgate::app
