// The numeric parameters of the lifecycle that a policy pack sets.
#ifndef ICTGATE_ENGINE_RULES_H_
#define ICTGATE_ENGINE_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ictgate::engine {

// Defaults are those of docs/spec.md; packs override them.
struct Rules {
  int64_t threshold_eur = 5'000'000;
  int verdict_validity_months = 12;
  int cost_increase_pct = 20;  // reassessment trigger
  int end_slip_months = 6;     // reassessment trigger
  // Funding that would take the total granted to the cost assessed plus
  // cost_increase_pct or more is a herijking: refused until the change is
  // reported and assessed. Off in packs that do not set it (2026.1), whose
  // grants were decided without it and must replay so.
  bool funding_within_assessed_cost = false;
  // Whether a red verdict blocks funding ("redVerdict": "blocks", the
  // default) or is advice only ("advisory"): then finance may fund on red,
  // and the verdict and every such grant are recorded with the flag. The
  // rules on this are still being worked out (the CIO-oordeel is advice to
  // the minister), so a pack says which it follows.
  bool red_blocks_funding = true;
  // Months after a verdict by which a funded activity is assessed again
  // (reassessmentTriggers.periodicReassessmentMonths); 0: never.
  int periodic_reassessment_months = 0;
  // The activity kinds ("project", "programme", "change") whose funding
  // waits until the AcICT's advice is requested (acictAdvice.
  // requestRequiredFor; Wet AcICT art. 11(1)); empty: none.
  std::vector<std::string> acict_request_kinds;
  // Whether the CIO records a verdict only with the CISO's advice on the
  // residual risk on record (governance.cisoAdviceRequired).
  bool ciso_advice_required = false;
  // Whether only the opdrachtgever (owner) submits, and not the project lead
  // who prepared the activity (governance.opdrachtgeverSubmits).
  bool opdrachtgever_submits = false;
  // The parts of a record that are public (publication.public; engine/
  // publication.h): "verdictSummary", "acictAdvice", "acictReaction",
  // "acictNaschrift". Empty: nothing is published.
  std::vector<std::string> public_parts;
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_RULES_H_
