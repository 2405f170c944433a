// /activities/{id}/documents: the dossier's documents by content
// (engine/documents.h). An upload is the file's bytes as the body, its kind
// in the path and its title in ?title=; a download is a version's bytes,
// for whoever may see the activity.
#include <string>

#include "api/problem.h"
#include "api/routes.h"
#include "engine/documents.h"

namespace ictgate::api {
namespace {

using engine::EventType;
using nlohmann::json;

void Upload(app::Service& service, Exchange& x) {
  const app::DocumentUpload upload{x.Param(2), x.req.get_param_value("title"),
                                   x.req.get_header_value("Content-Type"), x.req.body};
  SendOutcome(x,
              service.UploadDocument(x.Param(1), upload, x.Caller(), x.request_id,
                                     x.expected_version, x.Claim(201)),
              201);
}

void List(app::Service& service, Exchange& x) {
  const auto a = service.Get(x.Param(1), x.Caller());
  if (!a) return SendNoActivity(x, service, x.Param(1));
  json items = json::array();
  for (const auto& d : a->documents) items.push_back(engine::ToJson(d));
  SendJson(x, {{"activityId", a->id}, {"items", items}, {"current", engine::DocumentsView(*a)}});
}

// The bytes as they were judged: their own type, a name to save them under,
// and the hash as a strong ETag, so a client can check what it received.
void Download(app::Service& service, Exchange& x) {
  const std::string id = x.Param(1), kind = x.Param(2), number = x.Param(3);
  const auto version = ReadPositive(x, number, "documentVersion",
                                    "a document version is a number from 1", "not a version");
  if (!version) return;
  const auto download = service.Document(id, kind, *version, x.Caller());
  if (!download) {
    return SendProblem(x.res, 404, "no version " + number + " of " + kind + " on " + id);
  }
  const engine::DossierDocument& d = download->document;
  x.res.set_header("ETag", "\"" + d.sha256 + "\"");
  x.res.set_header("Content-Disposition",
                   "attachment; filename=\"" + id + "-" + d.kind + "-v" + number + "." +
                       std::string(engine::DocumentExtension(d.media_type)) + "\"");
  x.res.set_content(download->bytes, d.media_type);
}

}  // namespace

std::vector<Route> DocumentRoutes(app::Application& app) {
  app::Service& service = app.service();
  return {
      {"GET", "/activities/{id}/documents", kAnyRole, Body::kNone,
       [&service](Exchange& x) { List(service, x); }},
      {"POST", "/activities/{id}/documents/{kind}", kAnyRole, Body::kDocument,
       [&service](Exchange& x) { Upload(service, x); },
       MayCause(service, EventType::kUploadDocument)},
      {"GET", "/activities/{id}/documents/{kind}/{documentVersion}", kAnyRole, Body::kNone,
       [&service](Exchange& x) { Download(service, x); }},
  };
}

}  // namespace ictgate::api
