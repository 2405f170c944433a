#include "engine/documents.h"

#include <algorithm>
#include <map>

#include "engine/activity.h"
#include "engine/lifecycle.h"
#include "engine/payload.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

constexpr std::string_view kPdf = "application/pdf";
constexpr std::string_view kOdt = "application/vnd.oasis.opendocument.text";
constexpr std::string_view kOds = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::string_view kOdp = "application/vnd.oasis.opendocument.presentation";
constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

// A little-endian field of a ZIP header.
uint32_t Le(std::string_view bytes, size_t at, size_t width) {
  uint32_t v = 0;
  for (size_t i = 0; i < width; ++i) {
    v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return v;
}

bool EndsWithin(std::string_view content, std::string_view marker, size_t tail) {
  const size_t from = content.size() > tail ? content.size() - tail : 0;
  return content.find(marker, from) != std::string_view::npos;
}

// ODF (ISO/IEC 26300, part 3, 3.3): the first entry is "mimetype", stored
// uncompressed, its bytes the document's type.
std::optional<std::string> OpenDocumentType(std::string_view zip) {
  constexpr size_t kHeader = 30;
  if (zip.size() < kHeader + 8 || zip.substr(kHeader, 8) != "mimetype") return std::nullopt;
  const uint32_t method = Le(zip, 8, 2), size = Le(zip, 18, 4), name = Le(zip, 26, 2);
  const uint32_t extra = Le(zip, 28, 2);
  const size_t start = kHeader + name + extra;
  if (method != 0 || name != 8 || start + size > zip.size()) return std::nullopt;
  const std::string_view type = zip.substr(start, size);
  for (std::string_view known : {kOdt, kOds, kOdp}) {
    if (type == known) return std::string(known);
  }
  return std::nullopt;
}

// OOXML (ISO/IEC 29500-2): a package with "[Content_Types].xml" whose main
// part's name says the kind. Entry names are stored uncompressed in the
// local headers and the central directory, so they are found in the bytes.
std::optional<std::string> OfficeOpenXmlType(std::string_view zip) {
  if (zip.find("[Content_Types].xml") == std::string_view::npos) return std::nullopt;
  const std::pair<std::string_view, std::string_view> kParts[] = {
      {"word/document.xml", kDocx}, {"xl/workbook.xml", kXlsx}, {"ppt/presentation.xml", kPptx}};
  for (const auto& [part, type] : kParts) {
    if (zip.find(part) != std::string_view::npos) return std::string(type);
  }
  return std::nullopt;
}

const DossierDocument* Latest(const std::vector<DossierDocument>& documents,
                              std::string_view kind) {
  const DossierDocument* latest = nullptr;
  for (const auto& d : documents) {
    if (d.kind == kind) latest = &d;
  }
  return latest;
}

Refusal Invalid(std::vector<Problem> problems) {
  return {Refusal::Kind::kInvalid, "the document is not valid", std::move(problems), {}};
}

}  // namespace

const std::vector<std::string_view>& DocumentKinds() {
  static const std::vector<std::string_view> kKinds = {
      "businessCase", "planning", "architectureSketch",   "riskAnalysis",
      "exitStrategy", "dpia",     "securityRiskAnalysis", "other"};
  return kKinds;
}

const std::vector<std::string_view>& DocumentMediaTypes() {
  static const std::vector<std::string_view> kTypes = {kPdf, kOdt, kOds, kOdp, kDocx, kXlsx, kPptx};
  return kTypes;
}

std::optional<std::string> SniffDocumentType(std::string_view content) {
  // A PDF starts with its header and ends with %%EOF (ISO 32000-2, 7.5.2 and
  // 7.5.5); a file cut short in transfer lacks the second.
  if (content.substr(0, 5) == "%PDF-") {
    if (EndsWithin(content, "%%EOF", 1024)) return std::string(kPdf);
    return std::nullopt;
  }
  // A ZIP starts with a local file header and ends with the end of its
  // central directory (at most a 64 KiB comment after it).
  if (content.substr(0, 4) != std::string_view("PK\x03\x04", 4) ||
      !EndsWithin(content, std::string_view("PK\x05\x06", 4), 22 + 65535)) {
    return std::nullopt;
  }
  if (auto type = OpenDocumentType(content)) return type;
  return OfficeOpenXmlType(content);
}

std::string_view DocumentExtension(std::string_view media_type) {
  static const std::map<std::string_view, std::string_view> kExtensions = {
      {kPdf, "pdf"},   {kOdt, "odt"},   {kOds, "ods"},  {kOdp, "odp"},
      {kDocx, "docx"}, {kXlsx, "xlsx"}, {kPptx, "pptx"}};
  const auto it = kExtensions.find(media_type);
  return it == kExtensions.end() ? "bin" : it->second;
}

std::optional<Refusal> CheckDocumentUpload(const Activity& a, const Command& c) {
  if (IsTerminal(a.state)) {
    return Refusal{
        Refusal::Kind::kNotAllowed,
        "the dossier of an activity in state '" + std::string(StateName(a.state)) + "' is closed",
        {},
        AllowedEvents(a.state)};
  }
  std::vector<Problem> problems;
  PayloadReader in(c.payload, problems);
  const auto kind = in.OneOf("kind", DocumentKinds(), true);
  in.Text("title", true);
  const auto hash = in.Sha256("sha256", true);
  in.OneOf("mediaType", DocumentMediaTypes(), true);
  const json size = c.payload.is_object() ? c.payload.value("sizeBytes", json()) : json();
  if (!size.is_number_integer() || size.get<int64_t>() < 1) {
    in.Fail("sizeBytes", "must be the document's size: a whole number of bytes, at least 1");
  }
  if (!problems.empty()) return Invalid(std::move(problems));
  const DossierDocument* latest = Latest(a.documents, *kind);
  if (latest && latest->sha256 == *hash) {
    return Refusal{
        Refusal::Kind::kPrecondition,
        "this content is version " + std::to_string(latest->version) + " of " + *kind + " already",
        {{"sha256", "equals the latest version's"}},
        {}};
  }
  return std::nullopt;
}

int NextDocumentVersion(const Activity& a, std::string_view kind) {
  const DossierDocument* latest = Latest(a.documents, kind);
  return latest ? latest->version + 1 : 1;
}

void ApplyDocumentUpload(std::vector<DossierDocument>& documents, const Event& e) {
  DossierDocument d;
  d.kind = e.payload.at("kind").get<std::string>();
  d.version = e.derived.at("documentVersion").get<int>();
  d.title = e.payload.at("title").get<std::string>();
  d.sha256 = e.payload.at("sha256").get<std::string>();
  d.media_type = e.payload.at("mediaType").get<std::string>();
  d.size_bytes = e.payload.at("sizeBytes").get<int64_t>();
  d.by = e.actor.name;
  d.at = e.at;
  documents.push_back(std::move(d));
}

std::vector<const DossierDocument*> LatestDocuments(const Activity& a) {
  std::vector<const DossierDocument*> latest;
  for (std::string_view kind : DocumentKinds()) {
    if (const DossierDocument* d = Latest(a.documents, kind)) latest.push_back(d);
  }
  return latest;
}

json JudgedDocuments(const Activity& a) {
  json judged = json::array();
  for (const DossierDocument* d : LatestDocuments(a)) {
    judged.push_back({{"kind", d->kind}, {"version", d->version}, {"sha256", d->sha256}});
  }
  return judged;
}

json DocumentsView(const Activity& a) {
  json view = json::array();
  for (const DossierDocument* d : LatestDocuments(a)) {
    json judged_version;
    if (a.verdict) {
      for (const json& j : a.verdict->documents) {
        if (j.at("kind") == d->kind) judged_version = j.at("version");
      }
    }
    json entry = ToJson(*d);
    entry["judgedVersion"] = judged_version;
    entry["changedSinceVerdict"] =
        a.verdict.has_value() && (judged_version.is_null() || judged_version != d->version);
    view.push_back(std::move(entry));
  }
  return view;
}

json ToJson(const DossierDocument& d) {
  return {{"kind", d.kind},     {"version", d.version},      {"title", d.title},
          {"sha256", d.sha256}, {"mediaType", d.media_type}, {"sizeBytes", d.size_bytes},
          {"by", d.by},         {"at", FormatInstant(d.at)}};
}

DossierDocument DossierDocumentFromJson(const json& j) {
  DossierDocument d;
  d.kind = j.at("kind").get<std::string>();
  d.version = j.at("version").get<int>();
  d.title = j.at("title").get<std::string>();
  d.sha256 = j.at("sha256").get<std::string>();
  d.media_type = j.at("mediaType").get<std::string>();
  d.size_bytes = j.at("sizeBytes").get<int64_t>();
  d.by = j.at("by").get<std::string>();
  d.at = *ParseInstant(j.at("at").get<std::string>());
  return d;
}

}  // namespace ictgate::engine
