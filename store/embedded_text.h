// Files compiled into the binary at build time (cmake/embed_texts.cmake).
#ifndef ICTGATE_STORE_EMBEDDED_TEXT_H_
#define ICTGATE_STORE_EMBEDDED_TEXT_H_

#include <string>
#include <vector>

namespace ictgate {

struct EmbeddedText {
  std::string name;  // path relative to its folder: "0001_initial.sql"
  std::string text;
};

// migrations/*.sql, sorted by name.
const std::vector<EmbeddedText>& EmbeddedMigrationFiles();
// policies/**/*.json, sorted by path.
const std::vector<EmbeddedText>& EmbeddedPolicyFiles();
// examples/dossiers/*.json ("green.json", ...), for the demo portfolio.
const std::vector<EmbeddedText>& EmbeddedExampleDossiers();

// api/openapi.json, the API's contract.
const std::vector<EmbeddedText>& EmbeddedOpenApi();
// web/*: the dashboard ("index.html", "app.js", "app.css").
const std::vector<EmbeddedText>& EmbeddedWeb();

}  // namespace ictgate

#endif  // ICTGATE_STORE_EMBEDDED_TEXT_H_
