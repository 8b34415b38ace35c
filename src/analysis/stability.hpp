#pragma once
// Linear stability of the stretch-reflex loop about a protocol phase's operating point, and
// the critical reflex gain where it loses stability (a Hopf boundary: a pair of roots of
//   det(λI − A0 − Σ_k A_k e^{−λτ_k}) = 0
// crosses the imaginary axis at λ = ±iω, and the loop oscillates at ω/2π).
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "analysis/dde_spectrum.hpp"
#include "physiology/model_params.hpp"
#include "physiology/protocol.hpp"

namespace nmsim::analysis {

struct GainPoint {
  double reflex_gain;
  double abscissa;        // real part of the rightmost root (1/s)
  double frequency_hz;    // its imaginary part / 2π
  double angle_rad;       // operating angle at this gain
};

struct StabilityReport {
  std::string phase;
  double time_s = 0.0;                 // instant whose inputs define the operating point
  Eigen::VectorXd operating_point;
  double reflex_gain = 0.0;            // the model's own gain
  std::vector<Root> roots;             // rightmost roots at that gain
  bool stable = false;
  bool critical_found = false;
  double critical_gain = 0.0;          // smallest gain in the search range with a root on the axis
  double critical_frequency_hz = 0.0;  // oscillation frequency at the boundary
  std::vector<GainPoint> scan;         // the bracketing scan, for plots and teaching

  // Unstable already at the scan's smallest gain, where the scan stops: the oscillation is not
  // the stretch reflex's (a supraspinal rhythm), and there is no critical gain.
  bool unstable_at_smallest_gain() const { return !critical_found && !scan.empty() && scan.front().abscissa >= 0.0; }
};

struct StabilityOptions {
  double gain_min = 0.05;
  double gain_max = 50.0;
  double rel_tol = 1e-6;
  double step_ratio = 1.15;         // geometric step of the bracketing scan
  double max_frequency_hz = 200.0;  // roots sought during the scan and the bisection
};

// Default phase for the analysis: the longest phase with no hand servo (a held load or rest).
std::size_t default_stability_phase(const std::vector<physiology::Phase>& phases);

StabilityReport analyse_stability(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases,
                                  std::size_t phase_index, const StabilityOptions& options = {});

// Only the critical gain and its Hopf frequency (critical_found, critical_gain,
// critical_frequency_hz, scan), fast enough to compute for every trial of a dataset: a coarser
// scan from the normal gain and roots below 40 Hz only, then one check just below the gain
// found that no root up to 100 Hz is unstable there; if one is, the full analysis decides. Agrees
// with analyse_stability to 1e-5 relative (tests/unit/analysis).
StabilityReport critical_gain(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases,
                              std::size_t phase_index);

// The parameters with SpinalParams::resting_rates_hz set: the Ia rates of the limb's resting
// state (phase 0's inputs) at normal spinal gains. With them, the gains leave that state exactly
// as it is, tone or not (a pool firing at rest moves the posture off the passive one). Every
// simulation and analysis of a scenario starts from this (run_trial, analyse_stability,
// critical_gain, resting_state).
physiology::ModelParams with_resting_discharge(physiology::ModelParams params, const std::vector<physiology::Phase>& phases);

// Operating point at the start of the protocol (inputs of phase 0): the resting state a
// simulation starts from.
Eigen::VectorXd resting_state(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases);

}  // namespace nmsim::analysis
