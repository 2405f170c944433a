#include "api/openapi_document.h"

#include <stdexcept>
#include <vector>

#include "common/embedded_text.h"

namespace ictgate {
// api/openapi.json, compiled in (cmake/embed_texts.cmake).
const std::vector<EmbeddedText>& EmbeddedOpenApi();
}  // namespace ictgate

namespace ictgate::api {

const std::string& OpenApiText() {
  for (const auto& file : EmbeddedOpenApi()) {
    if (file.name == "openapi.json") return file.text;
  }
  throw std::logic_error("api/openapi.json was not compiled in");
}

}  // namespace ictgate::api
