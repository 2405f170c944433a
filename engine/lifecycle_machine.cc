// The Boost.MSM transition table of docs/spec.md section 3, and its guards.
// Over 500 lines on purpose: the table and the guards it names must be in one
// translation unit for MSM, and split they would no longer read as the spec.
//
// The machine has no actions: effects are applied by Apply (lifecycle.cc) from
// the recorded event, so that deciding and replaying are the same code path
// and a decision can never half-apply. Guards are of two sorts:
//  - checks, which explain a rejection (Problem list) and so tell the user
//    what to fix;
//  - routes, which pick between rows of the same event (gated or exempt,
//    green/orange/red) and never explain, since some row always matches.

// MSM/MPL limits must be raised before any Boost header is included: the table
// has 50 rows and 12 states (docs/platform-notes.md). 50 is the largest vector Boost 1.74
// ships headers for, so the table is full: a further row would need the
// table split into sub-machines.
#define BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS
#define BOOST_MPL_LIMIT_VECTOR_SIZE 50
#define BOOST_MPL_LIMIT_MAP_SIZE 50
#define FUSION_MAX_VECTOR_SIZE 20
#define BOOST_BIND_GLOBAL_PLACEHOLDERS

#include "engine/lifecycle_machine.h"

#include <algorithm>
#include <set>
#include <utility>

#include <boost/mpl/for_each.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/back/tools.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <boost/serialization/base_object.hpp>
#include <boost/type_traits/add_pointer.hpp>

#include "engine/assessment.h"
#include "engine/dashboard_part.h"
#include "engine/eligibility.h"
#include "engine/links.h"
#include "engine/payload.h"

namespace ictgate::engine::internal {

bool IsGated(const Activity& a, const Rules& r) {
  return a.ict_cost_eur + a.linked_cost_eur >= r.threshold_eur;
}

bool IsMaterialChange(const Activity& a, const nlohmann::json& payload, const Rules& r) {
  std::vector<Problem> ignored;
  PayloadReader in(payload, ignored);
  const int64_t cost = in.Amount("newCostEur", false).value_or(a.ict_cost_eur);
  const Date end = in.DateMember("newPlannedEnd", false).value_or(a.planned_end);
  if (in.Flag("scopeChange").value_or(false)) return true;
  if (a.state == State::kExempt) {
    return cost + a.linked_cost_eur >= r.threshold_eur;
  }
  // Integer arithmetic: cost * 100 >= baseline * (100 + pct); amounts are
  // bounded by kMaxAmountEur so this cannot overflow.
  const bool cost_trigger =
      cost * 100 >= a.baseline_cost_eur * (100 + r.cost_increase_pct) && cost > a.baseline_cost_eur;
  const bool slip_trigger = MonthsBetween(a.baseline_planned_end, end) >= r.end_slip_months;
  return cost_trigger || slip_trigger;
}

namespace {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;
using Problems = std::vector<Problem>;

// The outcomes of a condition review: a status, or an extension.
constexpr std::string_view kNotMetOutcome = "not_met";
constexpr std::string_view kExtendedOutcome = "extended";
const std::vector<std::string_view> kReviewOutcomes = {"met", "waived", kNotMetOutcome,
                                                       kExtendedOutcome};

// ---- events and states ----------------------------------------------------

template <EventType T>
struct Ev {
  static constexpr EventType kType = T;
  const GuardContext* context;
};

template <State S>
struct St : msmf::state<> {
  static constexpr State kState = S;
};

// ---- guards -----------------------------------------------------------------

// Adapts a guard's static Pass() to the functor signature MSM calls.
template <class Derived>
struct Guard {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event& e, Fsm&, Source&, Target&) const {
    return Derived::Pass(*e.context);
  }
};

// A check: passes when it finds no problem.
template <class Derived>
struct Check : Guard<Derived> {
  static bool Pass(const GuardContext& c) {
    Problems p;
    Derived::Explain(c, p);
    return p.empty();
  }
};

// A route: never explains.
template <class Derived>
struct Route : Guard<Derived> {
  static void Explain(const GuardContext&, Problems&) {}
};

template <class A, class B>
struct All : Guard<All<A, B>> {
  static bool Pass(const GuardContext& c) { return A::Pass(c) && B::Pass(c); }
  static void Explain(const GuardContext& c, Problems& p) {
    A::Explain(c, p);
    B::Explain(c, p);
  }
};

template <class A>
struct Not : Route<Not<A>> {
  static bool Pass(const GuardContext& c) { return !A::Pass(c); }
};

struct Gated : Route<Gated> {
  static bool Pass(const GuardContext& c) { return IsGated(c.activity, c.pack.rules); }
};

struct HasReason : Check<HasReason> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader(c.payload, p).Text("reason", true);
  }
};

// docs/spec.md section 2: business case, planning, architecture sketch.
struct HasMinimumDocuments : Check<HasMinimumDocuments> {
  static void Explain(const GuardContext& c, Problems& p) {
    for (const std::string& doc : MissingDocuments(c.activity)) {
      p.push_back({"", "the dossier lacks '" + doc + "'"});
    }
  }
};

struct VerdictWellFormed : Check<VerdictWellFormed> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader in(c.payload, p);
    static const std::vector<std::string_view> kColours = {"green", "orange", "red"};
    const auto verdict = in.OneOf("verdict", kColours, true);
    const auto justification = in.Text("justification", false);
    ExplainAssessment(c, verdict, justification.has_value(), p);
    ExplainConditions(c, verdict.value_or(""), p);
    const auto rec = c.payload.find("recommendations");
    if (rec != c.payload.end() && !rec->is_null()) {
      const bool strings = rec->is_array() && std::all_of(rec->begin(), rec->end(),
                                                          [](auto& r) { return r.is_string(); });
      if (!strings) in.Fail("recommendations", "must be an array of strings");
    }
  }

  // Every area scored, every criterion with a result; a verdict other than
  // the advisory one needs a justification.
  static void ExplainAssessment(const GuardContext& c, const std::optional<std::string>& verdict,
                                bool justified, Problems& p) {
    const nlohmann::json findings = c.payload.value("findings", nlohmann::json());
    const nlohmann::json scores = c.payload.value("areaScores", nlohmann::json());
    const auto input = ValidateAssessmentInput(c.pack, findings, scores);
    for (const auto& [field, message] : input) p.push_back({field, message});
    if (!input.empty()) return;
    const Evaluation e = Assess(c.pack, c.activity.dossier, findings, scores);
    for (const std::string& id : e.Pending()) {
      p.push_back(
          {"findings", "criterion '" + id + "' has no automatic check and needs a finding"});
    }
    if (verdict && e.advisory && *verdict != ColourName(*e.advisory) && !justified) {
      p.push_back({"justification", "is required: the verdict differs from the advisory verdict (" +
                                        std::string(ColourName(*e.advisory)) + ")"});
    }
  }

  // Conditions are present if and only if the verdict is orange.
  static void ExplainConditions(const GuardContext& c, const std::string& verdict, Problems& p) {
    PayloadReader in(c.payload, p);
    const auto it = c.payload.find("conditions");
    const bool given = it != c.payload.end() && !it->is_null() && !(it->is_array() && it->empty());
    if (verdict == "orange" && !given) {
      in.Fail("conditions", "an orange verdict needs at least one condition");
    } else if (verdict != "orange" && !verdict.empty() && given) {
      in.Fail("conditions", "only an orange verdict carries conditions");
    }
    if (!given) return;
    if (!it->is_array()) {
      in.Fail("conditions", "must be an array");
      return;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      PayloadReader item((*it)[i], p, "conditions/" + std::to_string(i) + "/");
      item.Text("text", true);
      item.Text("criterion", false);
      const auto due = item.DateMember("dueDate", true);
      if (due && *due < DateOf(c.now, c.activity.calendar))
        item.Fail("dueDate", "must not be in the past");
    }
  }
};

template <Colour V>
struct VerdictIs : Route<VerdictIs<V>> {
  static bool Pass(const GuardContext& c) {
    const auto it = c.payload.find("verdict");
    return it != c.payload.end() && it->is_string() && it->get<std::string>() == ColourName(V);
  }
};

// A review decides an open condition: met, waived, not met, or extended to a
// later due date. It cannot reopen one. Not met and extended say why (note).
struct ReviewWellFormed : Check<ReviewWellFormed> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader in(c.payload, p);
    const auto outcome = in.OneOf("outcome", kReviewOutcomes, true);
    const bool explained = outcome == kNotMetOutcome || outcome == kExtendedOutcome;
    in.Text("note", explained);
    const auto id = in.Text("conditionId", true);
    const auto& conds = c.activity.conditions;
    const auto it =
        std::find_if(conds.begin(), conds.end(), [&](auto& k) { return id && k.id == *id; });
    if (outcome == kExtendedOutcome) {
      const auto due = in.DateMember("dueDate", true);
      if (due && *due < DateOf(c.now, c.activity.calendar))
        in.Fail("dueDate", "must not be in the past");
      if (due && it != conds.end() && !(it->due < *due)) {
        in.Fail("dueDate", "must be after the condition's due date " + FormatDate(it->due));
      }
    } else if (c.payload.contains("dueDate")) {
      in.Fail("dueDate", "is only given with the outcome extended");
    }
    if (!id) return;
    if (it == conds.end()) {
      in.Fail("conditionId", "no condition '" + *id + "' on this activity");
    } else if (it->status != ConditionStatus::kOpen) {
      in.Fail("conditionId",
              "condition '" + *id + "' is already " + std::string(ConditionStatusName(it->status)));
    }
  }
};

// True when the review settles the last open condition, and none was found
// not met: only then does an orange verdict become as good as green.
struct ClosesLastCondition : Route<ClosesLastCondition> {
  static bool Pass(const GuardContext& c) {
    const auto id = c.payload.value("conditionId", std::string());
    const auto outcome = c.payload.value("outcome", std::string());
    if (outcome != "met" && outcome != "waived") return false;
    return std::none_of(c.activity.conditions.begin(), c.activity.conditions.end(), [&](auto& k) {
      return (k.status == ConditionStatus::kOpen && k.id != id) || BlocksAsNotMet(k);
    });
  }
};

struct FundingWellFormed : Check<FundingWellFormed> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader in(c.payload, p);
    in.Amount("amountEur", true, /*positive=*/true);
    in.Text("reference", false);
  }
};

// Funding only while eligible (docs/spec.md section 4, engine/eligibility.h).
struct Eligible : Check<Eligible> {
  static void Explain(const GuardContext& c, Problems& p) {
    const Activity& a = c.activity;
    for (const std::string& reason : EligibilityAt(a, c.now).reasons) {
      std::string detail;
      if (reason == "VERDICT_EXPIRED" && a.verdict) {
        detail = ": the verdict was valid until " + FormatDate(a.verdict->valid_until);
      }
      if (reason == "ACICT_REQUEST_MISSING") {
        detail = ": the pack asks the AcICT's advice to be requested before the activity starts";
      }
      if (reason == "REASSESSMENT_DUE" && a.verdict && a.verdict->reassess_by) {
        detail =
            ": the activity was to be assessed again by " + FormatDate(*a.verdict->reassess_by);
      }
      for (const auto& k : a.conditions) {
        if (reason == "CONDITIONS_OVERDUE" && IsOverdue(k, c.now, a.calendar)) {
          detail += ": condition " + k.id + " was due " + FormatDate(k.due);
        }
        if (reason == "CONDITION_NOT_MET" && BlocksAsNotMet(k)) {
          detail += ": condition " + k.id + " was found not met";
        }
      }
      p.push_back({"", reason + detail});
    }
  }
};

// Under a pack that caps funding (Rules::funding_within_assessed_cost): the
// total granted stays below the cost the verdict assessed plus the cost
// trigger; a grant past it is a herijking, reported and assessed first.
struct WithinAssessedCost : Check<WithinAssessedCost> {
  static void Explain(const GuardContext& c, Problems& p) {
    const Rules& r = c.pack.rules;
    const Activity& a = c.activity;
    const auto amount = c.payload.find("amountEur");
    if (!r.funding_within_assessed_cost || amount == c.payload.end() ||
        !amount->is_number_integer()) {
      return;
    }
    const int64_t total = a.funded_eur + amount->get<int64_t>();
    // Integer arithmetic as in IsMaterialChange; amounts are bounded.
    if (total * 100 >= a.baseline_cost_eur * (100 + r.cost_increase_pct)) {
      p.push_back({"", "FUNDING_PAST_ASSESSED_COST: the total granted would be EUR " +
                           std::to_string(total) + ", " + std::to_string(r.cost_increase_pct) +
                           " % or more past the assessed cost of EUR " +
                           std::to_string(a.baseline_cost_eur) +
                           "; report the change (herijking) first"});
    }
  }
};

void ExplainReasons(const nlohmann::json& payload, PayloadReader& in) {
  if (HasMember(payload, "reasonCodes")) {
    in.SomeOf("reasonCodes", ChangeReasonCodes(), true);
    if (HasMember(payload, "reasonCode")) {
      in.Fail("reasonCode", "give reasonCode or reasonCodes, not both");
    }
  } else {
    in.OneOf("reasonCode", ChangeReasonCodes(), true);
  }
}

struct ChangeWellFormed : Check<ChangeWellFormed> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader in(c.payload, p);
    // One reason (reasonCode) or several (reasonCodes), as the dashboard
    // allows; not both. A progress report is no herijking and has none.
    if (!IsProgressReport(c.payload)) ExplainReasons(c.payload, in);
    in.Amount("newCostEur", false);
    const auto end = in.DateMember("newPlannedEnd", false);
    if (end && *end < c.activity.planned_start) {
      in.Fail("newPlannedEnd", "must not be before the planned start");
    }
    in.Flag("scopeChange");
    in.Text("description", false);
    in.Text("costExplanation", false);
    in.Text("plannedEndExplanation", false);
    if (HasMember(c.payload, "dashboard")) {
      const auto found =
          ValidateDashboardPart(c.payload["dashboard"], DashboardPartUse::kChange, "dashboard/");
      p.insert(p.end(), found.begin(), found.end());
    }
  }
};

// A link-change carries what the shell worked out for the whole group: this
// member's links and linked cost after the change (engine/links.h).
struct LinkWellFormed : Check<LinkWellFormed> {
  static void Explain(const GuardContext& c, Problems& p) {
    PayloadReader in(c.payload, p);
    in.OneOf("op", {"link", "unlink", "cost-change"}, true);
    ExplainIds(c, "activities", 1, 2, in);
    ExplainIds(c, "links", 0, kMaxGroupSize, in);
    in.Amount("linkedCostEur", true);
  }

  static void ExplainIds(const GuardContext& c, const char* key, size_t min, size_t max,
                         PayloadReader& in) {
    const auto it = c.payload.find(key);
    if (it == c.payload.end() || !it->is_array() || it->size() < min || it->size() > max) {
      in.Fail(key, "must be an array of " + std::to_string(min) + " to " + std::to_string(max) +
                       " activity ids");
      return;
    }
    std::set<std::string> seen;
    for (const auto& id : *it) {
      if (!id.is_string() || id.get<std::string>().empty() || !seen.insert(id).second) {
        in.Fail(key, "must hold distinct activity ids");
        return;
      }
    }
    if (std::string(key) == "links" && seen.count(c.activity.id)) {
      in.Fail(key, "an activity is not linked to itself");
    }
  }
};

// An exempt activity whose group now reaches the threshold.
struct BecomesGated : Route<BecomesGated> {
  static bool Pass(const GuardContext& c) {
    const auto it = c.payload.find("linkedCostEur");
    if (it == c.payload.end() || !it->is_number_integer()) return false;
    return c.activity.ict_cost_eur + it->get<int64_t>() >= c.pack.rules.threshold_eur;
  }
};

struct Material : Route<Material> {
  static bool Pass(const GuardContext& c) {
    return IsMaterialChange(c.activity, c.payload, c.pack.rules);
  }
};

// The pack's periodic re-assessment of a funded activity fell due
// (Verdict::reassess_by).
struct ReassessmentDuePassed : Check<ReassessmentDuePassed> {
  static void Explain(const GuardContext& c, Problems& p) {
    const auto& v = c.activity.verdict;
    if (!v || !v->reassess_by) {
      p.push_back({"", "the verdict sets no periodic re-assessment"});
    } else if (!ReassessmentDueAt(c.activity, c.now)) {
      p.push_back(
          {"", "the periodic re-assessment is not due before " + FormatDate(*v->reassess_by)});
    }
  }
};

struct ValidityPassed : Check<ValidityPassed> {
  static void Explain(const GuardContext& c, Problems& p) {
    if (VerdictValidAt(c.activity, c.now)) {
      p.push_back(
          {"", "the verdict is still valid until " + FormatDate(c.activity.verdict->valid_until)});
    }
  }
};

// ---- the machine -------------------------------------------------------------

using msmf::none;
using msmf::Row;
using E = EventType;
using S = State;

using Draft = St<S::kDraft>;
using Submitted = St<S::kSubmitted>;
using Exempt = St<S::kExempt>;
using InAssessment = St<S::kInAssessment>;
using Approved = St<S::kApproved>;
using Conditional = St<S::kConditionallyApproved>;
using Rejected = St<S::kRejected>;
using InExecution = St<S::kInExecution>;
using Reassess = St<S::kReassessmentRequired>;
using Expired = St<S::kExpired>;
using Closed = St<S::kClosed>;

template <class Source>
using ChangeMaterial =
    Row<Source, Ev<E::kReportChange>, Reassess, none, All<ChangeWellFormed, Material>>;
template <class Source>
using ChangeMinor =
    Row<Source, Ev<E::kReportChange>, Source, none, All<ChangeWellFormed, Not<Material>>>;
template <class Source>
using Fund = Row<Source, Ev<E::kGrantFunding>, InExecution, none,
                 All<FundingWellFormed, All<Eligible, WithinAssessedCost>>>;
template <class Source>
using LinkChange = Row<Source, Ev<E::kLinkChange>, Source, none, LinkWellFormed>;
template <class Target, Colour V>
using RecordVerdict =
    Row<InAssessment, Ev<E::kRecordVerdict>, Target, none, All<VerdictWellFormed, VerdictIs<V>>>;

struct LifecycleDef : msmf::state_machine_def<LifecycleDef> {
  using initial_state = Draft;

  // clang-format off
  struct transition_table : mpl::vector<
    //  source       event                      target        action guard
    Row<Draft,       Ev<E::kSubmit>,            Submitted,    none, Gated>,
    Row<Draft,       Ev<E::kSubmit>,            Exempt,       none, Not<Gated>>,
    Row<Submitted,   Ev<E::kWithdraw>,          Draft,        none, none>,
    Row<Submitted,   Ev<E::kAcceptIntake>,      InAssessment, none, HasMinimumDocuments>,
    Row<Submitted,   Ev<E::kReturnIntake>,      Draft,        none, HasReason>,
    RecordVerdict<Approved,    Colour::kGreen>,
    RecordVerdict<Conditional, Colour::kOrange>,
    RecordVerdict<Rejected,    Colour::kRed>,
    Row<Conditional, Ev<E::kReviewCondition>,   Conditional,  none, All<ReviewWellFormed, Not<ClosesLastCondition>>>,
    Row<Conditional, Ev<E::kReviewCondition>,   Approved,     none, All<ReviewWellFormed, ClosesLastCondition>>,
    Row<InExecution, Ev<E::kReviewCondition>,   InExecution,  none, ReviewWellFormed>,
    Row<Rejected,    Ev<E::kOverrule>,          Approved,     none, HasReason>,
    Row<Rejected,    Ev<E::kRevise>,            Draft,        none, none>,
    Fund<Approved>,
    Fund<Conditional>,
    Fund<InExecution>,
    Fund<Rejected>,  // only where red is advice only: Eligible refuses VERDICT_RED
    ChangeMaterial<Approved>,    ChangeMinor<Approved>,
    ChangeMaterial<Conditional>, ChangeMinor<Conditional>,
    ChangeMaterial<InExecution>, ChangeMinor<InExecution>,
    ChangeMaterial<Exempt>,      ChangeMinor<Exempt>,
    Row<Reassess,    Ev<E::kSubmit>,            Submitted,    none, none>,
    Row<Expired,     Ev<E::kSubmit>,            Submitted,    none, none>,
    Row<Approved,    Ev<E::kExpire>,            Expired,      none, ValidityPassed>,
    Row<Conditional, Ev<E::kExpire>,            Expired,      none, ValidityPassed>,
    Row<InExecution, Ev<E::kReassessmentDue>,   Reassess,     none, ReassessmentDuePassed>,
    Row<InExecution, Ev<E::kComplete>,          Closed,       none, none>,
    // Linked activities (docs/spec.md section 2): a link, an unlink or a cost
    // change in the group never moves an activity, except an exempt one
    // that the group's cost now gates.
    Row<Exempt, Ev<E::kLinkChange>, Reassess, none, All<LinkWellFormed, BecomesGated>>,
    Row<Exempt, Ev<E::kLinkChange>, Exempt,   none, All<LinkWellFormed, Not<BecomesGated>>>,
    LinkChange<Draft>,    LinkChange<Submitted>,   LinkChange<InAssessment>,
    LinkChange<Approved>, LinkChange<Conditional>, LinkChange<Rejected>,
    LinkChange<InExecution>, LinkChange<Reassess>, LinkChange<Expired>
  > {};
  // clang-format on

  // No row for the event in this state: RunMachine reports it from the
  // return value; the default would assert.
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}
  template <class Fsm, class Event>
  void exception_caught(const Event&, Fsm&, std::exception&) {
    throw;
  }
};

using Machine = boost::msm::back::state_machine<LifecycleDef>;
using Table = LifecycleDef::transition_table;  // front-end rows: Source, Evt, Guard

// MSM has no call to set the active state; its serialize() does write the
// active-state array through the archive. This minimal "archive" writes a
// chosen state id there and ignores every other member.
struct ActiveStateWriter {
  int state_id;
  template <class T>
  ActiveStateWriter& operator&(T&) {
    return *this;
  }
  ActiveStateWriter& operator&(int (&states)[1]) {
    states[0] = state_id;
    return *this;
  }
};

// MSM numbers states by their first appearance in the table.
template <State Wanted>
int MsmIdOf() {
  return boost::msm::back::get_state_id<Machine::stt, St<Wanted>>::value;
}

int MsmIdOf(State s) {
  switch (s) {
    case S::kDraft:
      return MsmIdOf<S::kDraft>();
    case S::kSubmitted:
      return MsmIdOf<S::kSubmitted>();
    case S::kExempt:
      return MsmIdOf<S::kExempt>();
    case S::kInAssessment:
      return MsmIdOf<S::kInAssessment>();
    case S::kApproved:
      return MsmIdOf<S::kApproved>();
    case S::kConditionallyApproved:
      return MsmIdOf<S::kConditionallyApproved>();
    case S::kRejected:
      return MsmIdOf<S::kRejected>();
    case S::kInExecution:
      return MsmIdOf<S::kInExecution>();
    case S::kReassessmentRequired:
      return MsmIdOf<S::kReassessmentRequired>();
    case S::kExpired:
      return MsmIdOf<S::kExpired>();
    case S::kClosed:
      return MsmIdOf<S::kClosed>();
    case S::kCancelled:  // no row reaches it: CancelStep does
      break;
  }
  return -1;
}

State StateOfMsmId(int id) {
  for (State s : AllStates()) {
    if (MsmIdOf(s) == id) return s;
  }
  throw std::logic_error("unknown MSM state id");
}

template <EventType T>
boost::msm::back::HandledEnum Process(Machine& m, const GuardContext& c) {
  return m.process_event(Ev<T>{&c});
}

boost::msm::back::HandledEnum Dispatch(Machine& m, EventType type, const GuardContext& c) {
  switch (type) {
    case E::kSubmit:
      return Process<E::kSubmit>(m, c);
    case E::kWithdraw:
      return Process<E::kWithdraw>(m, c);
    case E::kAcceptIntake:
      return Process<E::kAcceptIntake>(m, c);
    case E::kReturnIntake:
      return Process<E::kReturnIntake>(m, c);
    case E::kRecordVerdict:
      return Process<E::kRecordVerdict>(m, c);
    case E::kReviewCondition:
      return Process<E::kReviewCondition>(m, c);
    case E::kOverrule:
      return Process<E::kOverrule>(m, c);
    case E::kRevise:
      return Process<E::kRevise>(m, c);
    case E::kGrantFunding:
      return Process<E::kGrantFunding>(m, c);
    case E::kReportChange:
      return Process<E::kReportChange>(m, c);
    case E::kExpire:
      return Process<E::kExpire>(m, c);
    case E::kReassessmentDue:
      return Process<E::kReassessmentDue>(m, c);
    case E::kComplete:
      return Process<E::kComplete>(m, c);
    case E::kCancel:
      return Process<E::kCancel>(m, c);
    case E::kLinkChange:
      return Process<E::kLinkChange>(m, c);
    case E::kCreate:
    case E::kUpdate:
    case E::kConditionOverdue:
    case E::kRefuseFunding:
    case E::kAdoptPack:
    case E::kRespondRecommendation:
    case E::kRequestAcictAdvice:
    case E::kRecordAcictSelection:
    case E::kRecordAcictAdvice:
    case E::kRecordBestuurlijkeReactie:
    case E::kRecordAcictNaschrift:
    case E::kFollowUpAcictRecommendation:
    case E::kRecordCisoAdvice:
    case E::kUploadDocument:
      break;
  }
  return boost::msm::back::HANDLED_FALSE;
}

template <class G>
void ExplainGuard(const GuardContext& c, Problems& p) {
  G::Explain(c, p);
}
template <>
void ExplainGuard<none>(const GuardContext&, Problems&) {}

// Walks the rows leaving `from` on `type` and collects what their checks say.
struct RowExplainer {
  State from;
  EventType type;
  const GuardContext& context;
  Problems& problems;
  template <class R>
  void operator()(R*) const {
    if (R::Source::kState == from && R::Evt::kType == type) {
      ExplainGuard<typename R::Guard>(context, problems);
    }
  }
};

struct RowEvents {
  State from;
  std::vector<EventType>& events;
  template <class R>
  void operator()(R*) const {
    if (R::Source::kState == from) events.push_back(R::Evt::kType);
  }
};

// cancel: every state but the two final ones, to cancelled, with a reason.
// Decided here rather than by ten rows of the table, which MPL caps at 50
// rows (docs/design.md): it is a rule about being final, not a step of the
// process's shape.
MachineStep CancelStep(State from, const GuardContext& context) {
  MachineStep step;
  if (IsTerminal(from)) return step;  // kNoTransition
  HasReason::Explain(context, step.problems);
  step.outcome =
      step.problems.empty() ? MachineStep::Outcome::kMoved : MachineStep::Outcome::kGuardRejected;
  step.to = State::kCancelled;
  return step;
}

}  // namespace

MachineStep RunMachine(State from, EventType type, const GuardContext& context) {
  if (type == EventType::kCancel) return CancelStep(from, context);
  if (IsTerminal(from)) return {};  // no row leaves a final state
  Machine machine;
  machine.start();
  ActiveStateWriter restore{MsmIdOf(from)};
  machine.serialize(restore, 0);

  MachineStep step;
  const auto handled = Dispatch(machine, type, context);
  if (handled == boost::msm::back::HANDLED_TRUE) {
    step.outcome = MachineStep::Outcome::kMoved;
    step.to = StateOfMsmId(machine.current_state()[0]);
  } else if (handled == boost::msm::back::HANDLED_GUARD_REJECT) {
    step.outcome = MachineStep::Outcome::kGuardRejected;
    mpl::for_each<Table, boost::add_pointer<mpl::_1>>(
        RowExplainer{from, type, context, step.problems});
    // Two rows' checks may report the same thing (All<Check, Route> pairs).
    std::vector<Problem> unique;
    for (auto& p : step.problems) {
      const bool seen = std::any_of(unique.begin(), unique.end(), [&](auto& u) {
        return u.field == p.field && u.message == p.message;
      });
      if (!seen) unique.push_back(std::move(p));
    }
    step.problems = std::move(unique);
  }
  return step;
}

std::vector<EventType> TableEventsFrom(State from) {
  std::vector<EventType> found;
  mpl::for_each<Table, boost::add_pointer<mpl::_1>>(RowEvents{from, found});
  if (!IsTerminal(from)) found.push_back(EventType::kCancel);  // CancelStep
  std::vector<EventType> ordered;
  for (EventType t : MachineEventTypes()) {
    if (std::find(found.begin(), found.end(), t) != found.end()) ordered.push_back(t);
  }
  return ordered;
}

}  // namespace ictgate::engine::internal
