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
    std::string problem = sha256;
    problem.append(" (").append(upload).append("): ");
    if (!kept) {
      check.problems.push_back(problem.append("no bytes are kept for it"));
    } else if (const std::string hash = Sha256Hex(kept->bytes); hash != sha256) {
      check.problems.push_back(problem.append("the kept bytes hash to ").append(hash));
    }
  }
  return check;
}

ChainVerification VerifyRecordLog(store::Store& store) {
  ChainVerification verified = store.VerifyRecordLog();
  if (!verified.ok) return verified;
  if (auto problem = store::TombstoneProblem(store.Tombstones(), store.RecordLog())) {
    verified.ok = false;
    verified.problem = std::move(*problem);
  }
  return verified;
}

}  // namespace ictgate::app
