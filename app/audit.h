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

// Both checks of the tamper-evident record: the hash chain, and each stored
// activity against the replay of its log. A database edited behind the
// service's back fails one or the other.
struct AuditReport {
  ChainVerification chain;
  ReplayReport replay;
  bool ok() const { return chain.ok && replay.mismatches.empty(); }
};

class Audit {
 public:
  // `store` and `service` must outlive this.
  Audit(store::Store& store, Service& service) : store_(store), service_(service) {}

  ChainHead Head() { return store_.Head(); }
  AuditReport Verify() { return {store_.VerifyChain(), service_.VerifyReplay()}; }
  // Up to `limit` entries from chain position `from` (1-based) on; empty
  // past the head.
  std::vector<RecordedEvent> Entries(int64_t from, int64_t limit) {
    return store_.ChainEntries(from, limit);
  }

 private:
  store::Store& store_;
  Service& service_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_AUDIT_H_
