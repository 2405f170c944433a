#include "app/retention.h"

#include <filesystem>
#include <set>
#include <stdexcept>

#include "common/file_text.h"
#include "common/sha256.h"
#include "engine/activity.h"
#include "store/chain.h"

namespace ictgate::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The pseudonyms and the documents an activity's events name.
struct Named {
  std::set<std::string> actors;
  std::set<std::string> documents;
};

Named NamedBy(const std::vector<store::ChainedEvent>& events) {
  Named named;
  for (const auto& c : events) {
    if (store::IsActorId(c.event.actor.name)) named.actors.insert(c.event.actor.name);
    if (c.event.type == engine::EventType::kUploadDocument) {
      named.documents.insert(c.event.payload.at("sha256").get<std::string>());
    }
  }
  return named;
}

json RuleJson(const engine::RetentionRule& rule) {
  return {{"rule", rule.id}, {"basis", rule.basis}, {"retainMonths", rule.months}};
}

// Writes one file of a package and lists it in `files`.
void AddFile(const fs::path& root, const std::string& name, const std::string& bytes, json& files) {
  WriteFileDurably((root / name).string(), bytes);
  files.push_back({{"path", name}, {"sha256", Sha256Hex(bytes)}, {"bytes", bytes.size()}});
}

// The package of `activity` for the e-depot, in `dir`/<id>: its record, its
// events as chained (the pseudonyms with the names still known), its
// documents' bytes and a manifest of them all with their SHA-256. Written
// under a temporary name and renamed into place once synced, so a crash
// leaves no half package under the activity's name. Returns the manifest's
// SHA-256.
std::string WritePackage(store::Store& store, const engine::Activity& activity,
                         const engine::RetentionDecision& d, const fs::path& dir,
                         engine::Instant now) {
  const fs::path final_dir = dir / activity.id;
  if (fs::exists(final_dir)) {
    throw std::runtime_error(final_dir.string() + " exists already: a package is never replaced");
  }
  const fs::path partial = dir / ("." + activity.id + ".partial");
  fs::remove_all(partial);
  fs::create_directories(partial / "documents");
  const auto events = store.Events(activity.id);
  const Named named = NamedBy(events);
  json files = json::array();
  AddFile(partial, "record.json", engine::ToJson(activity).dump(2) + "\n", files);
  json chained = json::array();
  for (const auto& c : events) chained.push_back(store::ChainedEntryJson(c));
  AddFile(partial, "events.json", chained.dump(2) + "\n", files);
  json actors = json::array();
  for (const auto& [id, name] : store.ActorNames(named.actors)) {
    actors.push_back({{"id", id}, {"name", name}});
  }
  AddFile(partial, "actors.json", actors.dump(2) + "\n", files);
  for (const std::string& sha256 : named.documents) {
    const auto kept = store.Document(sha256);
    if (!kept || Sha256Hex(kept->bytes) != sha256) {
      throw std::runtime_error("document " + sha256 + " of " + activity.id +
                               " is missing or damaged: run audit verify");
    }
    AddFile(partial, "documents/" + sha256, kept->bytes, files);
  }
  const store::ChainHead head = store.Head();
  json manifest = {{"format", kTransferFormat},
                   {"activityId", activity.id},
                   {"department", activity.department},
                   {"title", activity.title},
                   {"state", engine::StateName(activity.state)},
                   {"endedAt", engine::FormatInstant(activity.updated_at)},
                   {"transferredAt", engine::FormatInstant(now)},
                   {"retention", RuleJson(*d.rule)},
                   {"chainHead", {{"length", head.length}, {"hash", head.hash}}},
                   {"files", files}};
  const std::string manifest_text = manifest.dump(2) + "\n";
  WriteFileDurably((partial / "manifest.json").string(), manifest_text);
  SyncDirectory((partial / "documents").string());
  SyncDirectory(partial.string());
  fs::rename(partial, final_dir);
  SyncDirectory(dir.string());
  return Sha256Hex(manifest_text);
}

bool AnyTransfer(const RetentionPlan& plan) {
  for (const auto& d : plan.activities) {
    if (!d.held_by && d.rule->action == engine::RetentionAction::kTransfer) return true;
  }
  return false;
}

// Carries out one activity's decision; false when it changed since the plan.
bool Dispose(store::Store& store, const engine::RetentionDecision& d, const fs::path& dir,
             engine::Instant now, RetentionOutcome& outcome) {
  const auto activity = store.LoadUncached(d.id);
  if (!activity || activity->version != d.version) return false;
  const bool transfer = d.rule->action == engine::RetentionAction::kTransfer;
  store::ActivityDisposal disposal{d.id, d.version,
                                   transfer ? "transfer-activity" : "destroy-activity",
                                   RuleJson(*d.rule), engine::FormatInstant(now)};
  disposal.detail["endedAt"] = engine::FormatInstant(activity->updated_at);
  if (transfer) {
    disposal.detail["package"] = {{"name", d.id},
                                  {"manifestSha256", WritePackage(store, *activity, d, dir, now)}};
  }
  try {
    outcome.disposals.push_back(store.DisposeActivity(disposal));
  } catch (const store::VersionConflict&) {
    // The package of a record that moved on is not the record's.
    if (transfer) fs::remove_all(dir / d.id);
    return false;
  }
  if (transfer) outcome.packages.push_back((dir / d.id).string());
  return true;
}

}  // namespace

RetentionPlan PlanRetention(store::Store& store, const engine::RetentionSchedule& schedule,
                            engine::Instant now) {
  RetentionPlan plan;
  plan.at = now;
  std::vector<engine::RetentionCandidate> candidates;
  for (engine::State state : {engine::State::kClosed, engine::State::kCancelled}) {
    store::ActivityFilter filter;
    filter.state = state;
    filter.limit = 500;
    for (auto page = store.List(filter); !page.empty(); page = store.List(filter)) {
      for (const engine::Activity& a : page) {
        candidates.push_back({a.id, a.state, a.updated_at, a.version, a.links});
      }
      filter.after_id = page.back().id;
    }
  }
  plan.activities = engine::ActivitiesDue(schedule, candidates, now);
  const engine::RetentionRule* rule = engine::ActorNameRule(schedule);
  if (!rule) return plan;
  std::set<std::string> token_holders;
  for (const auto& t : store.Tokens()) {
    if (!t.revoked_at) token_holders.insert(t.name);
  }
  const auto last_acted = store.LastActed();
  for (const auto& actor : store.Actors()) {
    if (!actor.name) continue;
    const auto acted = last_acted.find(actor.id);
    const auto at = acted == last_acted.end() ? std::nullopt : engine::ParseInstant(acted->second);
    // No act of theirs left (their activities were destroyed): nothing of
    // the record needs the name any more.
    if (at && engine::RetentionEnds(*rule, *at) > now) continue;
    plan.names.push_back({actor.id, *actor.name, at ? acted->second : "", rule,
                          token_holders.count(*actor.name) > 0});
  }
  return plan;
}

RetentionOutcome ApplyRetention(store::Store& store, const RetentionPlan& plan,
                                const std::string& transfer_dir, engine::Instant now) {
  if (AnyTransfer(plan) && (transfer_dir.empty() || !fs::is_directory(transfer_dir))) {
    throw std::runtime_error(
        "a transfer is due: give --transfer-dir, an existing directory for the packages");
  }
  RetentionOutcome outcome;
  for (const auto& d : plan.activities) {
    if (d.held_by) continue;
    if (!Dispose(store, d, transfer_dir, now, outcome)) outcome.changed.push_back(d.id);
  }
  for (const auto& name : plan.names) {
    if (name.held) continue;
    json reason = RuleJson(*name.rule);
    reason["lastActed"] = name.last_acted.empty() ? json() : json(name.last_acted);
    if (auto erased = store.EraseActor(name.name, engine::FormatInstant(now), reason)) {
      outcome.erasures.push_back(std::move(*erased));
    }
  }
  return outcome;
}

}  // namespace ictgate::app
