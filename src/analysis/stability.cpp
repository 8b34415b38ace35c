#include "analysis/stability.hpp"

#include <cmath>
#include <numbers>

#include "analysis/operating_point.hpp"
#include "core/error.hpp"
#include "physiology/neuromuscular_model.hpp"

namespace nmsim::analysis {
namespace {

using physiology::NeuromuscularModel;

// Inputs of a phase after any hand ramp has finished: the phase's last instant.
double settled_time(const physiology::Protocol& protocol, std::size_t phase) {
  return protocol.phase_start(phase) + 0.999 * (protocol.phase_stop(phase) - protocol.phase_start(phase));
}

struct Evaluation {
  Eigen::VectorXd x;
  Spectrum spectrum;
};

Evaluation evaluate(physiology::ModelParams params, const std::vector<physiology::Phase>& phases, std::size_t phase,
                    double gain, const Eigen::VectorXd& guess, double max_frequency_hz = 200.0) {
  params.spinal.reflex_gain = gain;
  NeuromuscularModel model(params, physiology::Protocol(phases, 0.0));
  const double t = settled_time(model.protocol(), phase);
  Evaluation e;
  e.x = find_equilibrium(model, t, guess).x;
  SpectrumOptions so;
  so.max_frequency_hz = max_frequency_hz;
  e.spectrum = rightmost_roots(linearise(model, t, e.x), 6, so);
  return e;
}

// Scans the gain geometrically from options.gain_min, continuing the equilibrium from `rest`,
// until the abscissa turns positive, then brackets the crossing (fills r.scan and the critical_*).
void find_crossing(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases,
                   std::size_t phase_index, const StabilityOptions& options, const Eigen::VectorXd& rest,
                   StabilityReport& r) {
  Eigen::VectorXd guess = rest;
  double g_prev = 0.0, a_prev = 0.0;
  Eigen::VectorXd x_prev = rest;
  const double f_max = options.max_frequency_hz;
  for (double g = options.gain_min; g <= options.gain_max * 1.0001; g *= options.step_ratio) {
    const Evaluation e = evaluate(params, phases, phase_index, g, guess, f_max);
    guess = e.x;
    const double a = e.spectrum.abscissa();
    const double w = e.spectrum.rightmost.empty() ? 0.0 : e.spectrum.rightmost.front().lambda.imag();
    r.scan.push_back({g, a, w / (2 * std::numbers::pi), e.x[0]});
    // Unstable at the smallest gain: the oscillation is not the stretch reflex's (a supraspinal
    // rhythm), and no gain of the scan can be where the reflex loop loses stability.
    if (a >= 0.0 && g_prev == 0.0) return;
    if (a >= 0.0 && g_prev > 0.0 && a_prev < 0.0) {
      Eigen::VectorXd bracket_guess = x_prev;
      const auto abscissa_at = [&](double gain) {
        const Evaluation ev = evaluate(params, phases, phase_index, gain, bracket_guess, f_max);
        bracket_guess = ev.x;
        return ev.spectrum.abscissa();
      };
      r.critical_gain = bisect_sign_change(abscissa_at, g_prev, g, options.rel_tol);
      const Evaluation at = evaluate(params, phases, phase_index, r.critical_gain, bracket_guess, f_max);
      r.critical_frequency_hz = std::abs(at.spectrum.rightmost.front().lambda.imag()) / (2 * std::numbers::pi);
      r.critical_found = true;
      return;
    }
    g_prev = g;
    a_prev = a;
    x_prev = e.x;
  }
}

}  // namespace

std::size_t default_stability_phase(const std::vector<physiology::Phase>& phases) {
  std::size_t best = 0;
  double best_duration = -1.0;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto& p = phases[i];
    const bool servo = p.hand_stiffness_Nm_per_rad > 0.0;
    if (!servo && p.duration_s > best_duration) {
      best = i;
      best_duration = p.duration_s;
    }
  }
  return best;
}

namespace {
Eigen::VectorXd equilibrium_at_start(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases) {
  NeuromuscularModel model(params, physiology::Protocol(phases, 0.0));
  return find_equilibrium(model, 0.0, Eigen::VectorXd::Zero(static_cast<Eigen::Index>(model.state_size()))).x;
}
}  // namespace

physiology::ModelParams with_resting_discharge(physiology::ModelParams params, const std::vector<physiology::Phase>& phases) {
  if (params.spinal.resting_rates_hz.size() == params.muscles.size()) return params;
  physiology::ModelParams normal = params;
  normal.spinal.reflex_gain = normal.spinal.reciprocal_gain = 1.0;  // no offsets: r0 does not matter here
  const Eigen::VectorXd x = equilibrium_at_start(normal, phases);
  const NeuromuscularModel model(normal, physiology::Protocol(phases, 0.0));
  params.spinal.resting_rates_hz = model.afferent_rates(x[0], x[1]);
  return params;
}

Eigen::VectorXd resting_state(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases) {
  return equilibrium_at_start(with_resting_discharge(params, phases), phases);
}

StabilityReport analyse_stability(const physiology::ModelParams& given, const std::vector<physiology::Phase>& phases,
                                  std::size_t phase_index, const StabilityOptions& options) {
  NMSIM_CHECK(phase_index < phases.size(), "phase out of range");
  const physiology::ModelParams params = with_resting_discharge(given, phases);
  StabilityReport r;
  r.phase = phases[phase_index].name;
  r.reflex_gain = params.spinal.reflex_gain;
  const physiology::Protocol protocol(phases, 0.0);
  r.time_s = settled_time(protocol, phase_index);

  const Eigen::VectorXd rest = resting_state(params, phases);
  const Evaluation own = evaluate(params, phases, phase_index, r.reflex_gain, rest);
  r.operating_point = own.x;
  r.roots = own.spectrum.rightmost;
  r.stable = own.spectrum.abscissa() < 0.0;

  find_crossing(params, phases, phase_index, options, rest, r);
  return r;
}

StabilityReport critical_gain(const physiology::ModelParams& given, const std::vector<physiology::Phase>& phases,
                              std::size_t phase_index) {
  NMSIM_CHECK(phase_index < phases.size(), "phase out of range");
  const physiology::ModelParams params = with_resting_discharge(given, phases);
  StabilityOptions fast;
  fast.step_ratio = 1.3;
  fast.rel_tol = 1e-5;            // a ratio to the critical gain needs no more
  fast.max_frequency_hz = 40.0;  // the reflex loop's Hopf branch lies at 3-12 Hz
  StabilityReport r;
  r.phase = phases[phase_index].name;
  r.reflex_gain = params.spinal.reflex_gain;
  r.time_s = settled_time(physiology::Protocol(phases, 0.0), phase_index);
  const Eigen::VectorXd rest = resting_state(params, phases);
  try {
    // Start the scan at the normal gain when the loop is stable there (critical gains lie above
    // it in every calibrated model), else from the bottom of the range.
    fast.gain_min = evaluate(params, phases, phase_index, 1.0, rest, fast.max_frequency_hz).spectrum.abscissa() < 0.0
                        ? 1.0
                        : StabilityOptions{}.gain_min;
    find_crossing(params, phases, phase_index, fast, rest, r);
    if (r.critical_found) {
      // Just below the crossing no faster root (up to 100 Hz) may be unstable either.
      const Evaluation below = evaluate(params, phases, phase_index, r.critical_gain * (1.0 - 1e-4), rest, 100.0);
      if (below.spectrum.abscissa() < 0.0) return r;
    }
  } catch (const NumericalError&) {
    // The shortcut lost the equilibrium (a large step in gain from rest): the full scan
    // continues it from a low gain.
  }
  return analyse_stability(params, phases, phase_index);
}

}  // namespace nmsim::analysis
