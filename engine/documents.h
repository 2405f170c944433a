// Dossier documents by content (docs/spec.md section 2, "Dossier documents").
//
// A document of the dossier (the business case, the planning, the
// architecture sketch, a risk analysis, ...) is uploaded as a file and named
// by the SHA-256 of its bytes. Each upload of a kind is its next version;
// the record keeps every version, and a verdict records the versions it
// judged, so that a later upload shows as changed since the verdict. The
// bytes live in the store beside the chain (content-addressed); the engine
// sees only their hash, type and size, which the shell worked out from them.
//
// Why by content, and why the type by content: a reference such as
// "DMS:BZK-2026-004187 v1.3" cannot be checked, and a file's name says
// nothing about what it holds. The hash ties a verdict to exactly the bytes
// that were judged; the type is read from the bytes' signature, so a file
// named .pdf that is not a PDF is refused.
#ifndef ICTGATE_ENGINE_DOCUMENTS_H_
#define ICTGATE_ENGINE_DOCUMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/event.h"
#include "engine/time.h"

namespace ictgate::engine {

struct Activity;
struct Refusal;
struct Command;

// One uploaded version of one kind of document.
struct DossierDocument {
  std::string kind;  // one of DocumentKinds()
  int version = 1;   // per kind, from 1, in upload order
  std::string title;
  std::string sha256;      // of the bytes: 64 lowercase hexadecimal digits
  std::string media_type;  // one of DocumentMediaTypes(), read from the bytes
  int64_t size_bytes = 0;
  std::string by;
  Instant at;
};

// The kinds of dossier document: "businessCase", "planning" and
// "architectureSketch" (the minimum documents, MissingDocuments),
// "riskAnalysis", "exitStrategy", "dpia", "securityRiskAnalysis", "other".
const std::vector<std::string_view>& DocumentKinds();

// The types a dossier document may have: PDF, OpenDocument (text,
// spreadsheet, presentation) and Office Open XML (document, workbook,
// presentation): the formats the government accepts for exchange (Forum
// Standaardisatie's open standards list names PDF and ODF; OOXML is what
// the departments' office software writes).
const std::vector<std::string_view>& DocumentMediaTypes();

// The type of `content` read from its bytes, or nullopt when it is none of
// DocumentMediaTypes(): "%PDF-" for PDF; a ZIP whose first entry is the
// uncompressed "mimetype" for OpenDocument; a ZIP holding
// "[Content_Types].xml" and the part that names the kind for Office Open
// XML.
std::optional<std::string> SniffDocumentType(std::string_view content);

// The file name extension of a DocumentMediaTypes() type ("pdf", "odt",
// "docx", ...), for the name a download is saved under.
std::string_view DocumentExtension(std::string_view media_type);

// Why the upload `command` (kUploadDocument: {kind, title, sha256,
// mediaType, sizeBytes}) may not be recorded on `activity`, or nothing: a
// malformed member, a closed or cancelled activity, or content equal to the
// kind's latest version (an upload that changes nothing). The actor and the
// members it may carry were checked before.
std::optional<Refusal> CheckDocumentUpload(const Activity& activity, const Command& command);

// The version the next upload of `kind` gets.
int NextDocumentVersion(const Activity& activity, std::string_view kind);

// Folds an accepted upload (its derived "documentVersion") into `documents`.
void ApplyDocumentUpload(std::vector<DossierDocument>& documents, const Event& event);

// The latest version of each kind, in DocumentKinds() order.
std::vector<const DossierDocument*> LatestDocuments(const Activity& activity);

// What a verdict given now judges: [{kind, version, sha256}] of the latest
// version of each kind; empty when nothing was uploaded.
nlohmann::json JudgedDocuments(const Activity& activity);

// The gate view's documents: the latest version of each kind, with the
// version the verdict in force judged ("judgedVersion", null when it judged
// none of that kind or there is no verdict) and "changedSinceVerdict": a
// verdict is in force and this version is not the one it judged.
nlohmann::json DocumentsView(const Activity& activity);

nlohmann::json ToJson(const DossierDocument& document);
// Inverse of ToJson; throws nlohmann::json::exception on malformed input.
DossierDocument DossierDocumentFromJson(const nlohmann::json& j);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_DOCUMENTS_H_
