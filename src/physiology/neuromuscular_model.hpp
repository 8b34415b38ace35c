#pragma once
// The assembled single-joint neuromuscular model: segment + Hill musculotendon units +
// spindles + spinal motoneuron pools, with delayed afferent pathways, driven by a protocol.
//
// State layout (M muscles, S supraspinal states), x ∈ R^(2 + 2M + S):
//   x[0]         θ    joint angle (rad)
//   x[1]         θ'   angular velocity (rad/s)
//   x[2 + i]     a_i  muscle activation (0–1)
//   x[2 + M + i] u_i  motoneuron pool excitation (0–1), which also drives the EMG
//   x[2 + 2M …]       the supraspinal loop, if the model has one (supraspinal_loop.hpp)
// Delay lines carry each muscle's Ia afferent rate (DelaySystem signals y_j = r_j(θ, θ')) and,
// with a supraspinal loop, each channel's cortical output of the patient and of the healthy twin.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/delay_history.hpp"
#include "core/delay_system.hpp"
#include "physiology/joint.hpp"
#include "physiology/model_params.hpp"
#include "physiology/musculotendon.hpp"
#include "physiology/myoclonus.hpp"
#include "physiology/protocol.hpp"
#include "physiology/spindle.hpp"
#include "physiology/supraspinal_loop.hpp"
#include "physiology/trial_inputs.hpp"

namespace nmsim::physiology {

struct StateLayout {
  std::size_t n_muscles = 0;
  static constexpr std::size_t theta = 0;
  static constexpr std::size_t omega = 1;
  std::size_t activation(std::size_t i) const { return 2 + i; }
  std::size_t n_supraspinal = 0;
  std::size_t excitation(std::size_t i) const { return 2 + n_muscles + i; }
  std::size_t supraspinal() const { return 2 + 2 * n_muscles; }
  std::size_t size() const { return 2 + 2 * n_muscles + n_supraspinal; }
};

// Where each signal sits on the delay line (NeuromuscularModel::signals), M muscles and, with a
// supraspinal loop, C channels.
struct SignalLayout {
  std::size_t n_muscles = 0, n_channels = 0;  // n_channels: 0 without a supraspinal loop
  std::size_t spindle(std::size_t muscle) const { return muscle; }  // Ia rate r_j(θ, θ')
  // Cortical output of channel `ch` of the patient's circuit (0) or the healthy twin's (1).
  std::size_t cortex(std::size_t circuit, std::size_t ch) const { return n_muscles + circuit * n_channels + ch; }
  std::size_t size() const { return n_muscles + 2 * n_channels; }
};

// Where each delayed input sits in what NeuromuscularModel::delayed_inputs fills.
struct DelayedInputLayout {
  std::size_t n_muscles = 0, n_channels = 0;  // n_channels: 0 without a supraspinal loop
  std::size_t afferent(std::size_t pool) const { return pool; }  // Σ_j w_ij r_j(t − τ_ij)
  // Cortical drive reaching the pool, from the patient's circuit and from the healthy twin's.
  std::size_t cortical(std::size_t pool) const { return n_muscles + pool; }
  std::size_t twin_cortical(std::size_t pool) const { return 2 * n_muscles + pool; }
  // Ia input of the channel's muscles reaching the cortex (the long-latency loop).
  std::size_t long_latency(std::size_t ch) const { return 3 * n_muscles + ch; }
  std::size_t size() const { return n_channels ? 3 * n_muscles + n_channels : n_muscles; }
};

// What one motoneuron pool sums at an instant; derivatives() and pool_drives() both read it.
struct PoolInputs {
  double segmental = 0.0;      // tonic + the protocol's direct drive
  double cortical = 0.0;       // the patient's cortical drive (0 without a supraspinal loop)
  double twin_cortical = 0.0;  // the healthy twin's
  double myoclonic = 0.0;      // the trial's myoclonic volleys (signed)
  double tremor = 0.0;         // the trial's tremor generators (signed: broadband drive)
  double afferent = 0.0;       // the delayed Ia input (signed, gains applied)
  double descending() const { return segmental + cortical; }
  double total() const { return descending() + myoclonic + tremor + afferent; }
};

// Per-muscle decomposition of the motoneuron pool's input at one instant.
struct PoolDrive {
  double descending = 0.0;     // d_i(t): tonic + protocol drive + cortical drive
  double myoclonic = 0.0;      // myoclonic volleys (signed; negative volleys inhibit)
  double tremor = 0.0;         // tremor generators' drive
  double afferent = 0.0;       // Σ_j w_ij r_j(t − τ_ij), signed
  double target = 0.0;         // clamp(g (I − θ)) the pool relaxes toward
  double reflex_part = 0.0;    // target minus what descending drive alone would give
  double dystonic_part = 0.0;  // target minus the target under the healthy twin's descending drive
  double myoclonic_part = 0.0; // target minus the target without the myoclonic volleys
  double tremor_part = 0.0;    // target minus the target without the tremor drive
};

// Everything observable at one instant, derived from state (and delayed state).
struct Observation {
  double theta = 0, omega = 0, alpha = 0;
  double muscle_torque = 0;      // Σ muscle torques (active + passive muscle)
  double external_torque = 0;
  double accel[2] = {0, 0};
  std::vector<double> activation, excitation, spindle_rate;
  std::vector<PoolDrive> drive;
  // Supraspinal loop (empty without one): unit outputs of the patient's circuit,
  // supraspinal[unit * channels + channel], units in SupraspinalLoop order.
  std::vector<double> supraspinal;
  int phase = 0;
};

// Built once from the scenario's parameters and protocol and never changed, so one model may
// serve many trials and threads. As a DelaySystem it runs without trial inputs (the mean the
// stability analysis linearises); a trial runs it through TrialSystem (trial_inputs.hpp).
class NeuromuscularModel final : public core::DelaySystem {
 public:
  NeuromuscularModel(ModelParams params, Protocol protocol);
  // The trial's thalamic fluctuations (none without a supraspinal loop).
  std::vector<core::SmoothNoise> draw_thalamic_noise(std::uint64_t seed, std::uint64_t trial) const;

  // DelaySystem
  std::size_t state_size() const override { return layout_.size(); }
  const std::vector<double>& delays() const override { return delays_; }
  std::size_t signal_size() const override;
  void signals(std::span<const double> x, std::span<const double> dxdt, std::span<double> rates,
               std::span<double> rates_dot) const override;
  // Delayed inputs: the afferent input Σ_j w_ij r_j(t − τ_ij) of each pool (one per muscle), then
  // with a supraspinal loop the cortical drive of each pool (patient, healthy twin) and the
  // long-latency afferent input of each channel (see DelayedInput).
  std::size_t delayed_input_size() const override;
  void delayed_inputs(double t, const core::DelayedSignals& delayed, std::span<double> d) const override;
  void derivatives(double t, std::span<const double> x, std::span<const double> d,
                   std::span<double> dxdt) const override {
    derivatives(t, x, d, dxdt, TrialInputs::none());
  }
  void derivatives(double t, std::span<const double> x, std::span<const double> d, std::span<double> dxdt,
                   const TrialInputs& trial) const;
  std::vector<double> breakpoints() const override { return protocol_.breakpoints(); }

  const StateLayout& layout() const { return layout_; }
  const SignalLayout& signal_layout() const { return signals_; }
  const DelayedInputLayout& input_layout() const { return inputs_; }
  const ModelParams& params() const { return params_; }
  const Protocol& protocol() const { return protocol_; }
  const std::vector<Pathway>& pathways() const { return pathways_; }
  const std::vector<std::string>& muscle_names() const { return muscle_names_; }
  const Joint& joint() const { return joint_; }
  const std::vector<Musculotendon>& muscles() const { return muscles_; }
  const SupraspinalLoop* supraspinal() const { return supraspinal_ ? &*supraspinal_ : nullptr; }
  // Joint angles where every muscle's geometry is valid (see Musculotendon::valid_angle_range).
  void valid_angle_range(double& lo, double& hi) const;
  // The relaxed limb's posture: passive joint, gravity and passive muscle torques balance.
  double passive_rest_angle() const;
  // The resting Ia discharge the spinal gains do not scale (SpinalParams::resting_rates_hz).
  const std::vector<double>& resting_rates_hz() const { return resting_rate_hz_; }
  // Every muscle's Ia rate at a joint angle and velocity (the spindle law, no delay).
  std::vector<double> afferent_rates(double theta, double omega) const;

  // Segmental descending drive: tonic plus the protocol's direct drive.
  double segmental_descending(const ExternalInput& in, std::size_t muscle) const;
  // Pool drives (with the reflex and dystonic decompositions) given the delayed inputs.
  void pool_drives(double t, const ExternalInput& in, std::span<const double> d, std::span<PoolDrive> out,
                   const TrialInputs& trial = TrialInputs::none()) const;
  // Full observation at time t, including the pool drives, which read the afferent signal
  // history back to t − max delay. `scratch` must be sized (delays().size(), signal_size()).
  void observe(double t, std::span<const double> x, std::span<const double> dxdt, const core::DelayHistory& signals,
               core::DelayedSignals& scratch, Observation& out, const TrialInputs& trial = TrialInputs::none()) const;

 private:
  ModelParams params_;
  Protocol protocol_;
  StateLayout layout_;
  SignalLayout signals_;
  DelayedInputLayout inputs_;
  Joint joint_;
  std::vector<Musculotendon> muscles_;
  std::vector<Spindle> spindles_;
  std::vector<std::string> muscle_names_;
  std::vector<Pathway> pathways_;
  std::vector<double> resting_rate_hz_;
  std::vector<double> delays_;
  std::optional<SupraspinalLoop> supraspinal_;
  std::size_t corticospinal_slot_ = 0, afferent_slot_ = 0;  // delay slots of the supraspinal loop
  PoolInputs pool_inputs(double t, const ExternalInput& in, std::span<const double> d, std::size_t muscle,
                         const TrialInputs& trial) const;
  // Pool output from segmental descending drive alone, per (phase, muscle): constant within a
  // phase, it is the baseline of the reflex part when there is no supraspinal loop.
  std::vector<double> descending_output_;
};

}  // namespace nmsim::physiology
