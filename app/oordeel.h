// The CIO-oordeel as a document (docs/spec.md section 6): what the CIO
// office sends the opdrachtgever, generated from the record, in Dutch, as
// printable HTML; `ictgate oordeel --pdf` prints it with Chromium.
//
// Everything in it comes from the activity and its log: the verdict and the
// advice it deviates from, the scores and findings per area, the conditions,
// the recommendations with the opdrachtgever's responses, the pack the
// assessment was made under (id, version, content hash), and the chain
// entries it rests on. The last of those is the reader's check: GET
// /audit/entries/{seq} answers the same hash, and `ictgate audit verify`
// checks the chain up to the head.
#ifndef ICTGATE_APP_OORDEEL_H_
#define ICTGATE_APP_OORDEEL_H_

#include <optional>
#include <string>
#include <vector>

#include "app/policy_registry.h"
#include "engine/activity.h"
#include "engine/time.h"
#include "store/chain.h"

namespace ictgate::app {

// The document of an activity from its whole `log` (oldest first): the
// activity is the fold of the log, so that the document and the chain entry
// it names are one state. Printed at `printed_at`; the assessment's pack
// and its texts come from `packs`. nullopt when the activity has no verdict
// in force (none yet, or a revise set it aside).
std::optional<std::string> OordeelHtml(const std::vector<store::ChainedEvent>& log,
                                       const PolicyRegistry& packs, engine::Instant printed_at);

// The verdict colour as the CIO-oordeel names it: "Groen (go)", "Oranje (go
// onder voorwaarden)", "Rood (no-go)".
std::string ColourText(engine::Colour c);

// The Content-Security-Policy the document is served with: nothing but its
// own inline style, by hash.
const std::string& OordeelContentSecurityPolicy();

}  // namespace ictgate::app

#endif  // ICTGATE_APP_OORDEEL_H_
