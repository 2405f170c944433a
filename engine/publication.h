// Openness (docs/spec.md section 6, "Publication"): the parts of a record
// that its pack marks public, and nothing else.
//
// Under the Wet open overheid (art. 3.3) the government publishes some of
// its documents actively, and the AcICT's advice is public (Aanwijzing voor
// de regelgeving 7.5b). Which parts of an activity's record are public is the
// pack's to say (`publication.public`), so the rule is versioned with the
// rest of the rules an activity is judged under: the activity's pinned pack
// decides. PublicRecord builds the public view from an explicit list of
// members; a member is in it only because a part named here puts it there,
// which is how "nothing unmarked appears" is kept: no name of a person, no
// dossier, no request or selection decision, no follow-up.
#ifndef ICTGATE_ENGINE_PUBLICATION_H_
#define ICTGATE_ENGINE_PUBLICATION_H_

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/rules.h"

namespace ictgate::engine {

// The parts a pack may mark public: "verdictSummary" (the recorded and the
// advisory colour, when, until when, and how many conditions and
// recommendations), "acictAdvice", "acictReaction", "acictNaschrift" (each
// document by its hash, with its summary or note and date).
const std::vector<std::string_view>& PublicParts();

// The public view of `activity` under `rules` (the rules of its pinned
// pack): {activityId, title, department, kind, ictCostEur, updated, and the
// parts marked and present}, or null when no marked part is on the record.
// `updated` is the latest instant among the parts shown.
nlohmann::json PublicRecord(const Activity& activity, const Rules& rules);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_PUBLICATION_H_
