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
                    double gain, const Eigen::VectorXd& guess) {
  params.spinal.reflex_gain = gain;
  NeuromuscularModel model(params, physiology::Protocol(phases, 0.0));
  const double t = settled_time(model.protocol(), phase);
  Evaluation e;
  e.x = find_equilibrium(model, t, guess).x;
  e.spectrum = rightmost_roots(linearise(model, t, e.x), 6);
  return e;
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

Eigen::VectorXd resting_state(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases) {
  NeuromuscularModel model(params, physiology::Protocol(phases, 0.0));
  return find_equilibrium(model, 0.0, Eigen::VectorXd::Zero(static_cast<Eigen::Index>(model.state_size()))).x;
}

StabilityReport analyse_stability(const physiology::ModelParams& params, const std::vector<physiology::Phase>& phases,
                                  std::size_t phase_index, const StabilityOptions& options) {
  NMSIM_CHECK(phase_index < phases.size(), "phase out of range");
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

  // Scan the gain geometrically, continuing the equilibrium, until the abscissa turns positive.
  Eigen::VectorXd guess = rest;
  double g_prev = 0.0, a_prev = 0.0;
  Eigen::VectorXd x_prev = rest;
  for (double g = options.gain_min; g <= options.gain_max * 1.0001; g *= 1.15) {
    const Evaluation e = evaluate(params, phases, phase_index, g, guess);
    guess = e.x;
    const double a = e.spectrum.abscissa();
    const double w = e.spectrum.rightmost.empty() ? 0.0 : e.spectrum.rightmost.front().lambda.imag();
    r.scan.push_back({g, a, w / (2 * std::numbers::pi), e.x[0]});
    if (a >= 0.0 && g_prev > 0.0 && a_prev < 0.0) {
      Eigen::VectorXd bracket_guess = x_prev;
      const auto abscissa_at = [&](double gain) {
        const Evaluation ev = evaluate(params, phases, phase_index, gain, bracket_guess);
        bracket_guess = ev.x;
        return ev.spectrum.abscissa();
      };
      r.critical_gain = bisect_sign_change(abscissa_at, g_prev, g, options.rel_tol);
      const Evaluation at = evaluate(params, phases, phase_index, r.critical_gain, bracket_guess);
      r.critical_frequency_hz = std::abs(at.spectrum.rightmost.front().lambda.imag()) / (2 * std::numbers::pi);
      r.critical_found = true;
      break;
    }
    g_prev = g;
    a_prev = a;
    x_prev = e.x;
  }
  return r;
}

}  // namespace nmsim::analysis
