#include "app/pdf_printer.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace ictgate::app {
namespace {

namespace fs = std::filesystem;

// A directory of its own, removed with everything in it when done.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "ictgate-print-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary directory");
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `args` (args[0] looked up on the PATH) and returns its exit status.
int Run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The browser's own chatter is not ours to show.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error("cannot start " + args[0] +
                             " to print the PDF (install Debian's chromium, or set "
                             "ICTGATE_CHROMIUM)");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("lost the browser printing the PDF");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

void PrintHtmlToPdf(const std::string& html, const std::string& pdf_path) {
  const ScratchDirectory scratch;
  const fs::path page = scratch.path() / "document.html";
  std::ofstream(page) << html;
  const fs::path target = fs::absolute(pdf_path);
  const char* configured = std::getenv("ICTGATE_CHROMIUM");
  const std::string browser = configured && *configured ? configured : "chromium";
  // --no-sandbox: the page is our own document, and the sandbox cannot start
  // as root (CI); the profile lives in the scratch directory.
  const int status =
      Run({browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           "--user-data-dir=" + (scratch.path() / "profile").string(),
           "--print-to-pdf=" + target.string(), "file://" + page.string()});
  if (status != 0) {
    throw std::runtime_error(browser + " could not print the PDF (exit status " +
                             std::to_string(status) + ")");
  }
  if (!fs::exists(target) || fs::file_size(target) == 0) {
    throw std::runtime_error(browser + " wrote no PDF to " + target.string());
  }
}

}  // namespace ictgate::app
