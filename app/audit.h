// The audit services: the chain's head, its entries by position, and the
// whole verification (chain walk and replay of every log). The HTTP API and
// the command line answer from these same functions, so they cannot disagree.
#ifndef ICTGATE_APP_AUDIT_H_
#define ICTGATE_APP_AUDIT_H_

#include <cstdint>
#include <vector>

#include "app/service.h"

namespace ictgate::app {

using ChainHead = store::ChainHead;
using ChainVerification = store::ChainVerification;

// Every document the chain names (upload-document), hashed again from the
// bytes kept for it.
struct DocumentCheck {
  size_t checked = 0;                 // distinct hashes
  std::vector<std::string> problems;  // "<sha256> (ID kind vN): what is wrong"
};

// The checks of the tamper-evident record: the hash chain, each stored
// activity against the replay of its log, each document's bytes against
// the hash the chain records, and the record log's own chain. A database edited behind the
// service's back fails one of them.
struct AuditReport {
  ChainVerification chain;
  ReplayReport replay;
  DocumentCheck documents;
  // The record log (pseudonymisation, erasures, disposals; migrations/0010
  // and 0011), a chain of its own, and whether the chain's tombstones are
  // the ones its disposals list.
  ChainVerification record_log;
  bool ok() const {
    return chain.ok && replay.mismatches.empty() && documents.problems.empty() && record_log.ok;
  }
};

// DocumentCheck of `store`'s chain.
DocumentCheck VerifyDocuments(store::Store& store);
// The record log's chain, then the tombstones against its disposals
// (store::TombstoneProblem): the first problem of either.
ChainVerification VerifyRecordLog(store::Store& store);

class Audit {
 public:
  // `store` and `service` must outlive this.
  Audit(store::Store& store, Service& service) : store_(store), service_(service) {}

  ChainHead Head() { return store_.Head(); }
  AuditReport Verify() {
    return {store_.VerifyChain(), service_.VerifyReplay(), VerifyDocuments(store_),
            VerifyRecordLog(store_)};
  }
  // Up to `limit` entries from chain position `from` (1-based) on; empty
  // past the head.
  std::vector<RecordedEvent> Entries(int64_t from, int64_t limit) {
    return store_.ChainEntries(from, limit);
  }
  // What was done to the record itself (migrations/0010), in order.
  std::vector<store::RecordEntry> RecordLog() { return store_.RecordLog(); }

 private:
  store::Store& store_;
  Service& service_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_AUDIT_H_
