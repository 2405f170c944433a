// Policy packs (docs/spec.md section 5, docs/policy-packs.md): the versioned data
// an assessment rests on. Parsing validates everything and reports every
// problem with its JSON path, so `ictgate policy check` can list them all.
#ifndef ICTGATE_ENGINE_POLICY_PACK_H_
#define ICTGATE_ENGINE_POLICY_PACK_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/language.h"
#include "engine/problem.h"
#include "engine/result.h"
#include "engine/rules.h"
#include "engine/time.h"

namespace ictgate::engine {

enum class CriterionKind { kMandatory, kComplyOrExplain, kAssessed };
std::string_view CriterionKindName(CriterionKind k);  // "mandatory", ...

// Where a rule of a pack comes from (docs/policy-packs.md "Basis"): a norm
// that a public source sets (a law, a decree, adopted government policy), or
// a choice of whoever wrote the pack. A reader of a verdict can then tell
// which requirements any department must meet and which are this pack's
// own. Optional, so that packs written before it (2026.1) stay valid.
struct Basis {
  enum class Kind { kNorm, kPolicyChoice };
  Kind kind = Kind::kNorm;
  std::string source;     // a norm's source; on a criterion "" means its own `source`
  std::string chosen_by;  // who made a policy choice; "" for a norm
};
std::string_view BasisKindName(Basis::Kind k);  // "norm", "policy_choice"

struct Criterion {
  std::string id;
  std::string title;
  std::string area;
  std::string source;
  CriterionKind kind = CriterionKind::kMandatory;
  nlohmann::json applies_when = true;   // JSON Logic
  std::optional<nlohmann::json> check;  // JSON Logic; absent: the CIO decides
  std::string recommendation;
  std::optional<Basis> basis;
};

struct Area {
  std::string id;
  std::string title;
  std::optional<Basis> basis;
};

struct DossierField {
  std::string type;   // string, boolean, integer, number, date
  std::string label;  // a short name for a form; optional ("": the name)
  std::string description;
  std::vector<std::string> allowed;  // enum values, strings only
};

// A pack's human texts in one language (engine/pack_texts.h).
struct CriterionTexts {
  std::string title;
  std::string recommendation;
};
struct FieldTexts {
  std::string label;  // a short name for a form ("Business case")
  std::string description;
};
struct PackTexts {
  std::string title;
  std::map<std::string, std::string> areas;          // area id -> title
  std::map<std::string, FieldTexts> dossier_fields;  // field name -> texts
  std::map<std::string, CriterionTexts> criteria;    // criterion id -> texts
};

// Identifies one immutable pack version.
struct PackRef {
  std::string id;
  std::string version;
  std::string content_hash;
  friend bool operator==(const PackRef& a, const PackRef& b) {
    return a.id == b.id && a.version == b.version && a.content_hash == b.content_hash;
  }
};
nlohmann::json ToJson(const PackRef& ref);
std::optional<PackRef> PackRefFromJson(const nlohmann::json& j);

struct PolicyPack {
  PackRef ref;  // content_hash is set by whoever computed it (the shell)
  std::string title;
  Date effective_from;
  Rules rules;
  int red_when_risk_areas_at_least = 3;
  std::vector<Area> areas;
  std::map<std::string, DossierField> dossier_fields;
  std::vector<Criterion> criteria;
  // The basis of each numeric parameter that has one, by its member name
  // ("thresholdEur", "verdictValidityMonths", "reassessmentTriggers",
  // "advisoryRules").
  std::map<std::string, Basis> parameter_basis;
  nlohmann::json document;  // the pack as parsed
  // Its texts by language, when given beside it: not part of the content
  // hash (engine/pack_texts.h says why).
  std::map<Language, PackTexts> texts;

  const Criterion* FindCriterion(const std::string& id) const;
  bool HasArea(const std::string& id) const;
};

// Whether pack version `a` ("YYYY.N") comes after `b`, numerically (2026.10
// follows 2026.9). Versions a pack's parser accepted.
bool IsNewerVersion(const std::string& a, const std::string& b);

// How deep a pack document may nest: far deeper than a pack needs (JSON
// Logic evaluation stops at JsonLogicLimits::max_depth, 64), and shallow
// enough for the recursive copy and dump of nlohmann::json.
inline constexpr int kMaxPackDepth = 256;

// The pack, or its problems, each naming its place as a JSON Pointer
// ("/criteria/3/check"). Any document, however deep: one nested deeper than kMaxPackDepth is
// refused with that one problem, before anything copies it.
Result<PolicyPack> ParsePolicyPack(const nlohmann::json& document);

// The canonical text of a pack (sorted keys, no whitespace): what its content
// hash is taken over, so formatting changes do not change the hash. For a
// document ParsePolicyPack accepts (a deeper one would overflow the stack).
std::string CanonicalPackText(const nlohmann::json& document);

// Checks a dossier against the pack's declared fields: unknown members,
// wrong types, values outside an enum. "explanations" (criterion id to text)
// is always allowed. Problems name the member as "dossier/<name>".
std::vector<Problem> ValidateDossier(const nlohmann::json& dossier, const PolicyPack& pack);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_POLICY_PACK_H_
