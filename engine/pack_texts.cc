#include "engine/pack_texts.h"

#include <functional>

namespace ictgate::engine {
namespace {

using nlohmann::json;

// `path`/`key`: a JSON Pointer one level down.
std::string Under(const std::string& path, const std::string& key) {
  std::string pointer = path;
  pointer += '/';
  pointer += key;
  return pointer;
}

// Records problems at JSON Pointers under one document.
class TextChecker {
 public:
  explicit TextChecker(std::vector<Problem>& problems) : problems_(problems) {}

  void Fail(const std::string& path, const std::string& message) {
    problems_.push_back({path, message});
  }

  // The non-empty string at `object[key]`, or "" with a problem.
  std::string Text(const json& object, const std::string& key, const std::string& path) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      Fail(Under(path, key), "must be a non-empty string");
      return "";
    }
    return it->get<std::string>();
  }

  // For an object keyed by the pack's ids (`known`, in pack order): reads
  // each with `read`, and names every id missing or unknown.
  void Keyed(const json& object, const std::string& path, const std::vector<std::string>& known,
             const char* what, const std::function<void(const json&, const std::string&)>& read) {
    if (!object.is_object()) return Fail(path, "must be an object");
    for (const std::string& id : known) {
      const auto it = object.find(id);
      if (it == object.end()) {
        Fail(Under(path, id), "is missing: every " + std::string(what) + " of the pack needs one");
      } else {
        read(*it, Under(path, id));
      }
    }
    for (const auto& [id, value] : object.items()) {
      if (std::find(known.begin(), known.end(), id) == known.end()) {
        Fail(Under(path, id), std::string("names no ") + what + " of the pack");
      }
    }
  }

 private:
  std::vector<Problem>& problems_;
};

template <typename T, typename Id>
std::vector<std::string> Ids(const std::vector<T>& items, Id id) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(id(item));
  return ids;
}

PackTexts ParseLanguage(const json& texts, const std::string& path, const PolicyPack& pack,
                        TextChecker& check) {
  PackTexts out;
  if (!texts.is_object()) {
    check.Fail(path, "must be an object");
    return out;
  }
  for (const auto& [key, value] : texts.items()) {
    if (key != "title" && key != "areas" && key != "dossierFields" && key != "criteria") {
      check.Fail(Under(path, key), "is not a member of a pack's texts");
    }
  }
  out.title = check.Text(texts, "title", path);
  static const json kNone = json::object();
  const auto member = [&](const char* key) -> const json& {
    const auto it = texts.find(key);
    if (it != texts.end()) return *it;
    check.Fail(Under(path, key), "is required");
    return kNone;
  };
  const json& areas = member("areas");
  const json& fields = member("dossierFields");
  const json& criteria = member("criteria");
  check.Keyed(areas, path + "/areas", Ids(pack.areas, [](const Area& a) { return a.id; }), "area",
              [&](const json& v, const std::string& at) {
                if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
                  return check.Fail(at, "must be a non-empty string");
                }
                out.areas[at.substr(at.rfind('/') + 1)] = v.get<std::string>();
              });
  std::vector<std::string> field_names;
  for (const auto& [name, field] : pack.dossier_fields) field_names.push_back(name);
  check.Keyed(fields, path + "/dossierFields", field_names, "dossier field",
              [&](const json& v, const std::string& at) {
                if (!v.is_object()) return check.Fail(at, "must be an object");
                out.dossier_fields[at.substr(at.rfind('/') + 1)] = {
                    check.Text(v, "label", at), check.Text(v, "description", at)};
              });
  check.Keyed(criteria, path + "/criteria",
              Ids(pack.criteria, [](const Criterion& c) { return c.id; }), "criterion",
              [&](const json& v, const std::string& at) {
                if (!v.is_object()) return check.Fail(at, "must be an object");
                out.criteria[at.substr(at.rfind('/') + 1)] = {check.Text(v, "title", at),
                                                              check.Text(v, "recommendation", at)};
              });
  return out;
}

const PackTexts* TextsIn(const PolicyPack& pack, Language language) {
  const auto it = pack.texts.find(language);
  return it == pack.texts.end() ? nullptr : &it->second;
}

// The text `pick` finds in `map` under `id` in the pack's texts in
// `language`, or `fallback`.
template <typename Map, typename Pick>
std::string Lookup(const PolicyPack& pack, Language language, Map PackTexts::*map,
                   const std::string& id, Pick pick, std::string fallback) {
  if (const PackTexts* texts = TextsIn(pack, language)) {
    const auto it = (texts->*map).find(id);
    if (it != (texts->*map).end()) return pick(it->second);
  }
  return fallback;
}

}  // namespace

Result<std::map<Language, PackTexts>> ParsePackTexts(const json& document, const PolicyPack& pack) {
  std::vector<Problem> problems;
  TextChecker check(problems);
  if (!document.is_object()) return OneProblem("", "must be an object");
  for (const auto& [key, value] : document.items()) {
    if (key != "pack" && key != "version" && key != "texts") {
      check.Fail("/" + key, "is not a member of a pack's texts");
    }
  }
  if (check.Text(document, "pack", "") != pack.ref.id ||
      check.Text(document, "version", "") != pack.ref.version) {
    check.Fail("", "must name pack " + pack.ref.id + " " + pack.ref.version);
  }
  std::map<Language, PackTexts> texts;
  const auto languages = document.find("texts");
  if (languages == document.end() || !languages->is_object() || languages->empty()) {
    check.Fail("/texts", "must be an object of languages (nl, en)");
  } else {
    for (const auto& [tag, value] : languages->items()) {
      const auto language = ParseLanguageTag(tag);
      if (!language) {
        check.Fail(Under("/texts", tag), "is not a language ictgate speaks (nl, en)");
        continue;
      }
      texts[*language] = ParseLanguage(value, Under("/texts", tag), pack, check);
    }
  }
  if (!problems.empty()) return problems;
  return texts;
}

std::string PackTitle(const PolicyPack& pack, Language language) {
  const PackTexts* texts = TextsIn(pack, language);
  return texts ? texts->title : pack.title;
}

std::string AreaTitle(const PolicyPack& pack, const std::string& area, Language language) {
  std::string fallback = area;
  for (const Area& a : pack.areas) {
    if (a.id == area) fallback = a.title;
  }
  return Lookup(
      pack, language, &PackTexts::areas, area, [](const std::string& t) { return t; }, fallback);
}

std::string FieldLabel(const PolicyPack& pack, const std::string& field, Language language) {
  const auto it = pack.dossier_fields.find(field);
  const bool labelled = it != pack.dossier_fields.end() && !it->second.label.empty();
  return Lookup(
      pack, language, &PackTexts::dossier_fields, field,
      [](const FieldTexts& t) { return t.label; }, labelled ? it->second.label : field);
}

std::string CriterionTitle(const PolicyPack& pack, const std::string& id, Language language) {
  const Criterion* c = pack.FindCriterion(id);
  return Lookup(
      pack, language, &PackTexts::criteria, id, [](const CriterionTexts& t) { return t.title; },
      c ? c->title : id);
}

std::string CriterionRecommendation(const PolicyPack& pack, const std::string& id,
                                    Language language) {
  const Criterion* c = pack.FindCriterion(id);
  return Lookup(
      pack, language, &PackTexts::criteria, id,
      [](const CriterionTexts& t) { return t.recommendation; }, c ? c->recommendation : "");
}

json LocalisedPackDocument(const PolicyPack& pack, Language language) {
  json document = pack.document;
  const PackTexts* texts = TextsIn(pack, language);
  if (!texts) return document;
  document["title"] = PackTitle(pack, language);
  for (json& area : document["areas"]) {
    area["title"] = AreaTitle(pack, area["id"].get<std::string>(), language);
  }
  for (auto& [name, field] : document["dossierFields"].items()) {
    field["label"] = FieldLabel(pack, name, language);
    field["description"] = texts->dossier_fields.at(name).description;
  }
  for (json& criterion : document["criteria"]) {
    const std::string id = criterion["id"].get<std::string>();
    criterion["title"] = CriterionTitle(pack, id, language);
    criterion["recommendation"] = CriterionRecommendation(pack, id, language);
  }
  return document;
}

}  // namespace ictgate::engine
