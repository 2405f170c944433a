// Reading a whole file as text: the one place the shell's tools and the
// identity provider's configuration read their input files.
#ifndef ICTGATE_COMMON_FILE_TEXT_H_
#define ICTGATE_COMMON_FILE_TEXT_H_

#include <string>

namespace ictgate {

// The whole content of the file at `path`. Throws std::runtime_error
// "cannot read PATH" when it cannot be opened.
std::string ReadFileText(const std::string& path);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_FILE_TEXT_H_
