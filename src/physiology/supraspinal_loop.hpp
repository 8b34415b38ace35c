#pragma once
// The supraspinal motor loop: cortex → basal ganglia → thalamus → cortex, one channel per
// group of muscles, whose cortical output is the descending drive to those muscles'
// motoneuron pools. Optional per model (models/*.yaml `supraspinal:`).
//
// Per channel i, besides the basal-ganglia nuclei (basal_ganglia.hpp, salience s_i = y_C,i):
//   thalamus  τ_T a_T' = −a_T + w_CT y_C − e_i w_GT y_GPi + b_T + η_i(t)       y_T = σ(a_T − ε_T)
//   cortex    τ_C a_C' = −a_C + c_i(t) + κ Σ_{j≠i} y_C,j + w_TC y_T − w_A A
//                        + g_LL w_LL Σ_{k∈i} (r_k(t − τ_aff) − r_0,k)         y_C = σ(a_C − ε_C)
//   adaptation τ_A A' = −A + y_C
// c_i is the task command; κ the horizontal spread of cortical activity to neighbouring
// representations, which the pallidum's surround normally keeps from reaching the muscles
// (the thalamus of a non-selected channel stays shut); η_i is a slow fluctuating thalamic
// input (SmoothNoise); b_T the tonic
// excitatory drive the pallidum has to hold off; r_k are Ia rates arriving at the cortex
// (the long-latency, transcortical stretch reflex) and r_0,k their resting rates. Pool k receives
//   d_k(t) = D Σ_{i ∋ k} y_C,i(t − τ_cs).
//
// Dystonia mechanisms (all 1 = healthy): e_i (GPi efficacy per channel), g_D1 and g_D2
// (direct and indirect pathway), ς (surround reach of the STN), g_LL (long-latency gain), ι
// (irregularity: the patient's η is ι times the healthy one), optionally expressed only in
// phases whose task is listed (task-specific dystonia).
//
// Ground truth: the state also carries a healthy twin of the whole loop, driven by the same
// commands, noise and afferents but with every mechanism at 1. The descending drive the
// patient's loop sends beyond the twin's is the pathological drive the labels are built from.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/smooth_noise.hpp"
#include "physiology/basal_ganglia.hpp"
#include "physiology/protocol.hpp"

namespace nmsim::physiology {

struct ThalamocorticalParams {
  double thalamus_time_constant_s = 0.01;
  double cortex_time_constant_s = 0.01;
  double thalamic_bias = 0.3;           // b_T
  double thalamic_threshold = 0.0;      // ε_T
  double cortical_threshold = 0.1;      // ε_C
  double w_cortex_thalamus = 0.6;       // w_CT
  double w_thalamus_cortex = 1.0;       // w_TC
  double w_gpi_thalamus = 2.5;          // w_GT
  double adaptation_time_constant_s = 0.3;  // τ_A
  double adaptation_weight = 0.5;       // w_A
  double lateral_spread = 0.15;         // κ
  core::SmoothNoiseParams noise{0.02, 0.1, 0.005};  // η: σ, correlation time, grid
};

struct SupraspinalChannel {
  std::string name;
  std::vector<std::size_t> muscles;  // indices into the model's muscles
  double gpi_efficacy = 1.0;         // e_i
};

struct SupraspinalParams {
  bool enabled = false;
  std::vector<SupraspinalChannel> channels;
  BasalGangliaParams basal_ganglia;
  ThalamocorticalParams thalamocortical;
  double corticospinal_delay_s = 0.02;            // τ_cs
  double afferent_delay_s = 0.02;                 // τ_aff
  double drive_scale = 0.3;                       // D, pool input per unit cortical output
  double long_latency_weight_per_hz = 0.0;        // w_LL
  // Pathology
  BasalGangliaTone tone;
  double long_latency_gain = 1.0;                 // g_LL
  double irregularity = 1.0;                      // ι: scales η (irregular pallidal-thalamic input)
  std::vector<std::string> pathological_tasks;    // empty: expressed in every phase
};

// "striatum_d1", "striatum_d2", "stn", "gpe", "gpi", "thalamus", "cortex", "adaptation".
const char* supraspinal_unit_name(std::size_t unit);

class SupraspinalLoop {
 public:
  enum Circuit : std::size_t { kPatient = 0, kHealthyTwin = 1 };
  enum Unit : std::size_t { kThalamus = kBgNuclei, kCortex, kAdaptation, kUnits };

  SupraspinalLoop(const SupraspinalParams& p, const std::vector<Phase>& phases);

  std::size_t channels() const { return p_.channels.size(); }
  std::size_t state_size() const { return 2 * channels() * kUnits; }
  std::size_t index(Circuit c, std::size_t ch, std::size_t unit) const { return (c * channels() + ch) * kUnits + unit; }
  const SupraspinalParams& params() const { return p_; }

  // x, dx: this loop's slice of the model state. `long_latency` (per channel): Σ_{k∈i} w_LL r_k
  // at the cortex, before the gain g_LL.
  // `noise`: the trial's thalamic fluctuation per channel (draw_noise); empty: none (the mean).
  void derivatives(double t, std::size_t phase, const double* x, const double* long_latency, double* dx,
                   std::span<const core::SmoothNoise> noise = {}) const;

  // Output of a unit (σ of its activation minus threshold), and the time derivative of the cortical output.
  double output(const double* x, Circuit c, std::size_t ch, std::size_t unit) const;
  double cortex_output_rate(const double* x, const double* dx, Circuit c, std::size_t ch) const;

  double command(std::size_t phase, std::size_t ch) const { return command_[phase * channels() + ch]; }
  bool pathology_expressed(std::size_t phase) const { return expressed_[phase] != 0; }

  // The thalamic fluctuations of one trial, per channel.
  std::vector<core::SmoothNoise> draw_noise(std::uint64_t seed, std::uint64_t trial, double duration_s) const;

 private:
  SupraspinalParams p_;
  std::vector<double> command_;  // per (phase, channel)
  std::vector<char> expressed_;                   // per phase
};

}  // namespace nmsim::physiology
