#include "app/service.h"

#include <algorithm>
#include <functional>
#include <set>

#include "app/log.h"
#include "common/sha256.h"
#include "engine/answer_texts.h"
#include "engine/notifications.h"
#include "engine/permissions.h"
#include "engine/publication.h"

namespace ictgate::app {
namespace {

WriteOutcome Refused(engine::Refusal refusal) {
  WriteOutcome r;
  r.status = WriteOutcome::Status::kRefused;
  r.message = refusal.summary;
  r.refusal = std::move(refusal);
  return r;
}

WriteOutcome Failure(WriteOutcome::Status status, std::string message) {
  WriteOutcome r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

// kConflict when the caller expected another version (If-Match).
std::optional<WriteOutcome> StaleVersion(const engine::Activity& a,
                                         std::optional<int64_t> expected) {
  if (!expected || *expected == a.version) return std::nullopt;
  return Failure(WriteOutcome::Status::kConflict, "activity " + a.id + " is at version " +
                                                      std::to_string(a.version) + ", not " +
                                                      std::to_string(*expected));
}

// The answer `record` gives a request that claims its key.
WriteOutcome FromRecord(const store::IdempotencyRecord& record, const IdempotencyClaim& claim) {
  if (record.request_hash != claim.request_hash) {
    return Failure(WriteOutcome::Status::kKeyReused,
                   "this Idempotency-Key was used for another request; use a new key");
  }
  WriteOutcome r;
  r.activity = record.activity;
  r.event = record.event;
  r.replayed = true;
  r.replayed_status = record.status;
  return r;
}

// `answer`, judged at `now`, as the store keeps it: with the first instant
// after `now` at which it may change.
store::EligibilityRefresh Refreshed(const engine::Activity& a, const engine::Eligibility& answer,
                                    engine::Instant now) {
  store::EligibilityRefresh r{
      a.id, a.version, std::string(engine::EligibilityStatusName(answer.status)), {}};
  if (const auto until = engine::EligibilityChangesAt(a, now)) {
    r.until = engine::FormatInstant(*until);
  }
  return r;
}

}  // namespace

store::Store::Write Service::WriteOf(const engine::Activity& before,
                                     const engine::Event& event) const {
  engine::Activity after = engine::Apply(before, event);
  auto notifications = engine::NotificationsFor(before, event, after);
  // Rendered here, before the store's transaction: the group commit's
  // leader then spends no time judging.
  auto answers = Render(after, event.at);
  return {event, std::move(after), std::move(notifications), std::move(answers)};
}

engine::RenderedAnswers Service::Render(const engine::Activity& a, engine::Instant at) const {
  const engine::PolicyPack& pack = PackFor(a, engine::EventType::kUpdate);
  return engine::RenderAnswers(a, engine::JudgeForGate(a, pack), pack, at);
}

IdempotencyClaim ClaimFor(const engine::Actor& actor, const std::string& key,
                          const std::string& request_text, int status) {
  return {std::string(engine::RoleName(actor.role)) + ":" + actor.department + ":" + actor.name,
          key, Sha256Hex(request_text), status};
}

Service::Service(store::Store& store, const engine::Clock& clock, PolicyRegistry& packs)
    : store_(store), clock_(clock), packs_(packs) {}

const engine::PolicyPack& Service::PackFor(const engine::Activity& a,
                                           engine::EventType type) const {
  if (a.pack && type != engine::EventType::kSubmit) {
    if (const engine::PolicyPack* pinned = packs_.Find(*a.pack)) return *pinned;
    throw std::logic_error("activity " + a.id + " is pinned to unknown pack " + a.pack->id + " " +
                           a.pack->version);
  }
  return packs_.Active(clock_.Now());
}

WriteOutcome Service::Create(const nlohmann::json& input, const engine::Actor& actor,
                             const std::string& request_id,
                             const std::optional<IdempotencyClaim>& claim) {
  return Once(claim, [&] {
    const engine::Command command{engine::EventType::kCreate, input, actors_.Pseudonymous(actor),
                                  request_id};
    const engine::Instant now = clock_.Now();
    engine::Decision d = engine::DecideCreate(command, packs_.Active(now), now);
    if (!d.ok()) return Refused(std::move(d).error());
    engine::Activity created = engine::Apply({}, d.value());
    // Judged before the store's transaction; rendered in it, with the id
    // the store assigns.
    const engine::PolicyPack& pack = PackFor(created, engine::EventType::kUpdate);
    const engine::GateJudgement judgement = engine::JudgeForGate(created, pack);
    const auto render = [&](const engine::Activity& a) {
      return engine::RenderAnswers(a, judgement, pack, a.updated_at);
    };
    WriteOutcome r;
    auto [activity, event] = store_.Create(d.value(), std::move(created), claim, render);
    r.activity = std::move(activity);
    r.event = std::move(event);
    return r;
  });
}

WriteOutcome Service::Once(const std::optional<IdempotencyClaim>& claim,
                           const std::function<WriteOutcome()>& write) {
  if (!claim) return write();
  if (auto replay = Replay(*claim)) return std::move(*replay);
  WriteOutcome r;
  try {
    r = write();
  } catch (const store::KeyAlreadyClaimed& e) {
    // The store found the key inside its write transaction: a concurrent
    // retry committed first, and its answer is this request's answer.
    return FromRecord(e.record(), *claim);
  }
  // A concurrent retry may have committed between the lookup and this
  // request's decision, which then saw the activity already moved on: the
  // key, not the refusal, is the answer.
  if (r.status != WriteOutcome::Status::kOk) {
    if (auto replay = Replay(*claim)) return std::move(*replay);
  }
  return r;
}

std::optional<WriteOutcome> Service::Replay(const IdempotencyClaim& claim) {
  const auto record = store_.FindIdempotencyKey(claim.principal, claim.key);
  if (!record) return std::nullopt;
  return FromRecord(*record, claim);
}

WriteOutcome Service::Execute(const std::string& id, const engine::Command& command,
                              std::optional<int64_t> expected_version,
                              const std::optional<IdempotencyClaim>& claim) {
  return Once(claim, [&] {
    engine::Command pseudonymous = command;
    pseudonymous.actor = actors_.Pseudonymous(command.actor);
    return Decide(id, pseudonymous, expected_version, claim);
  });
}

WriteOutcome Service::Decide(const std::string& id, const engine::Command& command,
                             std::optional<int64_t> expected_version,
                             const std::optional<IdempotencyClaim>& claim,
                             const store::DocumentContent* document) {
  if (command.type == engine::EventType::kLinkChange) {
    // Its payload states group facts that only Link may work out.
    return Refused({engine::Refusal::Kind::kInvalid, "links change through Link", {}, {}});
  }
  const auto current = Get(id, command.actor);
  if (!current) return Failure(WriteOutcome::Status::kNotFound, "no activity " + id);
  if (auto stale = StaleVersion(*current, expected_version)) return *stale;
  const engine::Instant now = clock_.Now();
  const engine::PolicyPack* pack = &PackFor(*current, command.type);
  if (command.type == engine::EventType::kAdoptPack) {
    auto adopted = AdoptedPack(*current, command);
    if (!adopted.ok()) return Refused(std::move(adopted).error());
    if (adopted.value()) pack = adopted.value();
  }
  engine::Decision d = engine::Decide(*current, command, *pack, now);
  if (!d.ok()) return Refused(std::move(d).error());
  std::vector<store::Store::Write> writes = {WriteOf(*current, d.value())};
  if (document) writes.front().documents.push_back(*document);
  const engine::Activity after = writes.front().after;
  if (!current->links.empty() && after.ict_cost_eur != current->ict_cost_eur) {
    // The rest of the group now has another linked cost (engine/links.h).
    const auto before = Groups({*current});
    auto changed = before;
    for (auto& m : changed) {
      if (m.id == after.id) m = after;
    }
    const auto commands = engine::GroupCommands(before, changed, "cost-change", {after.id},
                                                command.actor, command.request_id);
    if (auto refusal = DecideGroup(commands, now, writes)) return Refused(std::move(*refusal));
  }
  return Commit(writes, claim);
}

engine::Result<const engine::PolicyPack*, engine::Refusal> Service::AdoptedPack(
    const engine::Activity& a, const engine::Command& command) const {
  // Who may adopt is told before whether the version exists.
  if (auto refusal = engine::CheckActor(command.actor, command.type, a.department)) {
    return std::move(*refusal);
  }
  const auto version =
      command.payload.is_object() ? command.payload.find("version") : command.payload.end();
  if (!a.pack || version == command.payload.end() || !version->is_string()) {
    return static_cast<const engine::PolicyPack*>(nullptr);  // the engine says why
  }
  const std::string wanted = version->get<std::string>();
  if (const engine::PolicyPack* pack = packs_.Find(a.pack->id, wanted)) return pack;
  return engine::Refusal{
      engine::Refusal::Kind::kInvalid,
      "no such pack version",
      {{"version", "no version '" + wanted + "' of pack " + a.pack->id + " is registered"}},
      {}};
}

WriteOutcome Service::Link(const std::string& id, const std::string& other, bool link,
                           const engine::Actor& actor, const std::string& request_id,
                           std::optional<int64_t> expected_version,
                           const std::optional<IdempotencyClaim>& claim) {
  return Once(claim, [&] {
    return LinkOnce(id, other, link, actors_.Pseudonymous(actor), request_id, expected_version,
                    claim);
  });
}

WriteOutcome Service::LinkOnce(const std::string& id, const std::string& other, bool link,
                               const engine::Actor& actor, const std::string& request_id,
                               std::optional<int64_t> expected_version,
                               const std::optional<IdempotencyClaim>& claim) {
  const auto a = Get(id, actor);
  if (!a) return Failure(WriteOutcome::Status::kNotFound, "no activity " + id);
  if (auto stale = StaleVersion(*a, expected_version)) return *stale;
  const bool linked = std::count(a->links.begin(), a->links.end(), other) > 0;
  if (!link && !linked) {
    return Failure(WriteOutcome::Status::kNotFound, id + " is not linked to " + other);
  }
  const auto b = Get(other, actor);
  if (!b) {
    if (!link) return Failure(WriteOutcome::Status::kNotFound, "no activity " + other);
    return Refused({engine::Refusal::Kind::kInvalid,
                    "no activity to link to",
                    {{"activityId", "no activity " + other}},
                    {}});
  }
  const auto before = Groups({*a, *b});
  if (auto refusal = engine::CheckLink(*a, *b, link, before.size(), actor)) {
    return Refused(std::move(*refusal));
  }
  const auto after = engine::WithLink(before, id, other, link);
  const auto commands = engine::GroupCommands(before, after, link ? "link" : "unlink", {id, other},
                                              actor, request_id);
  // `before` starts with `id`, whose links change: its write comes first and
  // answers (and holds the idempotency claim).
  std::vector<store::Store::Write> writes;
  if (auto refusal = DecideGroup(commands, clock_.Now(), writes)) {
    return Refused(std::move(*refusal));
  }
  return Commit(writes, claim);
}

std::vector<engine::Activity> Service::Groups(const std::vector<engine::Activity>& from) {
  std::vector<engine::Activity> members = from;
  std::set<std::string> seen;
  for (const auto& a : from) seen.insert(a.id);
  // Breadth first over the stored links. Every member is re-checked by
  // version when the group change is written, so a link made meanwhile
  // makes this change a conflict rather than a wrong sum.
  for (size_t i = 0; i < members.size(); ++i) {
    const std::vector<std::string> links = members[i].links;
    for (const std::string& id : links) {
      if (!seen.insert(id).second) continue;
      auto linked = store_.Load(id);
      if (!linked) throw std::logic_error(members[i].id + " links to missing activity " + id);
      members.push_back(std::move(*linked));
    }
  }
  return members;
}

std::optional<engine::Refusal> Service::DecideGroup(
    const std::vector<engine::MemberCommand>& commands, engine::Instant now,
    std::vector<store::Store::Write>& writes) {
  for (const auto& [member, command] : commands) {
    engine::Decision d = engine::Decide(*member, command, PackFor(*member, command.type), now);
    if (!d.ok()) {
      engine::Refusal refusal = std::move(d).error();
      refusal.summary = member->id + ": " + refusal.summary;
      return refusal;
    }
    writes.push_back(WriteOf(*member, d.value()));
  }
  return std::nullopt;
}

WriteOutcome Service::Commit(const std::vector<store::Store::Write>& writes,
                             const std::optional<store::IdempotencyClaim>& claim) {
  WriteOutcome r;
  try {
    // The store re-checks every version inside its write transaction, so of
    // two concurrent commands decided on the same version exactly one commits.
    r.event = store_.AppendAll(writes, claim).front();
  } catch (const store::VersionConflict& e) {
    return Failure(WriteOutcome::Status::kConflict, e.what());
  }
  r.activity = writes.front().after;
  return r;
}

WriteOutcome Service::UploadDocument(const std::string& id, const DocumentUpload& upload,
                                     const engine::Actor& actor, const std::string& request_id,
                                     std::optional<int64_t> expected_version,
                                     const std::optional<IdempotencyClaim>& claim) {
  constexpr auto kUpload = engine::EventType::kUploadDocument;
  if (WriteOutcome may = Authorize(id, kUpload, actor); may.status != WriteOutcome::Status::kOk) {
    return may;
  }
  const auto type = engine::SniffDocumentType(upload.bytes);
  if (!type) {
    return Failure(WriteOutcome::Status::kUnsupportedType,
                   "the content is not a PDF, OpenDocument or Office Open XML file (the type is "
                   "read from the bytes, not from the file's name)");
  }
  const std::string& declared = upload.declared_type;
  if (!declared.empty() && declared != "application/octet-stream" && declared != *type) {
    return Failure(WriteOutcome::Status::kUnsupportedType,
                   "the content is " + *type + ", not the declared " + declared);
  }
  const store::DocumentContent content{Sha256Hex(upload.bytes), *type, upload.bytes};
  const engine::Command command{kUpload,
                                {{"kind", upload.kind},
                                 {"title", upload.title},
                                 {"sha256", content.sha256},
                                 {"mediaType", content.media_type},
                                 {"sizeBytes", upload.bytes.size()}},
                                actors_.Pseudonymous(actor),
                                request_id};
  return Once(claim, [&] { return Decide(id, command, expected_version, claim, &content); });
}

std::optional<DocumentDownload> Service::Document(const std::string& id, const std::string& kind,
                                                  int64_t version, const engine::Actor& viewer) {
  const auto a = Get(id, viewer);
  if (!a) return std::nullopt;
  const auto recorded = std::find_if(a->documents.begin(), a->documents.end(), [&](const auto& d) {
    return d.kind == kind && d.version == version;
  });
  if (recorded == a->documents.end()) return std::nullopt;
  auto kept = store_.Document(recorded->sha256);
  if (!kept || Sha256Hex(kept->bytes) != recorded->sha256) {
    throw std::runtime_error("the bytes of " + id + " " + kind + " version " +
                             std::to_string(version) + " are missing or damaged");
  }
  return DocumentDownload{*recorded, std::move(kept->bytes)};
}

WriteOutcome Service::Authorize(const std::string& id, engine::EventType type,
                                const engine::Actor& actor) {
  std::string department = actor.department;
  if (type != engine::EventType::kCreate) {
    const auto a = Get(id, actor);
    if (!a) return Failure(WriteOutcome::Status::kNotFound, "no activity " + id);
    department = a->department;
  }
  if (auto refusal = engine::CheckActor(actor, type, department)) {
    return Refused(std::move(*refusal));
  }
  return {};
}

std::vector<DashboardSheet> Service::DashboardExport(const std::string& department,
                                                     const engine::Actor& viewer) {
  const std::string scope = viewer.department == "*" ? department : viewer.department;
  return DashboardSheets(store_, scope, clock_.Now());
}

std::optional<engine::Activity> Service::Get(const std::string& id, const engine::Actor& viewer) {
  auto a = store_.Load(id);
  if (!a || !engine::CoversDepartment(viewer, a->department)) return std::nullopt;
  return a;
}

std::optional<RecordEntry> Service::Disposal(const std::string& id, const engine::Actor& viewer) {
  // The id begins with its department's code (DEPT-YYYY-NNNN), which is
  // all that is left to tell who may know of it.
  if (!engine::CoversDepartment(viewer, id.substr(0, id.find('-')))) return std::nullopt;
  return store_.DisposalOf(id);
}

std::vector<engine::Activity> Service::List(ActivityFilter filter, const engine::Actor& viewer) {
  if (viewer.department != "*") {
    if (!filter.department.empty() && filter.department != viewer.department) return {};
    filter.department = viewer.department;
  }
  return store_.List(filter);
}

bool Service::ForEachActivity(ActivityFilter filter, const engine::Actor& viewer,
                              const std::function<bool(engine::Activity&)>& visit) {
  filter.limit = 500;
  while (true) {
    auto batch = List(filter, viewer);
    if (batch.empty()) return true;
    filter.after_id = batch.back().id;
    for (auto& a : batch) {
      if (!visit(a)) return false;
    }
  }
}

std::vector<engine::OpenCondition> Service::OpenConditions(const std::string& department,
                                                           const engine::Actor& viewer,
                                                           engine::Instant now, bool overdue_only) {
  ActivityFilter filter;
  filter.department = department;
  filter.with_conditions = true;  // the store skips the rest
  std::vector<engine::Activity> with_conditions;
  ForEachActivity(filter, viewer, [&](engine::Activity& a) {
    with_conditions.push_back(std::move(a));
    return true;
  });
  return engine::OpenConditions(with_conditions, now, overdue_only);
}

std::vector<engine::Activity> Service::WithAcictAdvice(const std::string& department) {
  static const engine::Actor kPublic{"public", engine::Role::kAuditor, "*"};
  ActivityFilter filter;
  filter.department = department;
  std::vector<engine::Activity> advised;
  ForEachActivity(filter, kPublic, [&](engine::Activity& a) {
    if (!a.acict.advice.is_null()) advised.push_back(std::move(a));
    return true;
  });
  return advised;
}

std::vector<nlohmann::json> Service::PublicRecords(const std::string& department) {
  static const engine::Actor kPublic{"public", engine::Role::kAuditor, "*"};
  ActivityFilter filter;
  filter.department = department;
  std::vector<nlohmann::json> records;
  ForEachActivity(filter, kPublic, [&](engine::Activity& a) {
    const engine::PolicyPack* pack = a.pack ? packs_.Find(*a.pack) : nullptr;
    if (!pack) return true;  // a draft: not yet judged under any pack
    nlohmann::json record = engine::PublicRecord(a, pack->rules);
    if (!record.is_null()) records.push_back(std::move(record));
    return true;
  });
  return records;
}

std::pair<std::vector<engine::Activity>, std::string> Service::ListByEligibility(
    const ActivityFilter& filter, engine::EligibilityStatus status, const engine::Actor& viewer) {
  const size_t wanted = static_cast<size_t>(filter.limit);
  const engine::Instant now = clock_.Now();
  std::vector<engine::Activity> found;
  const bool done = ForEachActivity(filter, viewer, [&](engine::Activity& a) {
    if (engine::EligibilityAt(a, now).status == status) {
      found.push_back(std::move(a));
    }
    return found.size() < wanted;
  });
  std::string next = done || found.empty() ? "" : found.back().id;
  return {std::move(found), std::move(next)};
}

std::optional<std::vector<store::ChainedEvent>> Service::Events(const std::string& id,
                                                                const engine::Actor& viewer) {
  if (!Get(id, viewer)) return std::nullopt;
  return store_.Events(id);
}

size_t Service::RecordClockEvents() {
  static const engine::Actor kSystem{"system", engine::Role::kSystem, "*"};
  const engine::Instant now = clock_.Now();
  size_t recorded = 0;
  // Each command is decided on the activity as stored when it runs, so an
  // activity that changed meanwhile is judged afresh (and a command that no
  // longer applies is refused, recording nothing).
  const auto record = [&](const std::string& id, engine::EventType type, nlohmann::json payload) {
    recorded += Execute(id, {type, std::move(payload), kSystem, "clock"}).status ==
                WriteOutcome::Status::kOk;
  };
  using engine::State;
  // Only where a registered pack sets one can a periodic re-assessment fall due.
  const auto all = packs_.All();
  const bool periodic = std::any_of(all.begin(), all.end(), [](const engine::PolicyPack* p) {
    return p->rules.periodic_reassessment_months > 0;
  });
  for (const State state : {State::kApproved, State::kConditionallyApproved, State::kInExecution}) {
    store::ActivityFilter filter;
    filter.state = state;
    // In execution a verdict no longer expires: only conditions (and a
    // periodic re-assessment) can fall due, so activities without any are
    // not read (at 100,000 activities this scan was most of the start time).
    filter.with_conditions = state == State::kInExecution && !periodic;
    ForEachActivity(filter, kSystem, [&](engine::Activity& a) {
      // Conditions first: an expired activity no longer tracks them.
      const bool tracked = a.state != engine::State::kApproved;
      for (const auto& k : a.conditions) {
        if (tracked && engine::IsOverdue(k, now, a.calendar) && !k.overdue_recorded_at) {
          record(a.id, engine::EventType::kConditionOverdue, {{"conditionId", k.id}});
        }
      }
      if (a.state != engine::State::kInExecution && !engine::VerdictValidAt(a, now)) {
        record(a.id, engine::EventType::kExpire, nlohmann::json::object());
      }
      if (engine::ReassessmentDueAt(a, now)) {
        record(a.id, engine::EventType::kReassessmentDue, nlohmann::json::object());
      }
      return true;
    });
  }
  return recorded;
}

ReplayReport Service::VerifyReplay() {
  ReplayReport report;
  for (const std::string& id : store_.ActivityIds()) {
    ++report.activities;
    std::vector<engine::Event> log;
    for (auto& c : store_.Events(id)) log.push_back(std::move(c.event));
    const auto replay =
        engine::Replay(log, [this](const engine::PackRef& ref) { return packs_.Find(ref); });
    const auto stored = store_.LoadUncached(id);
    if (!replay.ok()) {
      report.mismatches.push_back(id + ": " + replay.error().message);
    } else if (!stored || engine::ToJson(replay.value()) != engine::ToJson(*stored)) {
      report.mismatches.push_back(id + ": the stored record differs from the replay of its log");
    }
  }
  return report;
}

std::optional<store::StoredAnswer> Service::Holding(const std::string& id, store::AnswerKind kind,
                                                    const engine::Actor& viewer,
                                                    engine::Instant now) {
  auto kept = store_.Answer(id, kind);
  if (!kept || !engine::CoversDepartment(viewer, kept->department)) return std::nullopt;
  // The eligibility does not depend on the pack; the gate's judgement does.
  const bool holds = kind == store::AnswerKind::kEligibility
                         ? engine::HoldsAt(kept->terms, now)
                         : engine::Holds(kept->terms, now, packs_.Active(now).ref.content_hash);
  if (!holds) return std::nullopt;
  return kept;
}

engine::RenderedAnswers Service::RenderAndKeep(const engine::Activity& a, engine::Instant now) {
  engine::RenderedAnswers rendered = Render(a, now);
  // A record that postdates `now` (a clock set back) is not kept: kept
  // answers hold from the record's instant on.
  if (now < a.updated_at) return rendered;
  try {
    store_.KeepAnswers(a, rendered);
  } catch (const store::Unavailable& e) {
    log::Warn("answers not kept", {{"activity", a.id}, {"why", e.what()}});
  }
  return rendered;
}

std::optional<std::string> Service::GateAnswer(const std::string& id, const engine::Actor& viewer,
                                               engine::Instant now) {
  if (const auto kept = Holding(id, store::AnswerKind::kGate, viewer, now)) {
    return engine::GateAnswerText(kept->text, kept->state, kept->department, viewer);
  }
  const auto a = Get(id, viewer);
  if (!a) return std::nullopt;
  return engine::GateAnswerText(RenderAndKeep(*a, now).gate, a->state, a->department, viewer);
}

std::optional<std::string> Service::EligibilityNow(const std::string& id,
                                                   const engine::Actor& viewer,
                                                   engine::Instant now) {
  if (const auto kept = Holding(id, store::AnswerKind::kEligibility, viewer, now)) {
    return engine::EligibilityAnswerText(kept->text, now);
  }
  auto a = Get(id, viewer);
  if (!a) return std::nullopt;
  if (now < a->updated_at) {
    // Judged on the record as it stood at `now`, as for any past instant.
    const auto then = AsOf(std::move(*a), now);
    if (!then) return std::nullopt;
    return engine::EligibilityJson(*then, engine::EligibilityAt(*then, now), now).dump();
  }
  return engine::EligibilityAnswerText(RenderAndKeep(*a, now).eligibility, now);
}

std::string Service::Localised(std::string answer, engine::Language language) const {
  if (language == engine::Language::kEnglish) return answer;
  nlohmann::json j = nlohmann::json::parse(answer, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return answer;
  const engine::PolicyPack* pack = nullptr;
  if (const auto it = j.find("pack"); it != j.end()) {
    if (const auto ref = engine::PackRefFromJson(*it)) pack = packs_.Find(*ref);
  }
  engine::LocaliseAnswer(j, pack, language);
  return j.dump();
}

std::optional<std::vector<store::ChainedEvent>> Service::Assessments(const std::string& id,
                                                                     const engine::Actor& viewer) {
  auto events = Events(id, viewer);
  if (!events) return std::nullopt;
  std::vector<store::ChainedEvent> assessments;
  for (auto& e : *events) {
    if (e.event.type == engine::EventType::kRecordVerdict ||
        e.event.type == engine::EventType::kOverrule) {
      assessments.push_back(std::move(e));
    }
  }
  return assessments;
}

engine::Result<engine::Evaluation> Service::Advise(const engine::Activity& a,
                                                   const nlohmann::json& findings,
                                                   const nlohmann::json& area_scores) const {
  const engine::PolicyPack& pack = PackFor(a, engine::EventType::kRecordVerdict);
  auto problems =
      engine::ValidateAssessmentInput(pack, findings, area_scores, engine::AreaCoverage::kSoFar);
  if (!problems.empty()) return problems;
  return engine::Assess(pack, a.dossier, findings, area_scores);
}

engine::WhatIfReport Service::WhatIf(const engine::PolicyPack& candidate,
                                     const engine::Actor& viewer) {
  std::vector<engine::Activity> portfolio;
  ForEachActivity({}, viewer, [&](engine::Activity& a) {
    portfolio.push_back(std::move(a));
    return true;
  });
  return engine::WhatIf(
      portfolio,
      [this](const engine::Activity& a) -> const engine::PolicyPack& {
        return PackFor(a, engine::EventType::kUpdate);
      },
      candidate);
}

std::optional<engine::Activity> Service::AsOf(engine::Activity current, engine::Instant at) {
  if (current.updated_at <= at) return std::optional<engine::Activity>(std::move(current));
  std::optional<engine::Activity> folded;
  for (const auto& e : store_.Events(current.id)) {
    if (at < e.event.at) break;
    folded = engine::Apply(folded.value_or(engine::Activity{}), e.event);
  }
  return folded;
}

std::optional<EligibilityReport> Service::Eligibility(const std::string& id,
                                                      const engine::Actor& viewer,
                                                      engine::Instant at) {
  auto current = Get(id, viewer);
  if (!current) return std::nullopt;
  auto then = AsOf(std::move(*current), at);
  if (!then) return std::nullopt;
  engine::Eligibility answer = engine::EligibilityAt(*then, at);
  return EligibilityReport{std::move(*then), std::move(answer), at};
}

std::vector<EligibilityReport> Service::PortfolioEligibility(const std::string& department,
                                                             const engine::Actor& viewer,
                                                             engine::Instant at) {
  std::vector<EligibilityReport> reports;
  ForEachEligibility(department, viewer, at, [&](EligibilityReport& r) {
    reports.push_back(std::move(r));
    return true;
  });
  return reports;
}

void Service::ForEachEligibility(const std::string& department, const engine::Actor& viewer,
                                 engine::Instant at,
                                 const std::function<bool(EligibilityReport&)>& visit) {
  store::ActivityFilter filter;
  filter.department = department;
  ForEachActivity(filter, viewer, [&](engine::Activity& current) {
    auto then = AsOf(std::move(current), at);  // the page's copy, not used again
    if (!then) return true;
    engine::Eligibility answer = engine::EligibilityAt(*then, at);
    EligibilityReport report{std::move(*then), std::move(answer), at};
    return visit(report);
  });
}

EligibilityPage Service::DepartmentEligibility(const std::string& department,
                                               const engine::Actor& viewer,
                                               std::optional<engine::Instant> as_of,
                                               const std::string& cursor, int64_t limit) {
  EligibilityPage page;
  const auto count = [&page](const engine::Eligibility& e) {
    ++page.summary[std::string(engine::EligibilityStatusName(e.status))];
  };
  const auto add = [&page, limit](std::string id, std::string text) {
    if (static_cast<int64_t>(page.items.size()) < limit) {
      page.items.push_back({std::move(id), std::move(text)});
    } else if (page.next_cursor.empty()) {
      page.next_cursor = page.items.back().activity_id;
    }
  };
  if (as_of) {
    ForEachEligibility(department, viewer, *as_of, [&](EligibilityReport& r) {
      count(r.eligibility);
      if (r.activity.id > cursor) {
        add(r.activity.id, engine::EligibilityJson(r.activity, r.eligibility, r.at).dump());
      }
      return true;
    });
    return page;
  }
  const engine::Instant now = clock_.Now();
  const std::string scope = viewer.department == "*" ? department : viewer.department;
  if (!department.empty() && department != scope) return page;  // not in view
  auto counts = store_.EligibilityCounts(scope, engine::FormatInstant(now));
  page.summary = std::move(counts.holding);
  for (const auto& id : counts.stale_ids) {
    if (const auto a = store_.Load(id)) {
      const engine::Eligibility answer = engine::EligibilityAt(*a, now);
      count(answer);
      page.judged_again.push_back(Refreshed(*a, answer, now));
    }
  }
  // One more than the page tells whether a next page exists.
  for (auto& entry : store_.EligibilityAnswers(scope, cursor, limit + 1)) {
    if (entry.answer && engine::HoldsAt(entry.answer->terms, now)) {
      add(std::move(entry.activity_id), engine::EligibilityAnswerText(entry.answer->text, now));
    } else if (const auto a = store_.Load(entry.activity_id)) {
      add(std::move(entry.activity_id),
          engine::EligibilityJson(*a, engine::EligibilityAt(*a, now), now).dump());
    }
  }
  return page;
}

void Service::StoreJudgedAgain(const EligibilityPage& page) {
  try {
    store_.RefreshEligibility(page.judged_again);
  } catch (const store::Unavailable& e) {
    log::Warn("eligibility answers not stored",
              {{"activities", page.judged_again.size()}, {"why", e.what()}});
  }
}

}  // namespace ictgate::app
