// The AcICT track: the advice of the Adviescollege ICT-toetsing on an ICT
// project (docs/spec.md section 3, "The AcICT track").
//
// Under Wet AcICT art. 11(1) the minister asks the AcICT's advice before a
// new ICT project starts. The AcICT decides whether it advises (it selects
// by risk), advises the minister with recommendations, the minister answers
// with a bestuurlijke reactie, the AcICT may add a naschrift, and the
// recommendations are followed up. The advice is public (Aanwijzing voor de
// regelgeving 7.5b), and so is the reaction it is published with.
//
// The track runs beside the gate: its steps move no state. Each step is an
// event whose documents are referenced by their SHA-256 (the record holds
// the hash, the document lives where the department keeps it), so anyone
// holding the file can check it is the one the record names. The steps come
// in order, each once, except the follow-ups, of which there may be many.
//
// One track per activity: a further advice on a started project (art.
// 11(5)) is not modelled.
#ifndef ICTGATE_ENGINE_ACICT_H_
#define ICTGATE_ENGINE_ACICT_H_

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/event.h"
#include "engine/problem.h"

namespace ictgate::engine {

struct Activity;
struct Refusal;
struct Command;

// What an activity's track holds. Each step is the JSON users see, null
// until recorded: {document?, ..., by, at}. Documents are {title, sha256,
// reference?}; the advice, the reaction and the naschrift carry
// "public": true.
struct AcictTrack {
  // Whether the pack the activity is pinned to asks for the request before
  // the activity starts (Rules::acict_request_kinds): recorded with the
  // submission and the adoption of a pack, so that eligibility needs no pack.
  bool request_required = false;
  nlohmann::json request;    // {document, note?, by, at}
  nlohmann::json selection;  // {decision: "advise" | "no_advice", reason, by, at}
  nlohmann::json advice;     // {document, recommendations: [text], summary?, public, by, at}
  nlohmann::json reaction;   // {document, summary, public, by, at}
  nlohmann::json naschrift;  // {document, note?, public, by, at}
  nlohmann::json follow_ups = nlohmann::json::array();  // {recommendation, status, note, by, at}
};

// How a recommendation's follow-up stands: "planned", "in_progress",
// "implemented", "not_implemented" (the last two are final).
const std::vector<std::string_view>& FollowUpStatuses();

// Why the track step `command` (IsAcictStep) may not be recorded on
// `activity`, or nothing. Checks the payload (members the step may carry
// are checked by the caller) and the order of the steps; the actor was
// checked before.
std::optional<Refusal> CheckAcictStep(const Activity& activity, const Command& command);

// Folds an accepted step into the track.
void ApplyAcictStep(AcictTrack& track, const Event& event);

// Whether funding waits for the request: the pack asks for it and it is not
// on record (eligibility reason ACICT_REQUEST_MISSING).
bool AcictRequestMissing(const AcictTrack& track);

// The steps that may be recorded next, in the order of the track (before
// asking who may record them): the request until made; then the selection;
// after "advise", the advice; then the reaction; then the naschrift; and
// follow-ups while a recommendation has no final status.
std::vector<EventType> NextAcictSteps(const AcictTrack& track);

nlohmann::json ToJson(const AcictTrack& track);
// Inverse of ToJson; an absent or null member is an empty track (records
// written before the track existed).
AcictTrack AcictTrackFromJson(const nlohmann::json& j);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ACICT_H_
