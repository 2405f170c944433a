#include "engine/policy_pack.h"

#include <algorithm>
#include <regex>
#include <set>

#include "engine/dashboard_part.h"
#include "engine/json_depth.h"
#include "engine/jsonlogic.h"
#include "engine/publication.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

bool IsKebab(const std::string& s) {
  static const std::regex kKebab("[a-z0-9]+(-[a-z0-9]+)*");
  return s.size() <= 64 && std::regex_match(s, kKebab);
}

// Reads members of one JSON object, recording a problem for each that is
// missing or of the wrong type.
class Reader {
 public:
  Reader(const json& object, std::string path, std::vector<Problem>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {
    if (!object_.is_object()) Fail("", "must be an object");
  }

  void Fail(const std::string& member, const std::string& message) {
    problems_.push_back({member.empty() ? path_ : path_ + "/" + member, message});
  }

  const json* Get(const char* key, bool required) {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) Fail(key, "is required");
      return nullptr;
    }
    return &*it;
  }

  std::string Text(const char* key, bool required = true) {
    const json* v = Get(key, required);
    if (!v) return "";
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
      Fail(key, "must be a non-empty string");
      return "";
    }
    return v->get<std::string>();
  }

  int64_t Integer(const char* key, int64_t min, int64_t max, int64_t fallback) {
    const json* v = Get(key, true);
    if (!v) return fallback;
    if (!v->is_number_integer() || v->get<int64_t>() < min || v->get<int64_t>() > max) {
      Fail(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return fallback;
    }
    return v->get<int64_t>();
  }

  void OnlyMembers(const std::set<std::string>& known) {
    if (!object_.is_object()) return;
    for (const auto& [key, value] : object_.items()) {
      if (!known.count(key)) Fail(key, "is not a member of a pack");
    }
  }

  const std::string& path() const { return path_; }

 private:
  const json& object_;
  std::string path_;
  std::vector<Problem>& problems_;
};

// A basis object: {"kind": "norm", "source": ...} or {"kind":
// "policy_choice", "chosenBy": ...}. A criterion's norm may leave out its
// source: the criterion's own `source` names it.
std::optional<Basis> ParseBasis(const json& object, const std::string& path, bool source_optional,
                                std::vector<Problem>& problems) {
  Reader r(object, path, problems);
  if (!object.is_object()) return std::nullopt;
  r.OnlyMembers({"kind", "source", "chosenBy"});
  Basis b;
  const std::string kind = r.Text("kind");
  if (kind == "norm") {
    b.source = r.Text("source", !source_optional);
    if (object.contains("chosenBy")) r.Fail("chosenBy", "belongs to a policy_choice only");
  } else if (kind == "policy_choice") {
    b.kind = Basis::Kind::kPolicyChoice;
    b.chosen_by = r.Text("chosenBy");
    b.source = r.Text("source", false);
  } else if (!kind.empty()) {
    r.Fail("kind", "must be norm or policy_choice");
  }
  return b;
}

// The optional member "basis" of `r`'s object.
std::optional<Basis> OptionalBasis(Reader& r, bool source_optional,
                                   std::vector<Problem>& problems) {
  const json* basis = r.Get("basis", false);
  if (!basis) return std::nullopt;
  return ParseBasis(*basis, r.path() + "/basis", source_optional, problems);
}

void ParseParameterBasis(Reader& top, PolicyPack& pack, std::vector<Problem>& problems) {
  const json* all = top.Get("parameterBasis", false);
  if (!all) return;
  if (!all->is_object()) return top.Fail("parameterBasis", "must be an object");
  static const std::set<std::string> kParameters = {
      "thresholdEur", "verdictValidityMonths", "reassessmentTriggers", "advisoryRules",
      "redVerdict",   "acictAdvice",           "governance",           "publication"};
  for (const auto& [name, basis] : all->items()) {
    const std::string path = "/parameterBasis/" + name;
    if (!kParameters.count(name)) {
      problems.push_back({path, "names no parameter of a pack"});
      continue;
    }
    if (auto b = ParseBasis(basis, path, /*source_optional=*/false, problems)) {
      pack.parameter_basis[name] = std::move(*b);
    }
  }
}

// acictAdvice and governance: optional, so packs without them (2026.1,
// 2026.2) keep their meaning and their hash.
void ParseProcessRules(Reader& top, PolicyPack& pack, std::vector<Problem>& problems) {
  if (const json* acict = top.Get("acictAdvice", false)) {
    Reader r(*acict, "/acictAdvice", problems);
    r.OnlyMembers({"requestRequiredFor"});
    const json* kinds = r.Get("requestRequiredFor", true);
    static const std::set<std::string> kKinds = {"project", "programme", "change"};
    if (kinds && kinds->is_array()) {
      for (const json& k : *kinds) {
        if (k.is_string() && kKinds.count(k.get<std::string>())) {
          pack.rules.acict_request_kinds.push_back(k.get<std::string>());
        } else {
          r.Fail("requestRequiredFor", "must list activity kinds: project, programme, change");
        }
      }
    } else if (kinds) {
      r.Fail("requestRequiredFor", "must be an array of activity kinds");
    }
  }
  if (const json* publication = top.Get("publication", false)) {
    Reader r(*publication, "/publication", problems);
    r.OnlyMembers({"public"});
    const json* parts = r.Get("public", true);
    const auto& known = PublicParts();
    if (parts && parts->is_array()) {
      for (const json& part : *parts) {
        if (part.is_string() &&
            std::find(known.begin(), known.end(), part.get<std::string>()) != known.end()) {
          pack.rules.public_parts.push_back(part.get<std::string>());
        } else {
          r.Fail("public",
                 "must list parts: verdictSummary, acictAdvice, acictReaction, "
                 "acictNaschrift");
        }
      }
    } else if (parts) {
      r.Fail("public", "must be an array of parts");
    }
  }
  if (const json* governance = top.Get("governance", false)) {
    Reader r(*governance, "/governance", problems);
    r.OnlyMembers({"cisoAdviceRequired", "opdrachtgeverSubmits"});
    for (auto [key, flag] :
         {std::pair{"cisoAdviceRequired", &pack.rules.ciso_advice_required},
          std::pair{"opdrachtgeverSubmits", &pack.rules.opdrachtgever_submits}}) {
      if (const json* v = r.Get(key, false)) {
        if (v->is_boolean()) {
          *flag = v->get<bool>();
        } else {
          r.Fail(key, "must be true or false");
        }
      }
    }
  }
}

void ParseAreas(Reader& top, PolicyPack& pack, std::vector<Problem>& problems) {
  const json* areas = top.Get("areas", true);
  if (!areas) return;
  if (!areas->is_array() || areas->empty()) return top.Fail("areas", "must be a non-empty array");
  std::set<std::string> seen;
  for (size_t i = 0; i < areas->size(); ++i) {
    Reader r((*areas)[i], "/areas/" + std::to_string(i), problems);
    r.OnlyMembers({"id", "title", "basis"});
    Area a{r.Text("id"), r.Text("title"), OptionalBasis(r, false, problems)};
    if (!a.id.empty() && !IsKebab(a.id)) r.Fail("id", "must be kebab-case");
    if (!a.id.empty() && !seen.insert(a.id).second) r.Fail("id", "duplicates area '" + a.id + "'");
    pack.areas.push_back(a);
  }
}

void ParseFields(Reader& top, PolicyPack& pack, std::vector<Problem>& problems) {
  const json* fields = top.Get("dossierFields", true);
  if (!fields) return;
  if (!fields->is_object()) return top.Fail("dossierFields", "must be an object");
  static const std::set<std::string> kTypes = {"string", "boolean", "integer", "number", "date"};
  for (const auto& [name, spec] : fields->items()) {
    Reader r(spec, "/dossierFields/" + name, problems);
    r.OnlyMembers({"type", "label", "description", "enum"});
    DossierField f{r.Text("type"), r.Text("label", false), r.Text("description"), {}};
    if (!f.type.empty() && !kTypes.count(f.type)) {
      r.Fail("type", "must be string, boolean, integer, number or date");
    }
    if (name == "explanations" || name == "dashboard") r.Fail("", "'" + name + "' is reserved");
    if (const json* values = r.Get("enum", false)) {
      const bool strings =
          values->is_array() && !values->empty() &&
          std::all_of(values->begin(), values->end(), [](const json& v) { return v.is_string(); });
      if (!strings || f.type != "string") {
        r.Fail("enum", "must be a non-empty array of strings, on a string field");
      } else {
        f.allowed = values->get<std::vector<std::string>>();
      }
    }
    pack.dossier_fields[name] = f;
  }
}

// Checks that a JSON Logic rule only uses known operators and declared fields.
void CheckRule(const json& rule, const std::string& path, const PolicyPack& pack,
               std::vector<Problem>& problems) {
  for (const std::string& var : JsonLogicVars(rule)) {
    const std::string root = var.substr(0, var.find('.'));
    if (root != "explanations" && !pack.dossier_fields.count(root)) {
      problems.push_back({path, "reads '" + var + "', which is not a declared dossier field"});
    }
  }
  try {
    // Evaluating against an empty dossier finds unknown operators and rules
    // that blow a limit before any real dossier meets them.
    ApplyJsonLogic(rule, json::object());
  } catch (const JsonLogicError& e) {
    problems.push_back({path, std::string("is not a usable JSON Logic rule: ") + e.what()});
  }
}

void ParseCriteria(Reader& top, PolicyPack& pack, std::vector<Problem>& problems) {
  const json* criteria = top.Get("criteria", true);
  if (!criteria) return;
  if (!criteria->is_array() || criteria->empty()) {
    return top.Fail("criteria", "must be a non-empty array");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < criteria->size(); ++i) {
    const std::string path = "/criteria/" + std::to_string(i);
    Reader r((*criteria)[i], path, problems);
    r.OnlyMembers({"id", "title", "area", "source", "kind", "appliesWhen", "check",
                   "recommendation", "basis"});
    Criterion c;
    c.basis = OptionalBasis(r, /*source_optional=*/true, problems);
    c.id = r.Text("id");
    c.title = r.Text("title");
    c.area = r.Text("area");
    c.source = r.Text("source");
    c.recommendation = r.Text("recommendation");
    const std::string kind = r.Text("kind");
    if (kind == "mandatory") {
      c.kind = CriterionKind::kMandatory;
    } else if (kind == "comply_or_explain") {
      c.kind = CriterionKind::kComplyOrExplain;
    } else if (kind == "assessed") {
      c.kind = CriterionKind::kAssessed;
    } else if (!kind.empty()) {
      r.Fail("kind", "must be mandatory, comply_or_explain or assessed");
    }
    if (!c.id.empty() && !IsKebab(c.id)) r.Fail("id", "must be kebab-case");
    if (!c.id.empty() && !seen.insert(c.id).second)
      r.Fail("id", "duplicates criterion '" + c.id + "'");
    if (!c.area.empty() && !pack.HasArea(c.area)) r.Fail("area", "names no area of this pack");
    if (const json* when = r.Get("appliesWhen", false)) {
      c.applies_when = *when;
      CheckRule(*when, path + "/appliesWhen", pack, problems);
    }
    if (const json* check = r.Get("check", c.kind != CriterionKind::kAssessed)) {
      c.check = *check;
      CheckRule(*check, path + "/check", pack, problems);
    }
    pack.criteria.push_back(std::move(c));
  }
}

}  // namespace

bool IsNewerVersion(const std::string& a, const std::string& b) {
  const auto order = [](const std::string& v) {
    const size_t dot = v.find('.');
    return std::make_pair(std::stoi(v.substr(0, dot)), std::stoi(v.substr(dot + 1)));
  };
  return order(b) < order(a);
}

std::string_view BasisKindName(Basis::Kind k) {
  return k == Basis::Kind::kNorm ? "norm" : "policy_choice";
}

std::string_view CriterionKindName(CriterionKind k) {
  switch (k) {
    case CriterionKind::kMandatory:
      return "mandatory";
    case CriterionKind::kComplyOrExplain:
      return "comply_or_explain";
    case CriterionKind::kAssessed:
      return "assessed";
  }
  return "?";
}

json ToJson(const PackRef& ref) {
  return {{"id", ref.id}, {"version", ref.version}, {"contentHash", ref.content_hash}};
}

std::optional<PackRef> PackRefFromJson(const json& j) {
  if (!j.is_object() || !j.contains("id") || !j.contains("version") || !j.contains("contentHash")) {
    return std::nullopt;
  }
  return PackRef{j["id"].get<std::string>(), j["version"].get<std::string>(),
                 j["contentHash"].get<std::string>()};
}

const Criterion* PolicyPack::FindCriterion(const std::string& id) const {
  for (const auto& c : criteria) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool PolicyPack::HasArea(const std::string& id) const {
  return std::any_of(areas.begin(), areas.end(), [&](const Area& a) { return a.id == id; });
}

std::string CanonicalPackText(const json& document) {
  return document.dump();
}

Result<PolicyPack> ParsePolicyPack(const json& document) {
  if (NestedDeeperThan(document, kMaxPackDepth)) {
    return OneProblem("", "is nested deeper than " + std::to_string(kMaxPackDepth) + " levels");
  }
  std::vector<Problem> problems;
  PolicyPack pack;
  pack.document = document;
  Reader top(document, "", problems);
  top.OnlyMembers({"id", "version", "title", "effectiveFrom", "thresholdEur",
                   "verdictValidityMonths", "reassessmentTriggers", "advisoryRules", "redVerdict",
                   "areas", "dossierFields", "criteria", "parameterBasis", "acictAdvice",
                   "governance", "publication"});
  pack.ref.id = top.Text("id");
  if (!pack.ref.id.empty() && !IsKebab(pack.ref.id)) top.Fail("id", "must be kebab-case");
  pack.ref.version = top.Text("version");
  static const std::regex kVersion("[0-9]{4}\\.[0-9]{1,3}");
  if (!pack.ref.version.empty() && !std::regex_match(pack.ref.version, kVersion)) {
    top.Fail("version", "must be YYYY.N");
  }
  pack.title = top.Text("title");
  const std::string from = top.Text("effectiveFrom");
  if (auto d = ParseDate(from)) {
    pack.effective_from = *d;
  } else if (!from.empty()) {
    top.Fail("effectiveFrom", "must be a date as YYYY-MM-DD");
  }
  pack.rules.threshold_eur = top.Integer("thresholdEur", 0, 1'000'000'000'000, 5'000'000);
  pack.rules.verdict_validity_months =
      static_cast<int>(top.Integer("verdictValidityMonths", 1, 60, 12));
  if (const json* triggers = top.Get("reassessmentTriggers", true)) {
    Reader t(*triggers, "/reassessmentTriggers", problems);
    t.OnlyMembers({"costIncreasePct", "endDateSlipMonths", "fundingWithinAssessedCost",
                   "periodicReassessmentMonths"});
    pack.rules.cost_increase_pct = static_cast<int>(t.Integer("costIncreasePct", 1, 1000, 20));
    pack.rules.end_slip_months = static_cast<int>(t.Integer("endDateSlipMonths", 1, 120, 6));
    if (t.Get("periodicReassessmentMonths", false)) {
      pack.rules.periodic_reassessment_months =
          static_cast<int>(t.Integer("periodicReassessmentMonths", 1, 120, 0));
    }
    if (const json* cap = t.Get("fundingWithinAssessedCost", false)) {
      if (cap->is_boolean()) {
        pack.rules.funding_within_assessed_cost = cap->get<bool>();
      } else {
        t.Fail("fundingWithinAssessedCost", "must be true or false");
      }
    }
  }
  if (const json* advisory = top.Get("advisoryRules", true)) {
    Reader a(*advisory, "/advisoryRules", problems);
    a.OnlyMembers({"redWhenRiskAreasAtLeast"});
    pack.red_when_risk_areas_at_least =
        static_cast<int>(a.Integer("redWhenRiskAreasAtLeast", 1, 100, 3));
  }
  if (const json* red = top.Get("redVerdict", false)) {
    if (*red == "blocks" || *red == "advisory") {
      pack.rules.red_blocks_funding = *red == "blocks";
    } else {
      top.Fail("redVerdict", "must be \"blocks\" or \"advisory\"");
    }
  }
  ParseProcessRules(top, pack, problems);
  ParseParameterBasis(top, pack, problems);
  ParseAreas(top, pack, problems);
  ParseFields(top, pack, problems);
  ParseCriteria(top, pack, problems);
  for (const char* doc : {"businessCase", "planning", "architectureSketch"}) {
    const auto it = pack.dossier_fields.find(doc);
    if (it == pack.dossier_fields.end() || it->second.type != "string") {
      problems.push_back({std::string("/dossierFields/") + doc,
                          "the minimum documents must be declared as string fields"});
    }
  }
  if (!problems.empty()) return problems;
  return pack;
}

std::vector<Problem> ValidateDossier(const json& dossier, const PolicyPack& pack) {
  std::vector<Problem> problems;
  if (!dossier.is_object()) {
    problems.push_back({"dossier", "must be a JSON object"});
    return problems;
  }
  for (const auto& [name, value] : dossier.items()) {
    const std::string field = "dossier/" + name;
    if (name == "explanations") {
      const bool ok = value.is_object() && std::all_of(value.begin(), value.end(),
                                                       [](auto& v) { return v.is_string(); });
      if (!ok) problems.push_back({field, "must map criterion ids to explanation texts"});
      continue;
    }
    if (name == "dashboard") {  // null: an update removes it (merge patch)
      if (value.is_null()) continue;
      const auto found = ValidateDashboardPart(value, DashboardPartUse::kDossier, field + "/");
      problems.insert(problems.end(), found.begin(), found.end());
      continue;
    }
    const auto it = pack.dossier_fields.find(name);
    if (it == pack.dossier_fields.end()) {
      problems.push_back({field, "is not a field of pack " + pack.ref.id + " " + pack.ref.version});
      continue;
    }
    const DossierField& f = it->second;
    if (value.is_null()) continue;
    bool ok = true;
    if (f.type == "string") ok = value.is_string();
    if (f.type == "boolean") ok = value.is_boolean();
    if (f.type == "integer") ok = value.is_number_integer();
    if (f.type == "number") ok = value.is_number();
    if (f.type == "date") ok = value.is_string() && ParseDate(value.get<std::string>());
    if (!ok) {
      problems.push_back({field, "must be of type " + f.type});
    } else if (!f.allowed.empty() && std::find(f.allowed.begin(), f.allowed.end(),
                                               value.get<std::string>()) == f.allowed.end()) {
      problems.push_back({field, "is not one of the allowed values"});
    }
  }
  return problems;
}

}  // namespace ictgate::engine
