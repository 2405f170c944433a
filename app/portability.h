// Data portability (docs/spec.md section 8): an exit route for our own users.
//
// ExportJson writes everything that makes the record, as one JSON document;
// ImportJson loads such a document into an empty database with the chain
// exactly as it was, so `ictgate audit verify` passes there and the head is
// the same. ExportCsv writes the activities in the fields of the government
// ICT dashboard (docs/operations.md lists them).
#ifndef ICTGATE_APP_PORTABILITY_H_
#define ICTGATE_APP_PORTABILITY_H_

#include <cstddef>
#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

// The format name an export carries; an import refuses any other.
inline constexpr char kExportFormat[] = "ictgate-export/1";

// Writes {format, exportedAt, packs, events, documents, actors, recordLog,
// tombstones, activities, head}: documents are the bytes of every document
// an upload names, {sha256, mediaType, contentBase64}; actors the names of
// the pseudonyms the events name, {id, name}, erased ones left out;
// recordLog the record log's entries (store::RecordEntryJson) and
// tombstones the places of entries destroyed under retention
// (store::TombstoneJson), from the events' snapshot. The events
// are read from one snapshot and the activity records are their fold, so the
// document is consistent while the service keeps writing. Tokens and
// idempotency keys are not exported: tokens are secrets, to be issued anew.
void ExportJson(store::Store& store, std::ostream& out, engine::Instant now);

class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImportReport {
  size_t packs = 0;
  size_t activities = 0;
  store::ChainHead head;
};

// Checks the whole document first: the format, every pack against its
// content hash, the record log and the tombstones it lists, the chain entry
// by entry (through the tombstones), every document against its hash
// (and that the documents are exactly those the chain names), and every
// activity record against
// the replay of its log through the state machine. Then registers the packs
// and loads the chain and records in one transaction. Throws ImportError
// naming the first problem; the database must be empty.
ImportReport ImportJson(store::Store& store, const nlohmann::json& document);

// One line per activity, RFC 4180 quoting, eligibility judged at `now`.
void ExportCsv(store::Store& store, std::ostream& out, engine::Instant now);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_PORTABILITY_H_
