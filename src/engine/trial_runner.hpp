#pragma once
// One trial end to end: model → integration with delays → sampled trajectory → EMG and
// sensor signals → labels from model state → an in-memory TrialRecord.
#include <cstdint>
#include <string>

#include "core/integrator.hpp"
#include "core/trial_counts.hpp"
#include "core/trial_record.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "physiology/tremor.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

struct TrialStats {
  core::IntegrationStats integration;
  Counts counts;  // every count of the registry (engine/count_registry.hpp), in its order
  // A count's value (as its labeller set it); throws std::out_of_range for an unknown name.
  double count(const std::string& name) const;
};

// The protocol's stimuli at absolute times, in time order.
std::vector<physiology::Stimulus> protocol_stimuli(const std::vector<physiology::Phase>& phases,
                                                   const physiology::Protocol& protocol);
// The trial's myoclonic volleys, drawn from the scenario's generators.
// The trial's tremor drive, from the scenario's generators; a phase with any positive voluntary
// command or direct descending drive, or a rhythm, counts as action, any other as rest.
physiology::TremorSchedule tremor_schedule(const scenario::Scenario& s, const physiology::Protocol& protocol,
                                           std::uint64_t trial);
physiology::MyoclonusSchedule myoclonus_schedule(const scenario::Scenario& s, const physiology::Protocol& protocol,
                                                 std::uint64_t trial);

// Deterministic in (scenario, scenario.seed, trial_index): no global state, counter-based
// random streams. Throws NumericalError if the integration fails.
TrialRecord run_trial(const scenario::Scenario& scenario, std::uint64_t trial_index, TrialStats* stats = nullptr);

}  // namespace nmsim::engine
