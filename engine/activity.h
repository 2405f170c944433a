// The activity: the aggregate every event of the lifecycle acts on.
//
// An Activity is a pure value. It is never edited in place by the shell: the
// engine folds events into it (lifecycle.h, Apply), so that the stored row is
// always exactly the fold of the stored log.
#ifndef ICTGATE_ENGINE_ACTIVITY_H_
#define ICTGATE_ENGINE_ACTIVITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/acict.h"
#include "engine/documents.h"
#include "engine/event.h"
#include "engine/policy_pack.h"
#include "engine/time.h"

namespace ictgate::engine {

enum class Colour { kGreen, kOrange, kRed };
std::string_view ColourName(Colour c);  // "green", "orange", "red"
std::optional<Colour> ParseColour(std::string_view name);

// What became of a condition. "overdue" is not a status: it is derived from
// the clock (IsOverdue). An extension keeps a condition open.
enum class ConditionStatus { kOpen, kMet, kWaived, kNotMet };
// "open", "met", "waived", "not_met"
std::string_view ConditionStatusName(ConditionStatus s);
std::optional<ConditionStatus> ParseConditionStatus(std::string_view name);

// The point an assessment is for (docs/spec.md section 2): before the
// activity starts, after a material change or lapse, after a scope change.
// kPeriodic: the pack's periodic re-assessment of a funded activity.
enum class Gate { kStart, kRebaseline, kChange, kPeriodic };
std::string_view GateName(Gate g);  // "start", "rebaseline", "change", "periodic"
std::optional<Gate> ParseGate(std::string_view name);

enum class ActivityKind { kProject, kProgramme, kChange };
std::string_view ActivityKindName(ActivityKind k);  // "project", "programme", "change"
std::optional<ActivityKind> ParseActivityKind(std::string_view name);
// Every kind, in the order above.
const std::vector<ActivityKind>& AllActivityKinds();

// A condition attached to an orange verdict.
struct Condition {
  std::string id;  // "C1", "C2", ... unique within the activity
  std::string text;
  std::string criterion;  // may be empty
  Date due;
  ConditionStatus status = ConditionStatus::kOpen;
  std::string review_note;
  // When the system recorded that the due date passed (condition-overdue).
  // Only a record: IsOverdue answers from the clock, recorded or not. An
  // extension clears it: the new due date may pass in its turn.
  std::optional<Instant> overdue_recorded_at;
  // The due date the verdict set, once an extension moved `due`.
  std::optional<Date> original_due;
  // A condition found not met blocks funding (CONDITION_NOT_MET) until a
  // later verdict, which is given knowing it and supersedes it.
  bool superseded = false;
};
bool IsOverdue(const Condition& c, Instant now, Calendar calendar);
// Whether `c` was found not met and no later verdict superseded it.
bool BlocksAsNotMet(const Condition& c);

// The verdict currently in force, if any.
struct Verdict {
  Colour recorded = Colour::kGreen;
  std::optional<Colour> advisory;  // computed from the pack when recorded
  std::string justification;
  nlohmann::json recommendations = nlohmann::json::array();
  nlohmann::json area_scores = nlohmann::json::object();  // area id -> ok/attention/risk
  nlohmann::json findings = nlohmann::json::array();      // the CIO's findings
  std::string assessor;
  Instant recorded_at;
  Date valid_until;         // verdict validity runs out at the start of this day
  bool overridden = false;  // red overruled by the secretary-general
  std::string override_reason;
  // Red under a pack whose red verdict is advice only (Rules::
  // red_blocks_funding): finance may fund it, each grant flagged.
  bool advisory_only = false;
  // Where the pack sets a periodic re-assessment: the day from which a
  // funded activity is not eligible for further tranches until assessed
  // again (REASSESSMENT_DUE).
  std::optional<Date> reassess_by;
  // The opdrachtgever's responses to the recommendations, in the order given:
  // {recommendation (1-based), position, response, by, at}.
  nlohmann::json responses = nlohmann::json::array();
  // The CISO's advice on the residual risk the verdict was given with
  // (Activity::ciso_advice when it was recorded), or null.
  nlohmann::json ciso_advice;
  // The dossier documents the verdict judged (JudgedDocuments when it was
  // recorded): [{kind, version, sha256}], empty when none was uploaded.
  nlohmann::json documents = nlohmann::json::array();
};

// One cost/end-date estimate. The first is the locked initial estimate.
struct Estimate {
  int64_t cost_eur = 0;
  Date planned_end;
  // The herijking's reason codes (ChangeReasonCodes), one or more; empty for
  // the initial estimate.
  std::vector<std::string> reason_codes;
  Instant at;
  // The dashboard's "Toelichting wijziging kosten" and "Toelichting
  // wijziging einddatum": why the herijking moved the cost and the end date.
  // Empty when not given.
  std::string cost_explanation;
  std::string end_date_explanation;
};

// A funding decision of finance: a granted tranche or a refusal.
struct FundingDecision {
  bool granted = true;
  int64_t amount_eur = 0;  // granted, or asked for and refused
  std::string reference;   // finance's own reference, may be empty
  std::string reason;      // why it was refused; empty when granted
  std::string by;          // the deciding actor's name
  Instant at;
  bool despite_red = false;  // granted on a red verdict that is advice only
};

struct Activity {
  std::string id;
  std::string title;
  std::string department;
  ActivityKind kind = ActivityKind::kProject;
  int64_t ict_cost_eur = 0;
  // Activities linked directly to this one (ids, sorted). With the activities
  // linked to those, and so on, they form its group (engine/links.h).
  std::vector<std::string> links;
  int64_t linked_cost_eur = 0;  // the ICT cost of the rest of its group
  Date planned_start;
  Date planned_end;
  nlohmann::json dossier = nlohmann::json::object();
  State state = State::kDraft;
  Gate gate = Gate::kStart;  // the gate the current or next assessment is for
  int64_t version = 0;
  int cycle = 1;  // starts again at draft after a revise
  // The pack the current gate cycle is assessed against: pinned at submission.
  std::optional<PackRef> pack;
  std::optional<Verdict> verdict;
  std::vector<Condition> conditions;
  std::vector<Estimate> estimates;  // empty until first submission locks one
  int64_t baseline_cost_eur = 0;    // what a change is measured against
  Date baseline_planned_end;
  int64_t funded_eur = 0;  // the sum of the granted tranches
  std::vector<FundingDecision> funding_decisions;
  std::optional<Instant> first_funded_at;
  Instant created_at;
  Instant updated_at;
  // The calendar its due dates and validity are judged in, fixed when it was
  // registered (engine/time.h): Europe/Amsterdam, or UTC for an activity
  // registered before dates were judged in Amsterdam.
  Calendar calendar = Calendar::kAmsterdam;
  // The AcICT track (engine/acict.h).
  AcictTrack acict;
  // The CISO's advice on the residual security risk for the assessment in
  // progress: {residualRisk, advice, document?, by, at}, or null. A
  // submission starts a new assessment and clears it; the verdict takes it.
  nlohmann::json ciso_advice;
  // The last project lead (role project_lead) who registered or edited the
  // activity, or empty: where the pack asks for an opdrachtgever distinct
  // from the project lead, the submitter must be someone else.
  std::string project_lead;
  // Every uploaded version of every dossier document, in upload order
  // (engine/documents.h).
  std::vector<DossierDocument> documents;
};

// The minimum documents of docs/spec.md section 2 (business case, planning,
// architecture sketch) that the activity lacks: neither uploaded
// (engine/documents.h) nor referenced in the dossier (absent, null or "").
std::vector<std::string> MissingDocuments(const Activity& a);

// Whether the initial estimate (cost and dates) is locked: from the first
// accepted intake on. The first submission records it, but a draft back from
// a withdrawal or a returned intake may still correct it; after the intake,
// only a reported change moves the cost. An intake was accepted exactly when
// an estimate exists and the activity is not in its first cycle's draft (a
// revise, which starts the next cycle, follows a verdict).
bool InitialEstimateLocked(const Activity& activity);

// The representation users see and the store keeps: camelCase members, dates
// and instants as strings.
nlohmann::json ToJson(const Activity& a);
// The members "verdict" and "pack" of ToJson(a), each null when absent: for
// the views that show them, without building the whole record.
nlohmann::json VerdictJson(const Activity& a);
nlohmann::json PackJson(const Activity& a);
// Inverse of ToJson. Throws nlohmann::json::exception on malformed input; only
// for data this program wrote itself.
Activity ActivityFromJson(const nlohmann::json& j);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ACTIVITY_H_
