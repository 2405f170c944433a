// Reading a whole file as text (the one place the shell's tools and the
// identity provider's configuration read their input files), and writing
// one that must survive a crash (a transfer package).
#ifndef ICTGATE_COMMON_FILE_TEXT_H_
#define ICTGATE_COMMON_FILE_TEXT_H_

#include <string>

namespace ictgate {

// The whole content of the file at `path`. Throws std::runtime_error
// "cannot read PATH" when it cannot be opened.
std::string ReadFileText(const std::string& path);

// Writes `bytes` to a new file at `path` and syncs it to disk, so that it
// survives a crash once this returns. Throws std::runtime_error "cannot
// write PATH: why" when the file exists already or cannot be written.
void WriteFileDurably(const std::string& path, const std::string& bytes);

// Syncs the directory at `path`, so that the names made or renamed in it
// survive a crash. Throws std::runtime_error when it cannot.
void SyncDirectory(const std::string& path);

}  // namespace ictgate

#endif  // ICTGATE_COMMON_FILE_TEXT_H_
