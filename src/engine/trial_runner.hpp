#pragma once
// One trial end to end: model → integration with delays → sampled trajectory → EMG and
// sensor signals → labels from model state → an in-memory TrialRecord.
#include <cstdint>

#include "core/integrator.hpp"
#include "core/trial_record.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

struct TrialStats {
  core::IntegrationStats integration;
  // Clonus in the lead muscle (the one with the most beats; docs/labels.md).
  std::size_t clonus_episodes = 0;
  std::size_t clonus_beats = 0;
  double clonus_frequency_hz = 0.0;  // of its longest episode (0 if none)
  int clonus_grade = 0;              // highest SCATS duration class of any muscle (0: no clonus)
  std::size_t dystonia_events = 0;   // posture, spasm, tremor and overflow events, all muscles
  std::size_t myoclonic_jerks = 0;   // jerks that moved at least one muscle
};

// The protocol's stimuli at absolute times, in time order.
std::vector<physiology::Stimulus> protocol_stimuli(const std::vector<physiology::Phase>& phases,
                                                   const physiology::Protocol& protocol);
// The trial's myoclonic volleys, drawn from the scenario's generators.
physiology::MyoclonusSchedule myoclonus_schedule(const scenario::Scenario& s, const physiology::Protocol& protocol,
                                                 std::uint64_t trial);

// Deterministic in (scenario, scenario.seed, trial_index): no global state, counter-based
// random streams. Throws NumericalError if the integration fails.
TrialRecord run_trial(const scenario::Scenario& scenario, std::uint64_t trial_index, TrialStats* stats = nullptr);

}  // namespace nmsim::engine
