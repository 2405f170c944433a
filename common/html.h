// Text into HTML: the one place a string from a record becomes markup.
#ifndef ICTGATE_COMMON_HTML_H_
#define ICTGATE_COMMON_HTML_H_

#include <string>
#include <string_view>

namespace ictgate {

// `text` with &, <, > and " written as entities, safe inside an element and
// inside a double-quoted attribute.
std::string HtmlEscape(std::string_view text);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_HTML_H_
