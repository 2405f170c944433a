// The application service: the imperative shell around the engine.
//
// For each command it loads the activity, asks the engine to decide (pure),
// and on acceptance hands the event and the folded activity to the store,
// which commits both atomically. It also decides what a caller may see:
// roles bound to a department never learn of another department's activities.
#ifndef ICTGATE_APP_SERVICE_H_
#define ICTGATE_APP_SERVICE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/actors.h"
#include "app/dashboard_export.h"
#include "app/policy_registry.h"
#include "engine/activity.h"
#include "engine/answers.h"
#include "engine/assessment.h"
#include "engine/clock.h"
#include "engine/conditions.h"
#include "engine/eligibility.h"
#include "engine/gate.h"
#include "engine/lifecycle.h"
#include "engine/links.h"
#include "engine/result.h"
#include "engine/what_if.h"
#include "store/store.h"

namespace ictgate::app {

// The store's value types that the service speaks in, named here so that
// callers above app/ never name the store.
using RecordedEvent = store::ChainedEvent;  // an event with its place in the chain
using ActivityFilter = store::ActivityFilter;
using IdempotencyClaim = store::IdempotencyClaim;
// The storage cannot answer (busy, full, read-only); nothing was written.
using Unavailable = store::Unavailable;

// The claim a write with an Idempotency-Key makes: the key is the caller's
// (`actor`'s) own, and the request it was first used for is remembered by
// the SHA-256 of `request_text` (method, path and body), so that the same key
// sent with another request is told apart. `status` is the HTTP status the
// first answer had, replayed with it.
IdempotencyClaim ClaimFor(const engine::Actor& actor, const std::string& key,
                          const std::string& request_text, int status);

// What a write came to.
struct WriteOutcome {
  enum class Status {
    kOk,
    kNotFound,   // no such activity, or not visible to the caller
    kRefused,    // the engine refused; see refusal
    kConflict,   // the activity changed underneath (stale version)
    kKeyReused,  // the Idempotency-Key was first used for another request
    // An uploaded document's bytes are of no accepted type, or not of the
    // type the caller declared (engine::SniffDocumentType).
    kUnsupportedType,
  };
  Status status = Status::kOk;
  std::optional<engine::Activity> activity;  // after the event, when kOk
  std::optional<RecordedEvent> event;        // the recorded event, when kOk
  std::optional<engine::Refusal> refusal;
  std::string message;
  // kOk answered from the record of an earlier request with the same
  // Idempotency-Key: nothing was done now. `replayed_status` is the status
  // the first answer had.
  bool replayed = false;
  int replayed_status = 0;
};

// A dossier document as uploaded: the bytes, what the caller says they are
// (a media type; empty or application/octet-stream: nothing said), and the
// kind and title they are recorded under (engine/documents.h).
struct DocumentUpload {
  std::string kind;
  std::string title;
  std::string declared_type;
  std::string bytes;
};

// A recorded version of a dossier document and its bytes.
struct DocumentDownload {
  engine::DossierDocument document;
  std::string bytes;
};

// An eligibility answer and the record it rests on.
struct EligibilityReport {
  engine::Activity activity;  // as it stood at `at`
  engine::Eligibility eligibility;
  engine::Instant at;
};

// A portfolio's eligibility: the summary of every activity in view, and one
// page of answers.
struct EligibilityPage {
  // One activity's answer as the API sends it (engine::EligibilityJson).
  struct Item {
    std::string activity_id;
    std::string text;
  };
  std::map<std::string, int64_t> summary;  // by status name ("eligible")
  std::vector<Item> items;                 // in id order, after the cursor
  std::string next_cursor;                 // the last item's id; empty on the last page
  // The answers judged again because their stored one ran out: for
  // Service::StoreJudgedAgain.
  std::vector<store::EligibilityRefresh> judged_again;
};

// The result of replaying every activity's log against its stored record.
struct ReplayReport {
  size_t activities = 0;
  std::vector<std::string> mismatches;  // "ID: what differs"
};

class Service {
 public:
  // `store`, `clock` and `packs` must outlive the service.
  Service(store::Store& store, const engine::Clock& clock, PolicyRegistry& packs);

  // Who acted, as the record keeps it: every write's actor is given its
  // pseudonym before the command is decided (app/actors.h).
  Actors& actors() { return actors_; }
  const Actors& actors() const { return actors_; }

  // Writes (Create, Execute, Link) act at most once per claim: a key already
  // recorded is answered from its record (replayed) or, when it was used for
  // another request, with kKeyReused. The key is looked up again inside the
  // write transaction and recorded there, so of concurrent retries exactly
  // one acts and every other gets its answer.
  WriteOutcome Create(const nlohmann::json& input, const engine::Actor& actor,
                      const std::string& request_id,
                      const std::optional<IdempotencyClaim>& claim = std::nullopt);

  // Runs one lifecycle command. When `expected_version` is set and differs
  // from the stored version, nothing happens and kConflict is returned.
  WriteOutcome Execute(const std::string& id, const engine::Command& command,
                       std::optional<int64_t> expected_version = std::nullopt,
                       const std::optional<IdempotencyClaim>& claim = std::nullopt);

  // Links (link = true) or unlinks activities `id` and `other` (docs/spec.md
  // section 2, engine/links.h). Every member of the groups involved whose
  // links or linked cost change records a link-change event, all in one
  // transaction; the answer carries `id`'s. An unknown or invisible `other`
  // is refused as input when linking and is kNotFound when unlinking, as is
  // an `other` that is not linked to `id`.
  WriteOutcome Link(const std::string& id, const std::string& other, bool link,
                    const engine::Actor& actor, const std::string& request_id,
                    std::optional<int64_t> expected_version = std::nullopt,
                    const std::optional<IdempotencyClaim>& claim = std::nullopt);

  // Records `upload` as the next version of its kind on activity `id`
  // (upload-document), the bytes kept with the event in one transaction.
  // Who may upload is asked first (kNotFound, or the refusal); then the
  // type is read from the bytes, and kUnsupportedType answers bytes of no
  // accepted type or of another type than the one declared.
  WriteOutcome UploadDocument(const std::string& id, const DocumentUpload& upload,
                              const engine::Actor& actor, const std::string& request_id,
                              std::optional<int64_t> expected_version = std::nullopt,
                              const std::optional<IdempotencyClaim>& claim = std::nullopt);
  // Version `version` of the document of `kind` on activity `id`, with its
  // bytes, for whoever may see the activity; nullopt when the activity is
  // absent or not visible, or has no such version. Throws
  // std::runtime_error when the kept bytes are missing or no longer hash to
  // their name (a record damaged behind the service's back: audit verify
  // names it), so that nothing but the judged bytes is ever served.
  std::optional<DocumentDownload> Document(const std::string& id, const std::string& kind,
                                           int64_t version, const engine::Actor& viewer);

  // Whether `actor` may cause `type` on activity `id` ("" for kCreate: the
  // role only): kOk, kNotFound when it is absent or not visible, or the
  // refusal (403). What Execute would answer before looking at the input.
  WriteOutcome Authorize(const std::string& id, engine::EventType type, const engine::Actor& actor);

  // The government ICT dashboard's sheets (app/dashboard_export.h) of
  // `department`, or of every department ("") for a viewer who covers
  // "*"; a departmental viewer gets its own department's whatever is asked.
  std::vector<DashboardSheet> DashboardExport(const std::string& department,
                                              const engine::Actor& viewer);

  // nullopt when absent or not visible to `viewer`.
  std::optional<engine::Activity> Get(const std::string& id, const engine::Actor& viewer);
  // The record log entry that destroyed activity `id` or transferred it to
  // an e-depot under retention (app/retention.h), for a viewer of its
  // department; nullopt otherwise.
  std::optional<RecordEntry> Disposal(const std::string& id, const engine::Actor& viewer);
  // The viewer's department only, unless the viewer covers "*".
  std::vector<engine::Activity> List(ActivityFilter filter, const engine::Actor& viewer);
  // Up to filter.limit activities whose eligibility now is `status`, scanning the filter's pages in
  // id order, and the cursor to continue from (empty when the scan reached the end).
  std::pair<std::vector<engine::Activity>, std::string> ListByEligibility(
      const ActivityFilter& filter, engine::EligibilityStatus status, const engine::Actor& viewer);
  // The open conditions of `department`'s activities ("" for every one the
  // viewer covers) at `now`, overdue first (engine/conditions.h).
  std::vector<engine::OpenCondition> OpenConditions(const std::string& department,
                                                    const engine::Actor& viewer,
                                                    engine::Instant now, bool overdue_only);
  std::optional<std::vector<RecordedEvent>> Events(const std::string& id,
                                                   const engine::Actor& viewer);
  // The activities of `department` ("" for all) with the AcICT's advice on
  // record, for every viewer: the advice is public (Aanwijzing voor de
  // regelgeving 7.5b), and the reply shows only its public steps.
  std::vector<engine::Activity> WithAcictAdvice(const std::string& department);
  // The public records of `department`'s activities ("" for all), for
  // anyone: each activity's engine::PublicRecord under its pinned pack, in
  // id order, those with nothing marked public left out.
  std::vector<nlohmann::json> PublicRecords(const std::string& department);

  // The answers to GET .../gate (for `viewer`) and GET .../eligibility at
  // `now`, as JSON text (engine/answers.h); nullopt when the activity is
  // absent (at `now`) or not visible to `viewer`. Sent from the answers kept
  // with the record while they hold (engine::Holds); else rendered from the
  // record and kept again (a failure to keep them is logged: the caller
  // still gets its answer).
  std::optional<std::string> GateAnswer(const std::string& id, const engine::Actor& viewer,
                                        engine::Instant now);
  std::optional<std::string> EligibilityNow(const std::string& id, const engine::Actor& viewer,
                                            engine::Instant now);
  // A gate or eligibility answer's JSON text (rendered in English) with its
  // texts in `language` (engine::LocaliseAnswer), the criteria's from the
  // pack the answer names. English answers pass unchanged, unparsed.
  std::string Localised(std::string answer, engine::Language language) const;

  // The recorded assessments (record-verdict events) and overrules of an
  // activity, oldest first; nullopt when not visible.
  std::optional<std::vector<RecordedEvent>> Assessments(const std::string& id,
                                                        const engine::Actor& viewer);

  // What a CIO's assessment in progress would give: the evaluation under the
  // pack the verdict would be recorded under, for `findings` and the
  // `area_scores` given so far (an area not yet scored leaves the advisory
  // verdict unset). Writes nothing. The problems of malformed input, each
  // naming its member, as the error.
  engine::Result<engine::Evaluation> Advise(const engine::Activity& a,
                                            const nlohmann::json& findings,
                                            const nlohmann::json& area_scores) const;

  // What `candidate` would change in the advisory verdicts of the activities
  // `viewer` can see. Reads only.
  engine::WhatIfReport WhatIf(const engine::PolicyPack& candidate, const engine::Actor& viewer);

  // The pack an activity's next decision is made under: its pinned pack, or
  // the pack in force when unpinned or when the command pins one (submit).
  const engine::PolicyPack& PackFor(const engine::Activity& activity, engine::EventType type) const;

  // Eligibility of one activity at `at`, from the record as it stood then
  // (events after `at` are ignored). nullopt when not visible or not yet
  // registered at `at`.
  std::optional<EligibilityReport> Eligibility(const std::string& id, const engine::Actor& viewer,
                                               engine::Instant at);
  // The same for every activity of `department` (empty: all the viewer
  // sees). Activities unchanged since `at` are answered from their stored
  // record; only those changed since are folded from their log.
  std::vector<EligibilityReport> PortfolioEligibility(const std::string& department,
                                                      const engine::Actor& viewer,
                                                      engine::Instant at);
  // The same, one report at a time in id order, holding at most one batch of
  // records in memory whatever the size of the portfolio; `visit` returns
  // false to stop.
  void ForEachEligibility(const std::string& department, const engine::Actor& viewer,
                          engine::Instant at, const std::function<bool(EligibilityReport&)>& visit);

  // The summary and one page (at most `limit` items with ids after
  // `cursor`) of `department`'s eligibility (empty: all the viewer sees).
  // Now (`as_of` nullopt), the summary is counted from the answers stored at
  // write time, judging again only those that ran out (page.judged_again),
  // and the page's items are the answers stored with their records while
  // they hold (engine/answers.h), the others judged from the record: the
  // cost follows the page, not the department. As of a past instant, every
  // activity is folded as it stood then. Writes nothing: see
  // StoreJudgedAgain.
  EligibilityPage DepartmentEligibility(const std::string& department, const engine::Actor& viewer,
                                        std::optional<engine::Instant> as_of,
                                        const std::string& cursor, int64_t limit);
  // Stores the answers `page` judged again, so that the next count finds
  // them holding (unless the activity moved on meanwhile). They are a cache
  // of what the log says: a failure to store is logged, and the next read
  // judges them again. Apart from the answer itself because the caller may
  // have judged on a thread that must not hold the store's write lock (the
  // API's low-priority lane).
  void StoreJudgedAgain(const EligibilityPage& page);

  // Records what the clock has made true, as actor "system": `expire` for
  // every approved or conditionally approved activity whose verdict validity
  // passed without funding, and `condition-overdue` for every open condition
  // past its due date (once each) while conditions are tracked. Run at start
  // (for what passed while the service was down) and periodically. Returns
  // how many events it recorded.
  size_t RecordClockEvents();

  // Replays every stored log through a fresh machine and compares the result
  // with the stored record (docs/spec.md section 6).
  ReplayReport VerifyReplay();

  const engine::Clock& clock() const { return clock_; }
  PolicyRegistry& packs() { return packs_; }

 private:
  // The activity as it stood at `at`: the stored record when unchanged
  // since, else the fold of its events up to `at`; nullopt if not yet created.
  std::optional<engine::Activity> AsOf(engine::Activity current, engine::Instant at);

  // The activities linked, directly or through others, to any of `from`,
  // and `from` themselves, as stored.
  std::vector<engine::Activity> Groups(const std::vector<engine::Activity>& from);

  // Decides every command of a group change at `now` (each member under its
  // own pack) and adds the writes to `writes`; the refusal of the first that
  // is refused, if any.
  std::optional<engine::Refusal> DecideGroup(const std::vector<engine::MemberCommand>& commands,
                                             engine::Instant now,
                                             std::vector<store::Store::Write>& writes);

  // Records `writes` atomically and answers with the first.
  WriteOutcome Commit(const std::vector<store::Store::Write>& writes,
                      const std::optional<IdempotencyClaim>& claim);

  // Execute and Link without the idempotency check. `document` (an
  // upload's bytes) is kept with the event.
  WriteOutcome Decide(const std::string& id, const engine::Command& command,
                      std::optional<int64_t> expected_version,
                      const std::optional<IdempotencyClaim>& claim,
                      const store::DocumentContent* document = nullptr);
  WriteOutcome LinkOnce(const std::string& id, const std::string& other, bool link,
                        const engine::Actor& actor, const std::string& request_id,
                        std::optional<int64_t> expected_version,
                        const std::optional<IdempotencyClaim>& claim);

  // Runs `write` unless `claim`'s key is recorded (see Create).
  WriteOutcome Once(const std::optional<IdempotencyClaim>& claim,
                    const std::function<WriteOutcome()>& write);
  // The answer a recorded key gives `claim`; nullopt when it is not recorded.
  std::optional<WriteOutcome> Replay(const IdempotencyClaim& claim);

  // Visits every activity the filter and the viewer allow, in id order, a
  // page at a time, until `visit` returns false. True when it saw them all.
  bool ForEachActivity(ActivityFilter filter, const engine::Actor& viewer,
                       const std::function<bool(engine::Activity&)>& visit);

  // An accepted event, what it leaves behind, whom it notifies, and the
  // answers kept with it.
  store::Store::Write WriteOf(const engine::Activity& before, const engine::Event& event) const;
  // Both answers for `a` at `at`, judged under the pack that applies to it.
  engine::RenderedAnswers Render(const engine::Activity& a, engine::Instant at) const;
  // The answer of `kind` kept with activity `id` when it holds at `now` and
  // `viewer` may see it; else nullopt.
  // For adopt-pack: the registered version `command` names of the pack `a`
  // is pinned to; nullptr when it names none (the engine then refuses with
  // the reason); a refusal when the caller may not adopt or no such
  // version is registered.
  engine::Result<const engine::PolicyPack*, engine::Refusal> AdoptedPack(
      const engine::Activity& a, const engine::Command& command) const;
  std::optional<store::StoredAnswer> Holding(const std::string& id, store::AnswerKind kind,
                                             const engine::Actor& viewer, engine::Instant now);
  // Both answers for `a` (as stored) at `now`, kept with it for the reads
  // after this one.
  engine::RenderedAnswers RenderAndKeep(const engine::Activity& a, engine::Instant now);

  store::Store& store_;
  const engine::Clock& clock_;
  PolicyRegistry& packs_;
  Actors actors_{store_};
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_SERVICE_H_
