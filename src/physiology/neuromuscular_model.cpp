#include "physiology/neuromuscular_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/error.hpp"

namespace nmsim::physiology {
namespace {

constexpr std::size_t kMaxMuscles = 16;
// Capacity of observe()'s stack scratch: the delay-line signals and the delayed inputs of the
// largest model the constructor accepts (it checks both).
constexpr std::size_t kMaxSignals = 3 * kMaxMuscles;
constexpr std::size_t kMaxDelayedInputs = 4 * kMaxMuscles;

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

  // The resting Ia discharge the spinal gains do not scale (spinal_circuit.hpp).
  if (params_.spinal.resting_rates_hz.size() == m) {
    resting_rate_hz_ = params_.spinal.resting_rates_hz;
  } else {
    NMSIM_CHECK(params_.spinal.resting_rates_hz.empty(), "one resting Ia rate per muscle");
    resting_rate_hz_ = afferent_rates(passive_rest_angle(), 0.0);
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
      double normal = 0.0;  // the weight at normal gains
      if (from == to) {
        normal = target.reflex.homonymous_weight_per_hz;
        p.weight = s.reflex_gain * normal;
        p.delay_s = target.reflex.delay_s;
      } else if (same_side) {
        normal = s.heteronymous_fraction * target.reflex.homonymous_weight_per_hz;
        p.weight = s.reflex_gain * normal;
        p.delay_s = target.reflex.delay_s;
      } else {
        normal = -s.reciprocal_weight_per_hz;
        p.weight = s.reciprocal_gain * normal;
        p.delay_s = target.reflex.delay_s + s.reciprocal_extra_delay_s;
        p.inhibitory = true;
      }
      if (normal == 0.0) continue;
      p.offset = (normal - p.weight) * resting_rate_hz_[from];
      p.delay_slot = slot_of(delays_, p.delay_s);
      pathways_.push_back(p);
    }
  }
  for (std::size_t ph = 0; ph < protocol_.phases().size(); ++ph) {
    const ExternalInput in = protocol_.at(protocol_.phase_start(ph));
    for (std::size_t i = 0; i < m; ++i)
      descending_output_.push_back(motoneuron_output(params_.muscles[i].motoneuron, segmental_descending(in, i)));
  }
  if (params_.supraspinal.enabled) {
    supraspinal_.emplace(params_.supraspinal, protocol_.phases());
    layout_.n_supraspinal = supraspinal_->state_size();
    corticospinal_slot_ = static_cast<std::size_t>(slot_of(delays_, params_.supraspinal.corticospinal_delay_s));
    afferent_slot_ = static_cast<std::size_t>(slot_of(delays_, params_.supraspinal.afferent_delay_s));
  }
  const std::size_t c = supraspinal_ ? supraspinal_->channels() : 0;
  signals_ = SignalLayout{m, c};
  inputs_ = DelayedInputLayout{m, c};
  NMSIM_CHECK(signals_.size() <= kMaxSignals && inputs_.size() <= kMaxDelayedInputs,
              "a supraspinal loop has at most as many channels as the model has muscles");
}

std::vector<core::SmoothNoise> NeuromuscularModel::draw_thalamic_noise(std::uint64_t seed, std::uint64_t trial) const {
  if (!supraspinal_) return {};
  return supraspinal_->draw_noise(seed, trial, protocol_.duration());
}

std::size_t NeuromuscularModel::signal_size() const { return signals_.size(); }

std::size_t NeuromuscularModel::delayed_input_size() const { return inputs_.size(); }

void NeuromuscularModel::signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> rates,
                                 std::span<double> rates_dot) const {
  const double theta = x[StateLayout::theta], omega = x[StateLayout::omega], alpha = dxdt[StateLayout::omega];
  for (std::size_t j = 0; j < muscles_.size(); ++j) {
    const FibreState f = muscles_[j].fibre(theta, omega);
    spindles_[j].rate_and_derivative(f.length_m, f.velocity_m_s, muscles_[j].fibre_acceleration(f, omega, alpha),
                                     rates[signals_.spindle(j)], rates_dot[signals_.spindle(j)]);
  }
  if (!supraspinal_) return;
  const double* xs = x.data() + layout_.supraspinal();
  const double* dxs = dxdt.data() + layout_.supraspinal();
  for (std::size_t i = 0; i < signals_.n_channels; ++i)
    for (const auto circuit : {SupraspinalLoop::kPatient, SupraspinalLoop::kHealthyTwin}) {
      const std::size_t j = signals_.cortex(circuit, i);
      rates[j] = supraspinal_->output(xs, circuit, i, SupraspinalLoop::kCortex);
      rates_dot[j] = supraspinal_->cortex_output_rate(xs, dxs, circuit, i);
    }
}

void NeuromuscularModel::delayed_inputs(double, const core::DelayedSignals& delayed, std::span<double> d) const {
  std::fill(d.begin(), d.end(), 0.0);
  for (const auto& p : pathways_)
    d[inputs_.afferent(static_cast<std::size_t>(p.to))] +=
        p.offset +
        p.weight * delayed(static_cast<std::size_t>(p.delay_slot))[signals_.spindle(static_cast<std::size_t>(p.from))];
  if (!supraspinal_) return;
  // Cortical drive of each pool (patient, twin) τ_cs after it left the cortex, and each
  // channel's Ia input reaching the cortex τ_aff after it left the spindles, as a departure
  // from the resting discharge (so that the gain g_LL scales the reflex, not the cortex's tone).
  const SupraspinalParams& sp = params_.supraspinal;
  const auto cortex = delayed(corticospinal_slot_);
  const auto spindles = delayed(afferent_slot_);
  for (std::size_t i = 0; i < inputs_.n_channels; ++i)
    for (const std::size_t k : sp.channels[i].muscles) {
      d[inputs_.cortical(k)] += sp.drive_scale * cortex[signals_.cortex(SupraspinalLoop::kPatient, i)];
      d[inputs_.twin_cortical(k)] += sp.drive_scale * cortex[signals_.cortex(SupraspinalLoop::kHealthyTwin, i)];
      d[inputs_.long_latency(i)] +=
          sp.long_latency_weight_per_hz * (spindles[signals_.spindle(k)] - params_.muscles[k].spindle.baseline_rate_hz);
    }
}

std::vector<double> NeuromuscularModel::afferent_rates(double theta, double omega) const {
  std::vector<double> rates;
  for (std::size_t j = 0; j < muscles_.size(); ++j) {
    const FibreState f = muscles_[j].fibre(theta, omega);
    rates.push_back(spindles_[j].rate(f.length_m, f.velocity_m_s));
  }
  return rates;
}

double NeuromuscularModel::passive_rest_angle() const {
  double lo, hi;
  valid_angle_range(lo, hi);
  lo = std::max(lo, params_.joint.limit_min_rad);
  hi = std::min(hi, params_.joint.limit_max_rad);
  const auto torque = [&](double theta) {
    double t = joint_.passive_torque(theta, 0.0) + joint_.gravity_torque(theta);
    for (const auto& m : muscles_) t += m.joint_torque(0.0, m.fibre(theta, 0.0));
    return t;
  };
  // Passive torque falls with the angle (it resists displacement); bisect its zero.
  double t_lo = torque(lo), t_hi = torque(hi);
  if (!(t_lo > 0.0 && t_hi < 0.0)) return std::clamp(params_.joint.rest_angle_rad, lo, hi);
  for (int it = 0; it < 100 && hi - lo > 1e-12; ++it) {
    const double mid = 0.5 * (lo + hi);
    (torque(mid) > 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
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

double NeuromuscularModel::segmental_descending(const ExternalInput& in, std::size_t i) const {
  const double tonic = params_.muscles[i].motoneuron.tonic_drive;
  return (in.descending && !in.descending->empty()) ? tonic + (*in.descending)[i] : tonic;
}

PoolInputs NeuromuscularModel::pool_inputs(double t, const ExternalInput& in, std::span<const double> d, std::size_t i,
                                           const TrialInputs& trial) const {
  PoolInputs p;
  p.segmental = segmental_descending(in, i);
  if (supraspinal_) {
    p.cortical = trial.cortical.empty() ? d[inputs_.cortical(i)] : trial.cortical.at(t, i);
    p.twin_cortical = d[inputs_.twin_cortical(i)];
  }
  p.myoclonic = trial.myoclonus.empty() ? 0.0 : trial.myoclonus.drive(t, i);
  p.tremor = trial.tremor.empty() ? 0.0 : trial.tremor.drive(t, i);
  p.afferent = d[inputs_.afferent(i)];
  return p;
}

void NeuromuscularModel::pool_drives(double t, const ExternalInput& in, std::span<const double> d,
                                     std::span<PoolDrive> out, const TrialInputs& trial) const {
  const std::size_t m = muscles_.size();
  for (std::size_t i = 0; i < m; ++i) {
    const auto& mn = params_.muscles[i].motoneuron;
    const PoolInputs p = pool_inputs(t, in, d, i, trial);
    out[i].descending = p.descending();
    out[i].myoclonic = p.myoclonic;
    out[i].tremor = p.tremor;
    out[i].afferent = p.afferent;
    out[i].target = motoneuron_output(mn, p.total());
    // Without the loop, volleys or tremor, descending drive is constant within a phase: its pool output is cached.
    const double descending_alone = supraspinal_ || p.myoclonic != 0.0 || p.tremor != 0.0
                                        ? motoneuron_output(mn, p.descending() + p.myoclonic + p.tremor)
                                        : descending_output_[static_cast<std::size_t>(in.phase) * m + i];
    out[i].reflex_part = out[i].target - descending_alone;
    // The same pool under the healthy twin's cortical drive, without the volleys, without the tremor.
    out[i].dystonic_part =
        supraspinal_
            ? out[i].target - motoneuron_output(mn, p.segmental + p.twin_cortical + p.myoclonic + p.tremor + p.afferent)
            : 0.0;
    out[i].myoclonic_part =
        p.myoclonic != 0.0 ? out[i].target - motoneuron_output(mn, p.descending() + p.tremor + p.afferent) : 0.0;
    out[i].tremor_part =
        p.tremor != 0.0 ? out[i].target - motoneuron_output(mn, p.descending() + p.myoclonic + p.afferent) : 0.0;
  }
}

void NeuromuscularModel::derivatives(double t, std::span<const double> x, std::span<const double> d,
                                     std::span<double> dxdt, const TrialInputs& trial) const {
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
    dxdt[layout_.excitation(i)] = (motoneuron_output(mn, pool_inputs(t, in, d, i, trial).total()) - u) / mn.time_constant_s;
    dxdt[layout_.activation(i)] = muscles_[i].activation_rate(u, a);
  }
  if (supraspinal_)
    supraspinal_->derivatives(t, static_cast<std::size_t>(in.phase), x.data() + layout_.supraspinal(),
                              d.data() + inputs_.long_latency(0), dxdt.data() + layout_.supraspinal(), trial.thalamic_noise);
}

void NeuromuscularModel::observe(double t, std::span<const double> x, std::span<const double> dxdt,
                                 const core::DelayHistory& signals, core::DelayedSignals& scratch,
                                 Observation& out, const TrialInputs& trial) const {
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
  std::array<double, kMaxSignals> now;  // no zero fill: interpolate writes what is read
  signals.interpolate(t, std::span<double>(now.data(), signal_size()));
  for (std::size_t i = 0; i < m; ++i) out.spindle_rate[i] = now[signals_.spindle(i)];
  for (std::size_t i = 0; i < m; ++i) {
    const FibreState f = muscles_[i].fibre(theta, omega);
    out.activation[i] = x[layout_.activation(i)];
    out.excitation[i] = x[layout_.excitation(i)];
    out.muscle_torque += muscles_[i].joint_torque(out.activation[i], f);
  }
  for (std::size_t k = 0; k < delays_.size(); ++k) signals.interpolate(t - delays_[k], scratch.slot(k));
  std::array<double, kMaxDelayedInputs> d;  // delayed_inputs() fills every entry it reports
  const std::span<double> inputs(d.data(), delayed_input_size());
  delayed_inputs(t, scratch, inputs);
  pool_drives(t, in, inputs, out.drive, trial);
  if (!supraspinal_) return;
  const std::size_t c = supraspinal_->channels();
  out.supraspinal.resize(SupraspinalLoop::kUnits * c);
  const double* xs = x.data() + layout_.supraspinal();
  for (std::size_t u = 0; u < SupraspinalLoop::kUnits; ++u)
    for (std::size_t i = 0; i < c; ++i) out.supraspinal[u * c + i] = supraspinal_->output(xs, SupraspinalLoop::kPatient, i, u);
}

}  // namespace nmsim::physiology
