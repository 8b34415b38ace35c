#pragma once
// The stretch-reflex loop's linear stability for one protocol phase of a scenario, as
// `nmsim stability` and the Python module's nmsim.stability report it (analysis/stability.hpp).
#include <string>

#include "analysis/stability.hpp"
#include "scenario/scenario.hpp"

namespace nmsim::engine {

// `phase`: a protocol phase's name, or "" for the longest phase without a hand servo
// (analysis::default_stability_phase). InputError, keyed `phase_key` (how the caller's user
// names the choice: "--phase", "phase"), for a name that is no phase of the protocol, or a phase
// without a resting posture to linearise about (the message lists the phases).
analysis::StabilityReport scenario_stability(const scenario::Scenario& s, const std::string& phase,
                                             const std::string& phase_key);

// What of the scenario the analysis leaves out: it linearises the whole model (the supraspinal
// loop too) about its mean, without the trial's inputs. A comma-separated list of "thalamic
// fluctuations", "tremor generators" and "myoclonus", or "" if nothing is left out.
std::string left_out_of_stability(const scenario::Scenario& s);

}  // namespace nmsim::engine
