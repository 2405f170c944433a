// The embedded Store: one SQLite file (WAL, synchronous=FULL).
//
// One connection writes, under a mutex, always in IMMEDIATE transactions (a
// DEFERRED one that reads first can fail with SQLITE_BUSY_SNAPSHOT regardless
// of the busy timeout). Transitions (Create, AppendAll) are group-committed
// (GroupCommit): the ones that queue while a commit syncs share the next
// transaction, each in its own savepoint, and one fsync. Reads use a pool of other connections
// (ReadPool), so they wait neither for a write's fsync nor for each other: each read holds a
// connection of its own for its statements, and WAL gives it a snapshot of
// its own.
#ifndef ICTGATE_STORE_SQLITE_STORE_H_
#define ICTGATE_STORE_SQLITE_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include <SQLiteCpp/Database.h>

#include "store/activity_cache.h"
#include "store/database.h"
#include "store/group_commit.h"
#include "store/read_pool.h"
#include "store/statement_cache.h"
#include "store/store.h"

namespace ictgate::store {

class SqliteStore final : public Store {
 public:
  // Opens the database at `path` and applies pending migrations. Throws
  // MigrationError or Unavailable with a message fit for the operator, and
  // std::invalid_argument when read_connections < 1. Reads run on up to
  // `read_connections` connections at once; the first is opened here, the
  // others when concurrent reads need them. kReadOnly opens read-only
  // connections only, requires the schema to be current and makes every
  // write throw: for dry runs and audits.
  explicit SqliteStore(const std::string& path, OpenMode mode = OpenMode::kReadWrite,
                       int read_connections = ReadPool::kDefaultMaxConnections);
  ~SqliteStore() override;

  std::pair<engine::Activity, ChainedEvent> Create(
      engine::Event create_event, engine::Activity created,
      const std::optional<IdempotencyClaim>& claim = std::nullopt,
      const AnswerRenderer& render = nullptr) override;
  std::vector<ChainedEvent> AppendAll(
      const std::vector<Write>& writes,
      const std::optional<IdempotencyClaim>& claim = std::nullopt) override;
  using Store::Append;
  std::optional<IdempotencyRecord> FindIdempotencyKey(const std::string& principal,
                                                      const std::string& key) override;
  std::optional<engine::Activity> Load(const std::string& id) override;
  std::optional<engine::Activity> LoadUncached(const std::string& id) override;
  std::optional<StoredAnswer> Answer(const std::string& id, AnswerKind kind) override;
  std::vector<AnswerEntry> EligibilityAnswers(const std::string& department,
                                              const std::string& after_id, int64_t limit) override;
  void KeepAnswers(const engine::Activity& activity,
                   const engine::RenderedAnswers& answers) override;
  std::vector<engine::Activity> List(const ActivityFilter& filter) override;
  std::vector<ChainedEvent> Events(const std::string& activity_id) override;
  std::vector<std::string> ActivityIds() override;
  void ForEachEvent(const std::function<void(const ChainedEvent&)>& visit,
                    RecordState* state = nullptr) override;
  void Import(const Imported& imported) override;
  std::optional<DocumentContent> Document(const std::string& sha256) override;
  ChainVerification VerifyChain() override;
  std::vector<ChainedEvent> ChainEntries(int64_t from_seq, int64_t limit) override;
  std::map<std::string, int64_t> EventCounts() override;
  StoredEligibilityCounts EligibilityCounts(const std::string& department,
                                            const std::string& now) override;
  void RefreshEligibility(const std::vector<EligibilityRefresh>& answers) override;
  ChainHead Head() override;
  std::optional<StoredPack> RegisterPack(const StoredPack& pack) override;
  std::vector<StoredPack> Packs() override;
  int64_t AddSubscription(const Subscription& subscription) override;
  std::vector<Subscription> Subscriptions() override;
  bool DeleteSubscription(int64_t id, const std::string& at) override;
  std::vector<OutboxMessage> DueMessages(const std::string& now, int limit) override;
  std::vector<OutboxMessage> Messages(int64_t subscription_id, int limit) override;
  void RecordAttempt(int64_t message_id, const DeliveryAttempt& attempt) override;
  int64_t AddToken(const TokenRecord& token, const std::string& token_hash) override;
  std::optional<TokenRecord> FindActiveToken(const std::string& token_hash) override;
  std::vector<TokenRecord> Tokens() override;
  bool RevokeToken(int64_t id, const std::string& revoked_at) override;
  std::string ActorId(const std::string& name) override;
  std::map<std::string, std::string> ActorNames(const std::set<std::string>& ids) override;
  std::vector<ActorRecord> Actors() override;
  std::optional<ActorErasure> EraseActor(const std::string& name, const std::string& at,
                                         const nlohmann::json& reason) override;
  std::map<std::string, std::string> LastActed() override;
  bool HasNamedActors() override;
  RecordEntry ReplaceNamedActors(const PseudonymisedChain& rewritten) override;
  std::vector<RecordEntry> RecordLog() override;
  ChainVerification VerifyRecordLog() override;
  RecordEntry DisposeActivity(const ActivityDisposal& d) override;
  std::vector<ChainTombstone> Tombstones() override;
  std::optional<RecordEntry> DisposalOf(const std::string& activity_id) override;

  // Caps the database file at about `max_bytes` (SQLite's max_page_count,
  // never below its current size): an operator's quota, and how the tests
  // make a full disk. A write past it fails with SQLITE_FULL and changes
  // nothing; reads go on.
  void LimitSize(int64_t max_bytes);

  // The settings in force on each open connection: the writer (unless read
  // only), then every read connection opened so far. Waits until no read is
  // in progress.
  std::vector<ConnectionSettings> ConnectionSettingsInForce();

  // How the transitions were grouped so far (all zero when read only).
  GroupCommit::Counts GroupCommitCounts() const;

  // Parsed activities kept for Load. A parsed activity of the default pack's
  // example dossier takes about 9.3 KB (3.3 KB of record text), so these
  // hold about 9 MiB: at 4,096 the cache alone took peak memory from 33 to
  // over 64 MiB in the bench. Enough for every activity a busy department
  // has in flight at once.
  static constexpr size_t kCachedActivities = 1024;
  ActivityCache::Counts ActivityCacheCounts() const { return activities_.counts(); }

 private:
  ChainedEvent InsertEvent(const engine::Event& event);
  // Outbox rows for `notifications` of the chained event (sqlite_webhooks.cc).
  void InsertMessages(const std::vector<engine::Notification>& notifications,
                      const ChainedEvent& event);
  void InsertChained(const ChainedEvent& c);
  // The chain's head as the writer sees it (the last entry or its
  // tombstone); the caller holds the write lock.
  ChainHead WriterHead();
  // Appends to the record log with the chain's head; the caller holds the
  // write lock and the transaction.
  RecordEntry AppendRecordEntry(RecordEntry entry);
  // Inserts a record log entry or a tombstone as given (Import, and the
  // appends); the caller holds the write lock and the transaction.
  void InsertRecordEntry(const RecordEntry& entry);
  void InsertTombstone(const ChainTombstone& tombstone);
  // Every tombstone, in seq order, read on `db` (inside its snapshot).
  static std::vector<ChainTombstone> TombstonesOn(SQLite::Database& db);
  // The record log, in order, read on `db`.
  static std::vector<RecordEntry> RecordLogOn(SQLite::Database& db);
  // Runs `rewrite`, which updates or deletes events, with the events'
  // append-only triggers set aside, putting them back exactly as they were;
  // inside the caller's transaction, under the write lock.
  static void WithoutAppendOnlyTriggers(SQLite::Database& db, const std::function<void()>& rewrite);
  // Copies the WAL back into the file and empties it, so that what a write
  // deleted (and secure_delete overwrote) leaves no copy behind; retried for
  // up to a second while a read holds an older snapshot.
  static void EmptyWal(SQLite::Database& db);
  // Inserts the pseudonym `id` that ActorId handed out but did not write
  // yet, if it is one; in the transaction of the event that names it.
  void RecordPendingActor(const std::string& id);
  // Drops the pseudonym handed out for `name` and not written yet.
  void ForgetPendingActor(const std::string& name);
  void InsertActivity(const engine::Activity& activity);
  // Keeps `document` unless its hash is kept already; the caller holds the
  // write lock and the transaction.
  void InsertDocument(const DocumentContent& document);
  // Keeps `answers` for `activity` while the stored row is at its version;
  // nullptr removes the ones kept. The caller holds the write lock and the
  // transaction.
  void WriteAnswers(const engine::Activity& activity, const engine::RenderedAnswers* answers);
  void InsertClaim(const IdempotencyClaim& claim, const ChainedEvent& event,
                   const engine::Activity& activity);
  std::optional<IdempotencyRecord> FindClaimOn(SQLite::Database& db, const std::string& principal,
                                               const std::string& key);
  // Throws KeyAlreadyClaimed when `claim`'s key is recorded; the caller
  // holds the write lock and the transaction.
  void RefuseClaimedKey(const std::optional<IdempotencyClaim>& claim);

  SQLite::Database& Writer();
  // Load, through the cache of parsed activities or not.
  std::optional<engine::Activity> LoadThrough(const std::string& id, bool use_cache);
  // The activity's stored version, on a connection already leased.
  static std::optional<int64_t> VersionOn(ReadPool::Lease& reader, const std::string& id);

  std::mutex write_mutex_;
  // Pseudonyms handed out (ActorId) for names that no event has named yet:
  // name -> id and id -> name.
  std::mutex pending_actors_mutex_;
  std::map<std::string, std::string> pending_ids_;
  std::map<std::string, std::string> pending_names_;
  std::unique_ptr<SQLite::Database> writer_;  // null when read only
  // The writer's hot statements; before commits_, after writer_ (it goes
  // first). Used under write_mutex_; null when read only.
  std::unique_ptr<StatementCache> statements_;
  std::unique_ptr<GroupCommit> commits_;  // on writer_; null when read only
  ReadPool readers_;
  // Activities last read or written, parsed (Load checks the row's version).
  ActivityCache activities_{kCachedActivities};
};

}  // namespace ictgate::store

#endif  // ICTGATE_STORE_SQLITE_STORE_H_
