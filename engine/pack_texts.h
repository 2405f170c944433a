// A policy pack's human texts in Dutch and English (docs/policy-packs.md,
// "Texts"): the pack's title, its areas' titles, its dossier fields' labels
// and help, and its criteria's titles and recommendations.
//
// Why beside the pack rather than in it: a pack version is immutable and
// its content hash is recorded with every assessment made under it, but
// what people read is not what the rules judge. A translation can then be
// added to, or corrected for, a pack that verdicts already rest on, without
// a new pack version and without touching the hash. The texts are checked
// against their pack, so that every text a person sees belongs to a rule
// that exists, and every rule has its text in each language given.
//
//   auto texts = ParsePackTexts(document, pack);   // policies/<id>/<v>.texts.json
//   pack.texts = std::move(texts).value();
//   CriterionTitle(pack, "dpia", Language::kDutch)
#ifndef ICTGATE_ENGINE_PACK_TEXTS_H_
#define ICTGATE_ENGINE_PACK_TEXTS_H_

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/language.h"
#include "engine/policy_pack.h"
#include "engine/result.h"

namespace ictgate::engine {

// The texts of a texts document, {"pack", "version", "texts": {"nl": ...,
// "en": ...}}, for `pack`: the document must name the pack's id and version,
// and each language it gives must cover every area, dossier field and
// criterion of the pack, and name nothing else, each text a non-empty
// string. Problems name their place as a JSON Pointer.
Result<std::map<Language, PackTexts>> ParsePackTexts(const nlohmann::json& document,
                                                     const PolicyPack& pack);

// The texts a person reads in `language`: from the pack's texts in that
// language when it has them, else the pack's own (in the language its
// author wrote it in). Unknown ids answer the id itself.
std::string PackTitle(const PolicyPack& pack, Language language);
std::string AreaTitle(const PolicyPack& pack, const std::string& area, Language language);
std::string FieldLabel(const PolicyPack& pack, const std::string& field, Language language);
std::string CriterionTitle(const PolicyPack& pack, const std::string& id, Language language);
std::string CriterionRecommendation(const PolicyPack& pack, const std::string& id,
                                    Language language);

// The pack's document (PolicyPack::document) with its texts in `language`
// where it has them, and each dossier field's label as "label".
nlohmann::json LocalisedPackDocument(const PolicyPack& pack, Language language);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_PACK_TEXTS_H_
