#include "physiology/neuromuscular_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"

namespace nmsim::physiology {
namespace {

constexpr std::size_t kMaxMuscles = 16;

int slot_of(std::vector<double>& delays, double d) {
  for (std::size_t k = 0; k < delays.size(); ++k)
    if (std::abs(delays[k] - d) <= 1e-12) return static_cast<int>(k);
  delays.push_back(d);
  return static_cast<int>(delays.size() - 1);
}

}  // namespace

NeuromuscularModel::NeuromuscularModel(ModelParams params, Protocol protocol)
    : params_(std::move(params)), protocol_(std::move(protocol)), joint_(params_.joint) {
  const std::size_t m = params_.muscles.size();
  NMSIM_CHECK(m >= 1 && m <= kMaxMuscles, "a model needs 1 to 16 muscles");  // fixed-size scratch arrays
  layout_.n_muscles = m;
  for (const auto& spec : params_.muscles) {
    muscles_.emplace_back(spec.mechanics, params_.curves);
    SpindleParams sp = spec.spindle;
    sp.reference_fibre_length_m = muscles_.back().fibre(0.0, 0.0).length_m;
    spindles_.emplace_back(sp);
    muscle_names_.push_back(spec.mechanics.name);
  }

  // Wire the segmental circuit from the moment-arm signs: same sign = synergist, opposite = antagonist.
  const SpinalParams& s = params_.spinal;
  for (std::size_t to = 0; to < m; ++to) {
    const auto& target = params_.muscles[to];
    for (std::size_t from = 0; from < m; ++from) {
      const bool same_side = (params_.muscles[from].mechanics.moment_arm_m > 0) == (target.mechanics.moment_arm_m > 0);
      Pathway p;
      p.from = static_cast<int>(from);
      p.to = static_cast<int>(to);
      if (from == to) {
        p.weight = s.reflex_gain * target.reflex.homonymous_weight_per_hz;
        p.delay_s = target.reflex.delay_s;
      } else if (same_side) {
        p.weight = s.reflex_gain * s.heteronymous_fraction * target.reflex.homonymous_weight_per_hz;
        p.delay_s = target.reflex.delay_s;
      } else {
        p.weight = -s.reciprocal_gain * s.reciprocal_weight_per_hz;
        p.delay_s = target.reflex.delay_s + s.reciprocal_extra_delay_s;
        p.inhibitory = true;
      }
      if (p.weight == 0.0) continue;
      p.delay_slot = slot_of(delays_, p.delay_s);
      pathways_.push_back(p);
    }
  }
  for (std::size_t ph = 0; ph < protocol_.phases().size(); ++ph) {
    const ExternalInput in = protocol_.at(protocol_.phase_start(ph));
    for (std::size_t i = 0; i < m; ++i)
      descending_output_.push_back(motoneuron_output(params_.muscles[i].motoneuron, descending(in, i)));
  }
}

void NeuromuscularModel::signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> rates,
                                 std::span<double> rates_dot) const {
  const double theta = x[StateLayout::theta], omega = x[StateLayout::omega], alpha = dxdt[StateLayout::omega];
  for (std::size_t j = 0; j < muscles_.size(); ++j) {
    const FibreState f = muscles_[j].fibre(theta, omega);
    spindles_[j].rate_and_derivative(f.length_m, f.velocity_m_s, muscles_[j].fibre_acceleration(f, omega, alpha),
                                     rates[j], rates_dot[j]);
  }
}

void NeuromuscularModel::delayed_inputs(double, const core::DelayedSignals& delayed, std::span<double> afferent) const {
  std::fill(afferent.begin(), afferent.end(), 0.0);
  for (const auto& p : pathways_)
    afferent[static_cast<std::size_t>(p.to)] +=
        p.weight * delayed(static_cast<std::size_t>(p.delay_slot))[static_cast<std::size_t>(p.from)];
}

void NeuromuscularModel::valid_angle_range(double& lo, double& hi) const {
  lo = -INFINITY;
  hi = INFINITY;
  for (const auto& m : muscles_) {
    double l, h;
    m.valid_angle_range(l, h);
    lo = std::max(lo, l);
    hi = std::min(hi, h);
  }
}

double NeuromuscularModel::descending(const ExternalInput& in, std::size_t i) const {
  const double tonic = params_.muscles[i].motoneuron.tonic_drive;
  return (in.descending && !in.descending->empty()) ? tonic + (*in.descending)[i] : tonic;
}

void NeuromuscularModel::pool_drives(const ExternalInput& in, std::span<const double> afferent,
                                     std::span<PoolDrive> out) const {
  for (std::size_t i = 0; i < muscles_.size(); ++i) {
    const auto& mn = params_.muscles[i].motoneuron;
    out[i].descending = descending(in, i);
    out[i].afferent = afferent[i];
    out[i].target = motoneuron_output(mn, out[i].descending + afferent[i]);
    out[i].reflex_part = out[i].target - descending_output_[static_cast<std::size_t>(in.phase) * muscles_.size() + i];
  }
}

void NeuromuscularModel::derivatives(double t, std::span<const double> x, std::span<const double> afferent,
                                     std::span<double> dxdt) const {
  const std::size_t m = muscles_.size();
  const double theta = x[StateLayout::theta];
  const double omega = x[StateLayout::omega];
  const ExternalInput in = protocol_.at(t);

  double torque = joint_.passive_torque(theta, omega) + joint_.gravity_torque(theta) + in.torque(theta, omega);
  for (std::size_t i = 0; i < m; ++i) {
    const double a = x[layout_.activation(i)];
    torque += muscles_[i].joint_torque(a, muscles_[i].fibre(theta, omega));
  }
  dxdt[StateLayout::theta] = omega;
  dxdt[StateLayout::omega] = torque / params_.joint.inertia_kg_m2;

  for (std::size_t i = 0; i < m; ++i) {
    const double u = x[layout_.excitation(i)];
    const double a = x[layout_.activation(i)];
    const auto& mn = params_.muscles[i].motoneuron;
    dxdt[layout_.excitation(i)] = (motoneuron_output(mn, descending(in, i) + afferent[i]) - u) / mn.time_constant_s;
    dxdt[layout_.activation(i)] = muscles_[i].activation_rate(u, a);
  }
}

void NeuromuscularModel::observe(double t, std::span<const double> x, std::span<const double> dxdt,
                                 const core::DelayHistory& signals, core::DelayedSignals& scratch,
                                 Observation& out) const {
  const std::size_t m = muscles_.size();
  const double theta = x[StateLayout::theta];
  const double omega = x[StateLayout::omega];
  const ExternalInput in = protocol_.at(t);
  out.theta = theta;
  out.omega = omega;
  out.alpha = dxdt[StateLayout::omega];
  out.phase = in.phase;
  out.external_torque = in.torque(theta, omega);
  joint_.accelerometer(theta, omega, out.alpha, out.accel);
  out.activation.resize(m);
  out.excitation.resize(m);
  out.spindle_rate.resize(m);
  out.drive.resize(m);
  out.muscle_torque = 0.0;
  // The rates on the delay line at time t (Hermite between steps, exact at step points), which
  // is what the pools receive τ later; cheaper than re-evaluating the spindle law per sample.
  signals.interpolate(t, out.spindle_rate);
  for (std::size_t i = 0; i < m; ++i) {
    const FibreState f = muscles_[i].fibre(theta, omega);
    out.activation[i] = x[layout_.activation(i)];
    out.excitation[i] = x[layout_.excitation(i)];
    out.muscle_torque += muscles_[i].joint_torque(out.activation[i], f);
  }
  for (std::size_t k = 0; k < delays_.size(); ++k) signals.interpolate(t - delays_[k], scratch.slot(k));
  std::array<double, kMaxMuscles> afferent{};
  delayed_inputs(t, scratch, std::span<double>(afferent.data(), m));
  pool_drives(in, std::span<const double>(afferent.data(), m), out.drive);
}

}  // namespace nmsim::physiology
