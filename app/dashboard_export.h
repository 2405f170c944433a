// The export in the government ICT dashboard's format (Rijks ICT-dashboard).
//
// Departments deliver their large ICT activities to the dashboard, whose
// open data is a spreadsheet "Activiteitenoverzicht" and, per activity, the
// lists of milestones, quality reviews, parliamentary papers and the
// "Doorlooptijd en kosten" rows of each (re)estimate. DashboardSheets writes
// those sheets with the dashboard's own column names and Dutch values,
// from the record and the dossier's dashboard part (engine/dashboard_part.h).
// docs/operations.md maps every column to where it comes from, and names the
// dashboard columns the record does not keep.
#ifndef ICTGATE_APP_DASHBOARD_EXPORT_H_
#define ICTGATE_APP_DASHBOARD_EXPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

struct DashboardSheet {
  std::string file;  // "activiteitenoverzicht.csv", ...
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header
};

// The six sheets, in this order: activiteitenoverzicht, mijlpalen,
// kwaliteitstoetsen, tweede-kamerstukken, doorlooptijd-en-kosten,
// peildatum-en-status (the status on `now`'s date). Every activity of
// `department` (every department when empty) but an exempt one (below the
// threshold, which the dashboard does not report) is one row of the
// overview, in id order; the list sheets key their rows by the activity's
// number. Reads one page of activities at a time.
std::vector<DashboardSheet> DashboardSheets(store::Store& store, const std::string& department,
                                            engine::Instant now);

// `sheet` as CSV (RFC 4180, UTF-8): the header, then the rows.
void WriteSheet(const DashboardSheet& sheet, std::ostream& out);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_DASHBOARD_EXPORT_H_
