#include "api/answer_cache.h"

#include <stdexcept>
#include <utility>

namespace ictgate::api {

std::string KeptAnswer::Text(engine::Instant now) const {
  if (!tail) return head;
  return head + engine::FormatInstant(now) + *tail;
}

KeptAnswer WithInstant(const std::string& text, engine::Instant at) {
  const std::string name = "\"at\":\"";
  const std::string instant = engine::FormatInstant(at);
  const size_t found = text.find(name + instant + "\"");
  if (found == std::string::npos) {
    throw std::logic_error("an answer kept with its instant names no \"at\" member");
  }
  const size_t value = found + name.size();
  KeptAnswer answer;
  answer.head = text.substr(0, value);
  answer.tail = text.substr(value + instant.size());  // from the closing quote
  return answer;
}

std::shared_ptr<const KeptAnswer> AnswerCache::Find(const std::string& key, int64_t version,
                                                    engine::Instant now,
                                                    const std::string& pack_in_force) {
  auto kept = answers_.Find(key, version);
  if (!kept) return nullptr;
  if (kept->until && !(now < *kept->until)) return nullptr;
  if (!kept->pack_hash.empty() && !kept->pinned && kept->pack_hash != pack_in_force) {
    return nullptr;
  }
  return kept;
}

void AnswerCache::Put(const std::string& key, int64_t version, KeptAnswer answer) {
  answers_.Put(key, version, std::make_shared<const KeptAnswer>(std::move(answer)));
}

}  // namespace ictgate::api
