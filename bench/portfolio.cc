#include "bench/portfolio.h"

#include <stdexcept>

#include "app/demo_seed.h"
#include "common/embedded_text.h"
#include "engine/answers.h"
#include "engine/lifecycle.h"

namespace ictgate::bench {
namespace {

using engine::EventType;
using nlohmann::json;

json GreenDossier() {
  for (const auto& file : EmbeddedExampleDossiers()) {
    if (file.name == "green.json") return json::parse(file.text);
  }
  throw std::logic_error("no example dossier green.json");
}

engine::Event Decided(const engine::Decision& d) {
  if (!d.ok()) throw std::logic_error("bench loader: refused: " + d.error().summary);
  return d.value();
}

}  // namespace

std::vector<std::string> LoadPortfolio(store::Store& store, const app::PolicyRegistry& packs,
                                       const PortfolioShape& shape) {
  const engine::PolicyPack& pack = packs.Active(shape.start);
  const engine::Command create{EventType::kCreate,
                               CreateInput(shape.department),
                               {"bench-owner", engine::Role::kOwner, shape.department},
                               "bench"};
  std::vector<engine::Command> following;
  for (auto& step : LifecycleSteps(pack, shape.events_per_activity - 4)) {
    step.body.erase("decision");
    following.push_back(
        {step.type,
         step.body,
         {"bench-" + std::string(engine::RoleName(step.role)), step.role, shape.department},
         "bench"});
  }
  std::vector<std::string> ids;
  std::vector<store::Store::Write> writes;
  for (int64_t i = 0; i < shape.activities; ++i) {
    engine::Instant now = shape.start + std::chrono::minutes(i);
    const engine::Event created = Decided(engine::DecideCreate(create, pack, now));
    engine::Activity activity = store.Create(created, engine::Apply({}, created)).first;
    ids.push_back(activity.id);
    for (const auto& command : following) {
      now += std::chrono::seconds(1);
      const engine::Event event = Decided(engine::Decide(activity, command, pack, now));
      activity = engine::Apply(activity, event);
      writes.push_back({event, activity});
    }
    // The answers reads are sent, kept with the last event as the service
    // keeps them with every event (the earlier ones' would be overwritten
    // in the same transaction).
    if (!following.empty()) {
      writes.back().answers =
          engine::RenderAnswers(activity, engine::JudgeForGate(activity, pack), pack, now);
    }
    if ((i + 1) % shape.batch == 0 || i + 1 == shape.activities) {
      store.AppendAll(writes);
      writes.clear();
    }
  }
  return ids;
}

json CreateInput(const std::string& department) {
  return {
      {"title", "Benchmark activity"}, {"department", department},     {"kind", "project"},
      {"ictCostEur", 12'000'000},      {"plannedStart", "2027-01-01"}, {"plannedEnd", "2029-12-31"},
      {"dossier", GreenDossier()}};
}

std::vector<LifecycleStep> LifecycleSteps(const engine::PolicyPack& pack, int tranches) {
  std::vector<LifecycleStep> steps = {
      {EventType::kSubmit, "submissions", engine::Role::kOwner, json::object()},
      {EventType::kAcceptIntake, "intake-decisions", engine::Role::kCio, {{"decision", "accept"}}},
      {EventType::kRecordVerdict, "assessments", engine::Role::kCio,
       app::CompleteAssessment(pack, GreenDossier())}};
  for (int i = 0; i < tranches; ++i) {
    steps.push_back({EventType::kGrantFunding,
                     "funding-decisions",
                     engine::Role::kFinance,
                     {{"amountEur", 1'000'000}}});
  }
  return steps;
}

}  // namespace ictgate::bench
