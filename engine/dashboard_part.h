// The dashboard part: what the government ICT dashboard (Rijks ICT-dashboard)
// asks of an activity that the gate itself does not need.
//
// The dashboard reports costs by category (internal staff, external staff,
// other material), each as initial estimate, current estimate and actual
// spend, the cumulative spend, the milestones, the quality reviews and the
// parliamentary papers (Kamerstukken). The owner keeps them in the dossier
// member "dashboard" and brings them up to date with report-change, so the
// dashboard export (app/dashboard_export.h) can be complete. Every member is
// optional: an activity without them exports with those columns empty.
//
//   {"activityType": "...", "subject": "...",
//    "costs": {"internalStaff": {"initialEur", "currentEur", "actualEur"},
//              "externalStaff": {...}, "otherMaterial": {...}},
//    "cumulativeSpendEur": 0,
//    "milestones": [{"description", "expectedDate", "realisedDate"?}],
//    "qualityReviews": [{"date", "by", "kind", "description"?}],
//    "parliamentaryPapers": [{"date", "number", "title", "link"?,
//                             "acictAdvice"?}]}
#ifndef ICTGATE_ENGINE_DASHBOARD_PART_H_
#define ICTGATE_ENGINE_DASHBOARD_PART_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/problem.h"

namespace ictgate::engine {

// The longest list (milestones, reviews, papers) one activity keeps.
inline constexpr size_t kMaxDashboardListItems = 200;

// The cost categories of the dashboard, in its column order.
const std::vector<std::string_view>& DashboardCostCategories();

// Where a dashboard part is given. In the dossier every member may be set; in
// a report-change the initial estimates of the categories are fixed (they
// belong to the locked initial estimate) and may not be given.
enum class DashboardPartUse { kDossier, kChange };

// Every problem of `part`, its fields prefixed with `prefix` ("dossier/
// dashboard/"): a member that is not one of the above, a wrong type, an
// amount outside [0, kMaxAmountEur], a bad date, a blank or too long text,
// or a list longer than kMaxDashboardListItems.
std::vector<Problem> ValidateDashboardPart(const nlohmann::json& part, DashboardPartUse use,
                                           const std::string& prefix);

// The dossier's dashboard part after a report-change's `part`: each member
// given replaces the dossier's; a cost category's amounts replace the
// category's amounts one by one. `part` must be valid (kChange).
nlohmann::json MergeDashboardPart(nlohmann::json dossier_part, const nlohmann::json& part);

// Whether a report-change's `payload` is a progress report: it gives the
// dashboard part and no reason, cost, end date or scope change. A progress
// report brings the dashboard part up to date and records no herijking (no
// estimate); every other report-change is a herijking and needs a reason.
bool IsProgressReport(const nlohmann::json& payload);

// The dashboard's status of `a`: "Nog niet gestart", "In uitvoering",
// "In heroriëntatie" (funded, and back at a gate), "Afgerond" or
// "Geannuleerd".
std::string_view DashboardStatus(const Activity& a);

// The dashboard's Dutch label of a herijking reason code
// (ChangeReasonCodes), or the code itself when it is not one of them.
std::string_view DashboardReasonLabel(std::string_view code);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_DASHBOARD_PART_H_
