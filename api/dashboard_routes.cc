// The dashboard (web/, compiled in) at /: static files that call the API
// with the session cookie of the person signed in (api/session_routes.cc).
// Its policy allows its own script, style and API calls and nothing else: no
// inline code, no other origin, no framing.
#include <map>
#include <stdexcept>

#include "api/routes.h"
#include "common/embedded_text.h"

namespace ictgate {
// web/*: the dashboard ("index.html", "app.js", "app.css"), compiled in.
const std::vector<EmbeddedText>& EmbeddedWeb();
}  // namespace ictgate

namespace ictgate::api {

void AddDashboard(Router& router) {
  static const std::map<std::string, std::pair<std::string, std::string>> kFiles = {
      {"/", {"index.html", "text/html; charset=utf-8"}},
      {"/app.js", {"app.js", "text/javascript; charset=utf-8"}},
      {"/i18n.js", {"i18n.js", "text/javascript; charset=utf-8"}},
      {"/app.css", {"app.css", "text/css; charset=utf-8"}},
      {"/favicon.svg", {"favicon.svg", "image/svg+xml"}}};
  static const char kPolicy[] =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  for (const auto& [path, file] : kFiles) {
    const EmbeddedText* text = nullptr;
    for (const auto& f : EmbeddedWeb()) {
      if (f.name == file.first) text = &f;
    }
    if (!text) throw std::logic_error("web/" + file.first + " was not compiled in");
    router.AddStatic(path, text->text, file.second, kPolicy);
  }
}

}  // namespace ictgate::api
