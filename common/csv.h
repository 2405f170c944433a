// RFC 4180 fields: what every CSV export of ictgate writes.
#ifndef ICTGATE_COMMON_CSV_H_
#define ICTGATE_COMMON_CSV_H_

#include <ostream>
#include <string>
#include <vector>

namespace ictgate {

// `text` as one CSV field: as it is, or quoted with inner quotes doubled
// when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text);

// One CSV record of `fields`, ended by CRLF as RFC 4180 asks.
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_CSV_H_
