#include "common/file_text.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ictgate {

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ictgate
