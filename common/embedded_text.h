// Files compiled into the binary at build time (cmake/embed_texts.cmake).
//
// Each embedded set is a function returning its files, declared by the layer
// that owns the files: migrations in store/migrations.h, policy packs and
// example dossiers in app/, the contract and the dashboard in api/.
#ifndef ICTGATE_COMMON_EMBEDDED_TEXT_H_
#define ICTGATE_COMMON_EMBEDDED_TEXT_H_

#include <string>
#include <vector>

namespace ictgate {

struct EmbeddedText {
  std::string name;  // path relative to its folder: "0001_initial.sql"
  std::string text;
};

}  // namespace ictgate

#endif  // ICTGATE_COMMON_EMBEDDED_TEXT_H_
