// The storage interface: everything the shell needs to keep, and nothing more.
//
// Kept narrow on purpose: a PostgreSQL implementation for multi-instance
// deployments will follow; SqliteStore is the embedded one. Implementations
// are thread-safe. Every write is atomic and durable when it returns: the
// activity row and its event are committed in one transaction (which
// SqliteStore may share with concurrent writes, each in its own savepoint).
#ifndef ICTGATE_STORE_STORE_H_
#define ICTGATE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/activity.h"
#include "engine/answers.h"
#include "engine/event.h"
#include "engine/notifications.h"
#include "store/chain.h"
#include "store/record_log.h"

namespace ictgate::store {

// The storage cannot answer: busy past its timeout, full, read-only, gone,
// or not openable. Nothing was written. Every Store implementation turns its
// backend's errors into this, so that callers above the store never name a
// backend.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The activity changed since it was read: its version is no longer
// event.version - 1. Nothing was written.
class VersionConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ActivityFilter {
  std::string department;              // empty: all
  std::optional<engine::State> state;  // nullopt: all
  std::string verdict;                 // green, orange, red, or none (no verdict); empty: all
  int64_t limit = 100;
  std::string after_id;  // cursor: ids greater than this
  // Only activities with at least one condition (the clock's scan of those in
  // execution, which can only have conditions fall due).
  bool with_conditions = false;
};

// A department's eligibility as stored at write time (migrations/0005, and
// the counts of 0007).
struct StoredEligibilityCounts {
  // By status name ("eligible"), the stored answers that still hold.
  std::map<std::string, int64_t> holding;
  // The activities whose stored answer ran out or was never stored: their
  // answer must be judged again.
  std::vector<std::string> stale_ids;
};

// An activity's eligibility judged again at a read, because its stored
// answer ran out or was never stored: written back so that the next count
// finds it holding.
struct EligibilityRefresh {
  std::string activity_id;
  int64_t version = 0;               // written only while the activity is at it
  std::string status;                // engine::EligibilityStatusName
  std::optional<std::string> until;  // FormatInstant; nullopt: until the next event
};

// The answers kept with each activity (engine/answers.h,
// migrations/0006_stored_answers.sql).
enum class AnswerKind { kGate, kEligibility };

// One kept answer, with what a read checks before sending it.
struct StoredAnswer {
  std::string text;                             // engine::RenderedAnswers' gate or eligibility
  std::string department;                       // the activity's: who may see it
  engine::State state = engine::State::kDraft;  // the gate's actions follow from it
  engine::AnswerTerms terms;                    // whether it still holds
};

// An activity of a page, with the eligibility answer kept with it.
struct AnswerEntry {
  std::string activity_id;
  std::optional<StoredAnswer> answer;  // nullopt: none kept for its version
};

// Renders the answers of an activity being created, given the activity with
// the id the store assigned to it: Create calls it inside the transaction.
using AnswerRenderer = std::function<engine::RenderedAnswers(const engine::Activity&)>;

struct TokenRecord {
  int64_t id = 0;
  std::string name;
  engine::Role role = engine::Role::kOwner;  // stored by its name (engine::RoleName)
  std::string department;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// A person who acted, by pseudonym (migrations/0010). `name` is nullopt once
// erased.
struct ActorRecord {
  std::string id;  // "actor-" and 32 lowercase hexadecimal digits
  std::optional<std::string> name;
  std::optional<std::string> erased_at;
};

// Whether `text` has the shape of a pseudonym (ActorRecord::id).
bool IsActorId(const std::string& text);

// An activity to destroy, or to remove after its transfer to an e-depot,
// as a retention run selected it.
struct ActivityDisposal {
  std::string activity_id;
  int64_t version = 0;  // as selected: a write since refuses (VersionConflict)
  std::string kind;     // the record log's kind: "destroy-activity", "transfer-activity"
  // Why and how (the rule, the package); the store adds "entries", each
  // destroyed entry as [seq, prevHash, hash], and "documentsDestroyed".
  nlohmann::json detail = nlohmann::json::object();
  std::string at;
};

// What an erasure did: the pseudonym whose name is gone, the tokens revoked
// with it, the idempotency records dropped (they named the person), and the
// record log entry that records it.
struct ActorErasure {
  std::string actor_id;
  int64_t tokens_revoked = 0;
  int64_t idempotency_records_dropped = 0;
  RecordEntry entry;
};

// A chain whose entries name people, rewritten to name pseudonyms: every
// entry with its new hash, the records that are their fold, the pseudonyms
// given to the names, and the head the chain had before.
struct PseudonymisedChain {
  std::vector<ChainedEvent> chain;
  std::vector<engine::Activity> records;
  std::vector<ActorRecord> actors;
  ChainHead old_head;
  std::string at;
};

// A webhook subscription (admin): where to deliver which topics.
struct Subscription {
  int64_t id = 0;
  std::string url;
  std::string secret;  // the HMAC-SHA256 key
  std::vector<std::string> topics;
  std::string department = "*";
  std::string created_at;
};

// One message of the outbox, with where it goes.
struct OutboxMessage {
  int64_t id = 0;
  int64_t subscription_id = 0;
  std::string url;
  std::string secret;
  int64_t seq = 0;  // the event that raised it
  std::string topic;
  std::string body;
  int attempts = 0;
  std::string next_attempt_at;
  std::optional<std::string> delivered_at;
  std::optional<std::string> failed_at;
  std::string last_error;
};

// What one delivery attempt came to.
struct DeliveryAttempt {
  bool delivered = false;
  std::string at;
  std::string error;                           // when not delivered
  std::optional<std::string> next_attempt_at;  // nullopt: give up
};

// A registered policy pack version, as stored.
struct StoredPack {
  std::string id;
  std::string version;
  std::string content_hash;
  std::string content;  // canonical JSON text
  std::string effective_from;
  std::string registered_at;
};

// The bytes of a dossier document, named by their SHA-256 (engine/
// documents.h, migrations/0009).
struct DocumentContent {
  std::string sha256;
  std::string media_type;
  std::string bytes;
};

// An Idempotency-Key claimed by a write: recorded in the write's transaction.
struct IdempotencyClaim {
  std::string principal;
  std::string key;
  std::string request_hash;
  int status = 201;  // the status of the first answer
};

// What a claimed key recorded.
struct IdempotencyRecord {
  std::string request_hash;
  int status = 0;
  ChainedEvent event;
  engine::Activity activity;
};

// A write carried a key that was already claimed when its transaction
// started (a concurrent retry committed first). Nothing was written; the
// record is what the first request recorded, for the caller to replay.
class KeyAlreadyClaimed : public std::runtime_error {
 public:
  explicit KeyAlreadyClaimed(IdempotencyRecord record)
      : std::runtime_error("the Idempotency-Key was claimed meanwhile"),
        record_(std::move(record)) {}
  const IdempotencyRecord& record() const { return record_; }

 private:
  IdempotencyRecord record_;
};

class Store {
 public:
  virtual ~Store() = default;

  // Every method throws Unavailable when the storage cannot answer, having
  // written nothing.

  // Records a new activity from its create event and the activity Apply built
  // from it. Assigns the id DEPT-YYYY-NNNN (department, year of event.at, a
  // per-department-and-year counter); returns the activity and the chained
  // event with it. With a claim, the key is looked up and recorded inside the
  // write transaction: a key already claimed throws KeyAlreadyClaimed. With
  // `render`, the answers it renders are kept with the activity.
  virtual std::pair<engine::Activity, ChainedEvent> Create(
      engine::Event create_event, engine::Activity created,
      const std::optional<IdempotencyClaim>& claim = std::nullopt,
      const AnswerRenderer& render = nullptr) = 0;

  // One event and the activity it leaves behind (the fold of the log with it).
  struct Write {
    engine::Event event;
    engine::Activity after;
    // Written to the outbox with the event, for every subscription that
    // follows the topic and the department; each body gets the chained
    // event as member "event".
    std::vector<engine::Notification> notifications = {};
    // Kept with `after` in the same transaction; nullopt removes the ones
    // kept, so that no answer outlives the version it was rendered for.
    std::optional<engine::RenderedAnswers> answers = std::nullopt;
    // Document bytes the event names (upload-document), kept in the same
    // transaction; bytes already kept under their hash are kept once.
    std::vector<DocumentContent> documents = {};
  };

  // Appends every write's event to the chain and stores its activity, all in
  // one transaction, and returns the events as chained, in order. Throws
  // VersionConflict, writing nothing, when a stored version is not
  // event.version - 1. With a claim, the key is recorded in the same
  // transaction, answering with the first write; a key already claimed
  // throws KeyAlreadyClaimed, writing nothing.
  virtual std::vector<ChainedEvent> AppendAll(
      const std::vector<Write>& writes,
      const std::optional<IdempotencyClaim>& claim = std::nullopt) = 0;

  // AppendAll of a single write.
  ChainedEvent Append(const engine::Event& event, const engine::Activity& after,
                      const std::optional<IdempotencyClaim>& claim = std::nullopt) {
    return AppendAll({{event, after}}, claim).front();
  }

  // The record of a claimed key, if any.
  virtual std::optional<IdempotencyRecord> FindIdempotencyKey(const std::string& principal,
                                                              const std::string& key) = 0;

  // The activity's stored record. It may come from a cache of parsed
  // records, checked against the row's version: an edit that bypasses the
  // store and keeps the version is not seen (LoadUncached sees it).
  virtual std::optional<engine::Activity> Load(const std::string& id) = 0;
  // The record as it is in the database now, parsed anew: for audits, which
  // must catch a record edited behind the store's back.
  virtual std::optional<engine::Activity> LoadUncached(const std::string& id) = 0;
  // The answer of `kind` kept with activity `id`, holding or not
  // (engine::Holds tells); nullopt when none is kept. One lookup by key.
  virtual std::optional<StoredAnswer> Answer(const std::string& id, AnswerKind kind) = 0;
  // Up to `limit` activities of `department` (empty: all) with ids after
  // `after_id`, in id order, each with its kept eligibility answer: a page
  // of a department's answers without reading a record.
  virtual std::vector<AnswerEntry> EligibilityAnswers(const std::string& department,
                                                      const std::string& after_id,
                                                      int64_t limit) = 0;
  // Keeps `answers`, rendered at a read of `activity`, over the ones kept,
  // unless the activity has moved past activity.version meanwhile (its own
  // write kept newer ones). Not a transition: no event, no chain entry. A
  // read-only store writes nothing.
  virtual void KeepAnswers(const engine::Activity& activity,
                           const engine::RenderedAnswers& answers) = 0;
  // Ordered by id.
  virtual std::vector<engine::Activity> List(const ActivityFilter& filter) = 0;

  // One activity's events in version order.
  virtual std::vector<ChainedEvent> Events(const std::string& activity_id) = 0;
  // Every activity id, for whole-store checks (replay, export).
  virtual std::vector<std::string> ActivityIds() = 0;

  // What was done to the record itself, as of one snapshot of the chain.
  struct RecordState {
    std::vector<ChainTombstone> tombstones;
    std::vector<RecordEntry> record_log;
  };
  // Visits every event in chain order, from one consistent snapshot; with
  // `state`, fills it from the same snapshot first (an export must carry
  // the tombstones of exactly the entries it lacks).
  virtual void ForEachEvent(const std::function<void(const ChainedEvent&)>& visit,
                            RecordState* state = nullptr) = 0;

  // What an export carries besides its packs, as Import loads it.
  struct Imported {
    std::vector<ChainedEvent> chain;
    std::vector<engine::Activity> records;  // the fold of the chain
    std::vector<DocumentContent> documents;
    std::vector<ActorRecord> actors;  // names of pseudonyms
    std::vector<RecordEntry> record_log;
    std::vector<ChainTombstone> tombstones;
  };
  // Loads `imported` into an empty database exactly as given (seq, hashes),
  // in one transaction, and sets the id counters past the ids it holds and
  // those of the destroyed activities. The caller has verified the chain
  // with its tombstones, the record log, the records and the documents'
  // hashes. Throws std::runtime_error, writing nothing, when the database
  // already holds activities, events or record log entries.
  virtual void Import(const Imported& imported) = 0;

  // The document kept under `sha256`, as kept (a reader checks the bytes
  // against the name); nullopt when none is.
  virtual std::optional<DocumentContent> Document(const std::string& sha256) = 0;

  virtual ChainVerification VerifyChain() = 0;
  // Up to `limit` chain entries from position `from_seq` on, in seq order.
  virtual std::vector<ChainedEvent> ChainEntries(int64_t from_seq, int64_t limit) = 0;
  // How many events of each type the log holds ("submit" -> 12).
  virtual std::map<std::string, int64_t> EventCounts() = 0;
  // The eligibility stored with each activity of `department` (empty: all),
  // split at `now` (FormatInstant) into answers that hold and stale ones.
  // Costs time in proportion to the stale ones, not to the department: the
  // counts are kept at write time.
  virtual StoredEligibilityCounts EligibilityCounts(const std::string& department,
                                                    const std::string& now) = 0;
  // Stores each answer over the one the activity holds, in one transaction,
  // unless the activity has moved past `version` meanwhile (its own write
  // stored a newer answer). Not a transition: no event, no chain entry. A
  // read-only store writes nothing.
  virtual void RefreshEligibility(const std::vector<EligibilityRefresh>& answers) = 0;
  virtual ChainHead Head() = 0;

  // Registers a pack version unless one with its id and version exists, and
  // returns that existing one (the caller compares hashes: a pack version is
  // immutable). nullopt when the pack was added.
  virtual std::optional<StoredPack> RegisterPack(const StoredPack& pack) = 0;
  virtual std::vector<StoredPack> Packs() = 0;

  // Webhooks. Deleting a subscription stops its pending messages too.
  virtual int64_t AddSubscription(const Subscription& subscription) = 0;
  virtual std::vector<Subscription> Subscriptions() = 0;  // active ones, by id
  virtual bool DeleteSubscription(int64_t id, const std::string& at) = 0;
  // Undelivered messages of active subscriptions due at `now`, oldest first.
  virtual std::vector<OutboxMessage> DueMessages(const std::string& now, int limit) = 0;
  // A subscription's messages, newest first.
  virtual std::vector<OutboxMessage> Messages(int64_t subscription_id, int limit) = 0;
  virtual void RecordAttempt(int64_t message_id, const DeliveryAttempt& attempt) = 0;

  // Tokens: only hashes are stored. A stored token whose role is no longer a
  // Role is not read as some other role: the readers throw std::runtime_error.
  virtual int64_t AddToken(const TokenRecord& token, const std::string& token_hash) = 0;
  // The token with this hash, unless unknown or revoked.
  virtual std::optional<TokenRecord> FindActiveToken(const std::string& token_hash) = 0;
  virtual std::vector<TokenRecord> Tokens() = 0;
  // False when no token has this id or it was already revoked.
  virtual bool RevokeToken(int64_t id, const std::string& revoked_at) = 0;

  // People (migrations/0010). The pseudonym of `name`: the one kept, or a
  // new random one, which is written with the first event that names it (a
  // refused command writes nothing). An erased name gets a new one.
  virtual std::string ActorId(const std::string& name) = 0;
  // The names of those of `ids` that are known and not erased.
  virtual std::map<std::string, std::string> ActorNames(const std::set<std::string>& ids) = 0;
  // Every pseudonym, erased ones with no name, by id.
  virtual std::vector<ActorRecord> Actors() = 0;
  // Erases `name`: its pseudonym keeps no name, its tokens are revoked (and
  // named by the pseudonym), the idempotency records it claimed are dropped,
  // and a record log entry "erase-actor" names the pseudonym only, in one
  // transaction. Deleted content is overwritten (secure_delete, on for
  // every write) and the WAL is checkpointed and emptied (retried for up to
  // a second while reads hold it), so the name's bytes leave the file.
  // nullopt when no actor has that name.
  // `reason` is added to the record log entry's detail (the retention rule
  // of an erasure at the end of its period; empty for a request).
  virtual std::optional<ActorErasure> EraseActor(
      const std::string& name, const std::string& at,
      const nlohmann::json& reason = nlohmann::json::object()) = 0;
  // When each pseudonym last acted (its newest event, FormatInstant) in the
  // chain as it stands; pseudonyms with no event left are absent.
  virtual std::map<std::string, std::string> LastActed() = 0;
  // Whether some event names its actor by something other than a pseudonym
  // (a chain from before migration 0010, or an import of one), the system
  // aside: kept as a flag (migrations/0010), so asking costs no scan.
  virtual bool HasNamedActors() = 0;
  // Rewrites the chain as `rewritten` gives it (same seqs, same events but
  // their actors' names, new hashes) with the records and pseudonyms, and
  // appends a record log entry "pseudonymise" with the old and the new head,
  // in one transaction. Drops the kept answers (they are rendered again) and
  // the idempotency records, and puts the pseudonyms in the outbox's
  // bodies. The caller has verified the old chain.
  virtual RecordEntry ReplaceNamedActors(const PseudonymisedChain& rewritten) = 0;
  // The record log, in order, and its verification.
  virtual std::vector<RecordEntry> RecordLog() = 0;
  virtual ChainVerification VerifyRecordLog() = 0;

  // Retention (migrations/0011). Destroys activity `d.activity_id` as it
  // stands at `d.version`: its events (each leaving a ChainTombstone), its
  // record and kept answers, the idempotency records and outbox messages of
  // its events, and the documents only it names, with a record log entry
  // `d.kind` that lists the tombstones, in one transaction; deleted content
  // is overwritten and the WAL emptied, as for an erasure. The chain's head
  // does not move. Throws VersionConflict, writing nothing, when the
  // activity is gone or no longer at `d.version`.
  virtual RecordEntry DisposeActivity(const ActivityDisposal& d) = 0;
  // Every tombstone, in seq order.
  virtual std::vector<ChainTombstone> Tombstones() = 0;
  // The record log entry that destroyed or transferred `activity_id`;
  // nullopt when none did.
  virtual std::optional<RecordEntry> DisposalOf(const std::string& activity_id) = 0;
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_STORE_H_
