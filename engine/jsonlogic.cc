// One file, over 500 lines, on purpose: the evaluator is a single recursive
// dispatch over the operators, and each operator's few lines read best next
// to the limits (depth, steps) they all share.
#include "engine/jsonlogic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>

#include "engine/json_depth.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- JavaScript coercions --------------------------------------------------

// Number#toString: integers without a fraction, otherwise the shortest
// representation that reads back to the same double.
std::string NumberToString(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  char buf[40];
  if (std::fabs(d) < 1e21 && d == std::floor(d)) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // C writes exponents as e-07 / e+21; JavaScript as e-7 / e+21.
  std::string s = buf;
  const size_t e = s.find('e');
  if (e != std::string::npos) {
    std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
    const char sign = exponent[0];
    exponent = exponent.substr(1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    s = mantissa + "e" + sign + exponent;
  }
  return s;
}

std::string ToJsString(const json& v);

std::string JoinArray(const json& array) {
  std::string out;
  for (size_t i = 0; i < array.size(); ++i) {
    if (i) out += ',';
    if (!array[i].is_null()) out += ToJsString(array[i]);
  }
  return out;
}

// String(v).
std::string ToJsString(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case json::value_t::string:
      return v.get<std::string>();
    case json::value_t::array:
      return JoinArray(v);
    case json::value_t::object:
      return "[object Object]";
    default:
      return v.is_number() ? NumberToString(v.get<double>()) : "";
  }
}

// The longest prefix of `s` (from `pos`) that is a decimal number literal.
size_t DecimalPrefix(const std::string& s, size_t pos) {
  size_t i = pos;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return pos;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    const size_t start = j;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j > start) i = j;
  }
  return i;
}

bool IsSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Number(string): the whole string, trimmed, must be a decimal literal.
double StringToNumber(const std::string& raw) {
  size_t b = 0, e = raw.size();
  while (b < e && IsSpace(raw[b])) ++b;
  while (e > b && IsSpace(raw[e - 1])) --e;
  const std::string s = raw.substr(b, e - b);
  if (s.empty()) return 0;
  const size_t sign = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (s.compare(sign, std::string::npos, "Infinity") == 0) {
    return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (DecimalPrefix(s, 0) != s.size()) return kNaN;
  return std::strtod(s.c_str(), nullptr);
}

// Number(v).
double ToNumber(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return 0;
    case json::value_t::boolean:
      return v.get<bool>() ? 1 : 0;
    case json::value_t::string:
      return StringToNumber(v.get<std::string>());
    case json::value_t::array:
      return StringToNumber(JoinArray(v));
    case json::value_t::object:
      return kNaN;
    default:
      return v.get<double>();
  }
}

// parseFloat(v): the longest leading decimal literal of String(v).
double ParseFloat(const json& v) {
  const std::string s = ToJsString(v);
  size_t b = 0;
  while (b < s.size() && IsSpace(s[b])) ++b;
  const size_t sign = b < s.size() && (s[b] == '+' || s[b] == '-') ? 1 : 0;
  if (s.compare(b + sign, 8, "Infinity") == 0) return s[b] == '-' ? -HUGE_VAL : HUGE_VAL;
  const size_t end = DecimalPrefix(s, b);
  if (end == b) return kNaN;
  return std::strtod(s.substr(b, end - b).c_str(), nullptr);
}

// ToPrimitive: arrays and objects become strings.
json Primitive(const json& v) {
  return v.is_structured() ? json(ToJsString(v)) : v;
}

bool LooseEquals(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() == b.type() && !a.is_structured()) return a == b;
  if (a.is_structured() && b.is_structured()) return false;  // distinct objects
  if (a.is_boolean()) return LooseEquals(json(a.get<bool>() ? 1 : 0), b);
  if (b.is_boolean()) return LooseEquals(a, json(b.get<bool>() ? 1 : 0));
  if (a.is_structured() || b.is_structured()) return LooseEquals(Primitive(a), Primitive(b));
  return ToNumber(a) == ToNumber(b);  // number and string
}

bool StrictEquals(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.is_structured() || b.is_structured()) return false;
  return a.type() == b.type() && a == b;
}

// The abstract relational comparison: strings compare as strings, anything
// else as numbers; any NaN makes both a < b and a <= b false.
bool Less(const json& a, const json& b, bool or_equal) {
  const json pa = Primitive(a), pb = Primitive(b);
  if (pa.is_string() && pb.is_string()) {
    const auto& x = pa.get_ref<const std::string&>();
    const auto& y = pb.get_ref<const std::string&>();
    return or_equal ? x <= y : x < y;
  }
  const double x = ToNumber(pa), y = ToNumber(pb);
  return or_equal ? x <= y : x < y;
}

// String#includes. Boyer-Moore, because std::string::find compares the
// needle at every position: a 32 KB needle in a 64 KB string of nearly the
// same letters took a second per "in", which the work limit does not weigh.
// Boyer-Moore finds a first match in time linear in both.
bool Contains(const std::string& hay, const std::string& needle) {
  const std::boyer_moore_searcher searcher(needle.begin(), needle.end());
  return std::search(hay.begin(), hay.end(), searcher) != hay.end() || needle.empty();
}

json Number(double d) {
  return json(d);
}

// ---- the evaluator ---------------------------------------------------------

using Args = std::vector<json>;

const json& Arg(const Args& args, size_t i) {
  static const json kUndefined;
  return i < args.size() ? args[i] : kUndefined;
}

// The operands of an operation, read in place: its array, or the one
// non-array operand of the shorthand {"op": x} for {"op": [x]}. Never copied:
// a copy of a subtree recurses as deep as the subtree, before the depth
// limit could stop it.
class Operands {
 public:
  explicit Operands(const json& raw) : raw_(raw), single_(!raw.is_array()) {}
  size_t size() const { return single_ ? 1 : raw_.size(); }
  bool empty() const { return size() == 0; }
  // A null for a missing operand, by reference like the others.
  const json& operator[](size_t i) const {
    static const json kNull;
    if (i >= size()) return kNull;
    return single_ ? raw_ : raw_[i];
  }

 private:
  const json& raw_;
  bool single_;
};

class Evaluator {
 public:
  explicit Evaluator(const JsonLogicLimits& limits) : limits_(limits) {}

  // Every result is weighed against max_work, so the time an evaluation
  // takes is bounded by the work limit, whatever the rule.
  json Apply(const json& rule, const json& data, int depth) {
    json result = ApplyUnweighed(rule, data, depth);
    Weigh(result);
    return result;
  }

 private:
  json ApplyUnweighed(const json& rule, const json& data, int depth) {
    if (depth > limits_.max_depth) throw JsonLogicError("rule nested deeper than the limit");
    if (rule.is_array()) {
      json out = json::array();
      for (const auto& item : rule) out.push_back(Apply(item, data, depth + 1));
      return out;
    }
    if (!rule.is_object() || rule.size() != 1) {
      // A literal object is returned as a copy, and a copy recurses as deep as
      // the object nests: it is bounded like the rule's own nesting.
      if (rule.is_object() && NestedDeeperThan(rule, limits_.max_depth - depth)) {
        throw JsonLogicError("rule nested deeper than the limit");
      }
      return rule;
    }
    if (++operations_ > limits_.max_operations) {
      throw JsonLogicError("rule takes more operations than the limit");
    }
    const std::string& op = rule.begin().key();
    const Operands values(rule.begin().value());
    if (auto lazy = Lazy(op, values, data, depth)) return *lazy;
    Args args;
    args.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i) args.push_back(Apply(values[i], data, depth + 1));
    return Checked(Eager(op, args, data));
  }

  // Adds the weight of `v` (see JsonLogicLimits::max_work) to the work done,
  // stopping as soon as it passes the limit: weighing costs no more than the
  // work it measures. Recurses as deep as `v` nests, which is bounded like
  // the copies that made it.
  void Weigh(const json& v) {
    work_ += v.is_string() ? 1 + v.get_ref<const std::string&>().size() / 64 : 1;
    if (work_ > limits_.max_work) throw JsonLogicError("rule takes more work than the limit");
    if (v.is_array()) {
      for (const auto& item : v) Weigh(item);
    } else if (v.is_object()) {
      for (const auto& [key, item] : v.items()) {
        work_ += key.size() / 64;
        Weigh(item);
      }
    }
  }

  json Checked(json v) {
    if (v.is_string() && v.get_ref<const std::string&>().size() > limits_.max_string_bytes) {
      throw JsonLogicError("rule builds a string longer than the limit");
    }
    if (v.is_array() && v.size() > limits_.max_array_items) {
      throw JsonLogicError("rule builds an array longer than the limit");
    }
    return v;
  }

  // Operators that decide which of their arguments to evaluate.
  std::optional<json> Lazy(const std::string& op, const Operands& values, const json& data,
                           int depth) {
    if (op == "if" || op == "?:") {
      size_t i = 0;
      for (; i + 1 < values.size(); i += 2) {
        if (JsonLogicTruthy(Apply(values[i], data, depth + 1))) {
          return Apply(values[i + 1], data, depth + 1);
        }
      }
      return i + 1 == values.size() ? Apply(values[i], data, depth + 1) : json();
    }
    if (op == "and" || op == "or") {
      json current;
      for (size_t i = 0; i < values.size(); ++i) {
        current = Apply(values[i], data, depth + 1);
        if (JsonLogicTruthy(current) == (op == "or")) return current;
      }
      return current;
    }
    if (op == "filter" || op == "map" || op == "all" || op == "none" || op == "some") {
      const json scoped = Apply(values[0], data, depth + 1);
      const json& logic = values[1];
      if (op == "map") {
        json out = json::array();
        if (scoped.is_array()) {
          for (const auto& item : scoped) out.push_back(Apply(logic, item, depth + 1));
        }
        return Checked(out);
      }
      if (op == "all") {
        if (!scoped.is_array() || scoped.empty()) return json(false);
        for (const auto& item : scoped) {
          if (!JsonLogicTruthy(Apply(logic, item, depth + 1))) return json(false);
        }
        return json(true);
      }
      json kept = json::array();
      if (scoped.is_array()) {
        for (const auto& item : scoped) {
          if (JsonLogicTruthy(Apply(logic, item, depth + 1))) kept.push_back(item);
        }
      }
      if (op == "none") return json(kept.empty());
      if (op == "some") return json(!kept.empty());
      return kept;
    }
    if (op == "reduce") {
      const json scoped = Apply(values[0], data, depth + 1);
      const json& logic = values[1];
      json accumulator = values.size() > 2 ? Apply(values[2], data, depth + 1) : json();
      if (!scoped.is_array()) return accumulator;
      for (const auto& item : scoped) {
        accumulator =
            Checked(Apply(logic, json{{"current", item}, {"accumulator", accumulator}}, depth + 1));
      }
      return accumulator;
    }
    return std::nullopt;
  }

  static json Var(const json& key, const json& fallback, const json& data) {
    if (key.is_null() || (key.is_string() && key.get_ref<const std::string&>().empty())) {
      return data;
    }
    const std::string path = ToJsString(key);
    const json* at = &data;
    size_t begin = 0;
    while (true) {
      const size_t dot = path.find('.', begin);
      const std::string part = path.substr(begin, dot == std::string::npos ? dot : dot - begin);
      if (at->is_null()) return fallback;
      if (at->is_object()) {
        const auto it = at->find(part);
        if (it == at->end()) return fallback;
        at = &*it;
      } else if (at->is_array()) {
        const bool index = !part.empty() && part.size() < 10 &&
                           std::all_of(part.begin(), part.end(), ::isdigit) &&
                           (part.size() == 1 || part[0] != '0');
        if (!index || std::stoul(part) >= at->size()) return fallback;
        at = &(*at)[std::stoul(part)];
      } else {
        return fallback;
      }
      if (dot == std::string::npos) return *at;
      begin = dot + 1;
    }
  }

  static json Missing(const json& keys, const json& data) {
    json missing = json::array();
    for (const auto& key : keys) {
      const json value = Var(key, json(), data);
      if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) {
        missing.push_back(key);
      }
    }
    return missing;
  }

  static json Substr(const Args& a) {
    const std::string s = ToJsString(Arg(a, 0));
    const auto length = static_cast<double>(s.size());
    double start = Arg(a, 1).is_null() ? 0 : ToNumber(Arg(a, 1));
    if (std::isnan(start)) start = 0;
    start = start < 0 ? std::max(length + start, 0.0) : std::min(start, length);
    double end = length;
    if (!Arg(a, 2).is_null()) {
      const double n = ToNumber(Arg(a, 2));
      end = n < 0 ? length + n : start + (std::isnan(n) ? 0 : n);
    }
    end = std::min(end, length);
    if (end <= start) return "";
    return s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
  }

  json Eager(const std::string& op, const Args& a, const json& data) {
    using Fn = std::function<json(const Args&, const json&)>;
    static const std::map<std::string, Fn> kOps = [] {
      std::map<std::string, Fn> m;
      const auto alias = [&m](std::initializer_list<const char*> names, const Fn& fn) {
        for (const char* n : names) m[n] = fn;
      };
      alias({"==", "equal"},
            [](auto& a, auto&) { return json(LooseEquals(Arg(a, 0), Arg(a, 1))); });
      alias({"===", "strictEqual"},
            [](auto& a, auto&) { return json(StrictEquals(Arg(a, 0), Arg(a, 1))); });
      alias({"!=", "notEqual"},
            [](auto& a, auto&) { return json(!LooseEquals(Arg(a, 0), Arg(a, 1))); });
      alias({"!==", "strictNotEqual"},
            [](auto& a, auto&) { return json(!StrictEquals(Arg(a, 0), Arg(a, 1))); });
      alias({">", "greater"},
            [](auto& a, auto&) { return json(Less(Arg(a, 1), Arg(a, 0), false)); });
      alias({">=", "greaterOrEqual"},
            [](auto& a, auto&) { return json(Less(Arg(a, 1), Arg(a, 0), true)); });
      const auto between = [](bool or_equal) {
        return [or_equal](const Args& a, const json&) {
          const bool first = Less(Arg(a, 0), Arg(a, 1), or_equal);
          return json(a.size() < 3 ? first : first && Less(Arg(a, 1), Arg(a, 2), or_equal));
        };
      };
      alias({"<", "less"}, between(false));
      alias({"<=", "lessOrEqual"}, between(true));
      alias({"!!", "booleanCasting"},
            [](auto& a, auto&) { return json(JsonLogicTruthy(Arg(a, 0))); });
      alias({"!", "not"}, [](auto& a, auto&) { return json(!JsonLogicTruthy(Arg(a, 0))); });
      alias({"%", "modulo"}, [](auto& a, auto&) {
        return Number(std::fmod(ToNumber(Arg(a, 0)), ToNumber(Arg(a, 1))));
      });
      alias({"+", "add"}, [](auto& a, auto&) {
        double sum = 0;
        for (const auto& v : a) sum += ParseFloat(v);
        return Number(sum);
      });
      alias({"*", "multiply"}, [](auto& a, auto&) -> json {
        if (a.empty()) throw JsonLogicError("'*' needs at least one argument");
        if (a.size() == 1) return a[0];  // Array#reduce without a seed
        double product = ParseFloat(a[0]);
        for (size_t i = 1; i < a.size(); ++i) product *= ParseFloat(a[i]);
        return Number(product);
      });
      alias({"-", "substract"}, [](auto& a, auto&) {
        return a.size() < 2 ? Number(-ToNumber(Arg(a, 0)))
                            : Number(ToNumber(a[0]) - ToNumber(a[1]));
      });
      alias({"/", "divide"},
            [](auto& a, auto&) { return Number(ToNumber(Arg(a, 0)) / ToNumber(Arg(a, 1))); });
      const auto extreme = [](bool max) {
        return [max](const Args& a, const json&) {
          double r = max ? -HUGE_VAL : HUGE_VAL;
          for (const auto& v : a) {
            const double d = ToNumber(v);
            if (std::isnan(d)) return Number(kNaN);
            r = max ? std::max(r, d) : std::min(r, d);
          }
          return Number(r);
        };
      };
      m["min"] = extreme(false);
      m["max"] = extreme(true);
      m["cat"] = [](auto& a, auto&) {
        std::string s;
        for (const auto& v : a) s += ToJsString(v);
        return json(s);
      };
      m["substr"] = [](auto& a, auto&) { return Substr(a); };
      m["in"] = [](auto& a, auto&) {
        const json& hay = Arg(a, 1);
        if (hay.is_string())
          return json(Contains(hay.get_ref<const std::string&>(), ToJsString(Arg(a, 0))));
        if (hay.is_array()) {
          return json(std::any_of(hay.begin(), hay.end(),
                                  [&](const json& v) { return StrictEquals(v, Arg(a, 0)); }));
        }
        return json(false);
      };
      m["merge"] = [](auto& a, auto&) {
        json out = json::array();
        for (const auto& v : a) {
          if (v.is_array()) {
            for (const auto& item : v) out.push_back(item);
          } else {
            out.push_back(v);
          }
        }
        return out;
      };
      m["var"] = [](auto& a, auto& d) { return Var(Arg(a, 0), Arg(a, 1), d); };
      m["missing"] = [](auto& a, auto& d) {
        return Missing(!a.empty() && a[0].is_array() ? a[0] : json(a), d);
      };
      m["missing_some"] = [](auto& a, auto& d) {
        const json& options = Arg(a, 1);
        if (!options.is_array()) throw JsonLogicError("missing_some needs an array of keys");
        json missing = Missing(options, d);
        const double present = static_cast<double>(options.size() - missing.size());
        return present >= ToNumber(Arg(a, 0)) ? json::array() : missing;
      };
      m["log"] = [](auto& a, auto&) { return Arg(a, 0); };
      return m;
    }();
    const auto it = kOps.find(op);
    if (it == kOps.end()) throw JsonLogicError("unknown operator '" + op + "'");
    return it->second(a, data);
  }

  const JsonLogicLimits& limits_;
  size_t operations_ = 0;
  size_t work_ = 0;
};

void CollectVars(const json& rule, std::vector<std::string>& out, int depth) {
  if (depth > 256) return;
  if (rule.is_object()) {
    for (const auto& [key, value] : rule.items()) {
      if (key == "var" && rule.size() == 1) {
        const json& name = value.is_array() && !value.empty() ? value[0] : value;
        if (name.is_string() && !name.get_ref<const std::string&>().empty()) {
          out.push_back(name.get<std::string>());
        }
      }
      CollectVars(value, out, depth + 1);
    }
  } else if (rule.is_array()) {
    for (const auto& item : rule) CollectVars(item, out, depth + 1);
  }
}

}  // namespace

json ApplyJsonLogic(const json& rule, const json& data, const JsonLogicLimits& limits) {
  Evaluator evaluator(limits);
  return evaluator.Apply(rule, data, 0);
}

bool JsonLogicTruthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return false;
    case json::value_t::boolean:
      return v.get<bool>();
    case json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    case json::value_t::array:
      return !v.empty();
    case json::value_t::object:
      return true;
    default: {
      const double d = v.get<double>();
      return d != 0 && !std::isnan(d);
    }
  }
}

const std::vector<std::string>& JsonLogicOperators() {
  static const std::vector<std::string> kNames = {
      "==",  "===",  "!=",     "!==", ">",     ">=",     "<",       "<=",
      "!!",  "!",    "%",      "+",   "*",     "-",      "/",       "min",
      "max", "cat",  "substr", "in",  "merge", "var",    "missing", "missing_some",
      "log", "if",   "?:",     "and", "or",    "filter", "map",     "reduce",
      "all", "none", "some"};
  return kNames;
}

std::vector<std::string> JsonLogicVars(const json& rule) {
  std::vector<std::string> out;
  CollectVars(rule, out, 0);
  return out;
}

}  // namespace ictgate::engine
