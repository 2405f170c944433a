#include "app/audit.h"

#include <map>
#include <string>

#include "common/sha256.h"

namespace ictgate::app {

DocumentCheck VerifyDocuments(store::Store& store) {
  // Each hash once, named by the first upload that recorded it: the same
  // bytes uploaded twice are kept once.
  std::map<std::string, std::string> named;
  store.ForEachEvent([&](const RecordedEvent& c) {
    const engine::Event& e = c.event;
    if (e.type != engine::EventType::kUploadDocument) return;
    named.emplace(e.payload.at("sha256").get<std::string>(),
                  e.activity_id + " " + e.payload.at("kind").get<std::string>() + " v" +
                      e.derived.at("documentVersion").dump());
  });
  DocumentCheck check;
  for (const auto& [sha256, upload] : named) {
    ++check.checked;
    const auto kept = store.Document(sha256);
    const std::string where = sha256 + " (" + upload + "): ";
    if (!kept) {
      check.problems.push_back(where + "no bytes are kept for it");
    } else if (Sha256Hex(kept->bytes) != sha256) {
      check.problems.push_back(where + "the kept bytes hash to " + Sha256Hex(kept->bytes));
    }
  }
  return check;
}

}  // namespace ictgate::app
