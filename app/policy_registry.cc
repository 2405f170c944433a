#include "app/policy_registry.h"

#include "common/embedded_text.h"
#include "common/sha256.h"
#include "engine/pack_texts.h"

namespace ictgate::app {

engine::Result<engine::PolicyPack> LoadPack(const nlohmann::json& document) {
  auto parsed = engine::ParsePolicyPack(document);
  if (parsed.ok()) parsed.value().ref.content_hash = Sha256Hex(engine::CanonicalPackText(document));
  return parsed;
}

engine::Result<engine::PolicyPack> LoadPackText(const std::string& text) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return engine::OneProblem("", "not JSON");
  return LoadPack(document);
}

engine::Result<std::map<engine::Language, engine::PackTexts>> LoadPackTexts(
    const std::string& text, const engine::PolicyPack& pack) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return engine::OneProblem("", "not JSON");
  return engine::ParsePackTexts(document, pack);
}

bool IsPackTextsFile(const std::string& name) {
  const std::string suffix = ".texts.json";
  return name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace {

// A pack the registry must hold: the embedded and the stored ones.
engine::PolicyPack RequiredPack(const std::string& text, const std::string& where) {
  auto parsed = LoadPackText(text);
  if (!parsed.ok()) throw PackRejected(where + " is not a valid policy pack", parsed.error());
  return std::move(parsed).value();
}

}  // namespace

PolicyRegistry::PolicyRegistry(store::Store& store, engine::Instant now, Mode mode)
    : store_(store) {
  for (const auto& file : EmbeddedPolicyFiles()) {
    if (!IsPackTextsFile(file.name)) continue;
    nlohmann::json document = nlohmann::json::parse(file.text, nullptr, false);
    if (!document.is_object()) throw PackRejected("policies/" + file.name + " is not JSON");
    auto key = std::make_pair(document.value("pack", ""), document.value("version", ""));
    texts_[std::move(key)] = {"policies/" + file.name, std::move(document)};
  }
  for (const auto& stored : store_.Packs()) {
    engine::PolicyPack pack =
        RequiredPack(stored.content, "registered pack " + stored.id + " " + stored.version);
    if (pack.ref.content_hash != stored.content_hash) {
      throw PackRejected("registered pack " + stored.id + " " + stored.version +
                         " does not match its recorded hash");
    }
    // The key first: in `a = b` C++17 evaluates b (which moves the pack) first.
    auto key = std::make_pair(pack.ref.id, pack.ref.version);
    packs_[std::move(key)] = WithTexts(std::move(pack));
  }
  for (const auto& file : EmbeddedPolicyFiles()) {
    if (IsPackTextsFile(file.name)) continue;
    const engine::PolicyPack pack = RequiredPack(file.text, "policies/" + file.name);
    if (mode == Mode::kRegister) {
      Register(pack, now);
    } else {
      Hold(pack);
    }
  }
}

void PolicyRegistry::Hold(const engine::PolicyPack& pack) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = packs_[{pack.ref.id, pack.ref.version}];
  if (slot && slot->ref.content_hash != pack.ref.content_hash) {
    throw PackRejected("pack " + pack.ref.id + " " + pack.ref.version +
                       " is registered with other content; a pack version is immutable");
  }
  if (!slot) slot = WithTexts(pack);
}

std::unique_ptr<engine::PolicyPack> PolicyRegistry::WithTexts(engine::PolicyPack pack) const {
  const auto it = texts_.find({pack.ref.id, pack.ref.version});
  if (it != texts_.end()) {
    auto texts = engine::ParsePackTexts(it->second.document, pack);
    if (!texts.ok()) {
      throw PackRejected(it->second.file + " does not fit its pack", texts.error());
    }
    pack.texts = std::move(texts).value();
  }
  return std::make_unique<engine::PolicyPack>(std::move(pack));
}

const engine::PolicyPack& PolicyRegistry::Register(const engine::PolicyPack& pack,
                                                   engine::Instant now) {
  std::lock_guard<std::mutex> lock(mutex_);
  store::StoredPack stored{pack.ref.id,
                           pack.ref.version,
                           pack.ref.content_hash,
                           engine::CanonicalPackText(pack.document),
                           engine::FormatDate(pack.effective_from),
                           engine::FormatInstant(now)};
  const auto existing = store_.RegisterPack(stored);
  if (existing && existing->content_hash != pack.ref.content_hash) {
    throw PackRejected("pack " + pack.ref.id + " " + pack.ref.version +
                       " is already registered with other content (hash " + existing->content_hash +
                       "); a pack version is immutable: give the "
                       "changed pack a new version");
  }
  auto& slot = packs_[{pack.ref.id, pack.ref.version}];
  if (!slot) slot = WithTexts(pack);
  return *slot;
}

const engine::PolicyPack* PolicyRegistry::Find(const std::string& id,
                                               const std::string& version) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = packs_.find({id, version});
  return it == packs_.end() ? nullptr : it->second.get();
}

const engine::PolicyPack* PolicyRegistry::Find(const engine::PackRef& ref) const {
  const engine::PolicyPack* pack = Find(ref.id, ref.version);
  return pack && pack->ref.content_hash == ref.content_hash ? pack : nullptr;
}

const engine::PolicyPack& PolicyRegistry::Active(engine::Instant now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const engine::PolicyPack* best = nullptr;
  for (const auto& [key, pack] : packs_) {
    if (engine::DateOf(now) < pack->effective_from) continue;
    if (!best || best->effective_from < pack->effective_from ||
        (best->effective_from == pack->effective_from &&
         engine::IsNewerVersion(pack->ref.version, best->ref.version))) {
      best = pack.get();
    }
  }
  if (!best) throw std::logic_error("no policy pack is in force on " + engine::FormatInstant(now));
  return *best;
}

std::vector<const engine::PolicyPack*> PolicyRegistry::All() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const engine::PolicyPack*> all;
  for (const auto& [key, pack] : packs_) all.push_back(pack.get());
  return all;
}

}  // namespace ictgate::app
