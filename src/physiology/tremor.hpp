#pragma once
// Tremor generators: the rhythmic look-alikes a clonus detector must not fire on. A generator
// is a component of the common descending drive to a set of motoneuron pools, so its tremor
// passes through the pools, the muscles and the limb like every other input, and the limb's
// own mechanics shape what an accelerometer sees.
//   essential      a central oscillator (olivo-cerebellar) in the drive of posture and action
//   parkinsonian   a central oscillator at rest, alternating agonist–antagonist, suppressed
//                  by voluntary movement and re-emerging after a latency
//   physiological  motor-unit synchrony: broadband drive noise per pool, whose force the
//                  limb's mechanical resonance filters to a peak that moves with its inertia,
//                  plus a weak central 8–12 Hz oscillation
// The drive of generator g to its muscle k (docs/model.md, "Tremor"):
//   T_k(t) = w_k g(t) [ a · max(0, 1 + m(t)) · b(φ(t) + ψ_k) + n_k(t) ]
//   b(ψ) = ((1 + cos ψ) / 2)^p            burst shape: p = 2 bursts for about a third of a cycle
//   φ' = 2π (f₀ + δf(t))                  δf: Ornstein–Uhlenbeck, SD σ_f, correlation τ_f
//   m(t)                                  amplitude modulation: OU, SD `amplitude_cv`
//   n_k(t)                                broadband drive: OU per muscle, SD σ_b, correlation τ_b
//   ψ_k = 0, or π for the muscles on the other side of the joint (alternating pattern)
//   g(t)                                  the gate: 1 inside an episode, raised-cosine ramps
// An episode is a maximal run of active phases (rest phases, action phases, every phase, or
// listed tasks), starting after an onset latency drawn per run (none for a run at t = 0) and
// ending where the run ends (the gate is 1/2 there).
// Everything is drawn before integration from the trial's stream: inputs stay a function of time.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/distribution.hpp"
#include "core/smooth_noise.hpp"

namespace nmsim::physiology {

// Voluntary: a rhythmic voluntary movement (tapping, alternating flexion-extension) asked for
// by a protocol phase's `rhythm:`; the same drive, but a movement, not a tremor.
enum class TremorKind { Physiological, Essential, Parkinsonian, Voluntary };
const char* tremor_kind_name(TremorKind k);  // "physiological", …, "voluntary

// Which phases a generator is active in: rest (no voluntary command, drive or rhythm), action
// (some), every phase, the phases of listed tasks, or listed phases (a phase's own rhythm).
enum class TremorActivity { Rest, Action, Always, Tasks, Phases };

struct TremorGenerator {
  std::string name;
  TremorKind kind = TremorKind::Essential;
  std::vector<std::size_t> muscles;      // model muscle indices
  std::vector<double> weights;           // per muscle in `muscles` (empty: 1 each)
  std::vector<bool> opposed;             // per muscle: on the other side of the joint (ψ = π when alternating)
  bool alternating = false;              // antagonists in antiphase; else synchronous (co-contracting)
  TremorActivity active_in = TremorActivity::Action;
  std::vector<std::string> tasks;        // active_in == Tasks
  std::vector<std::size_t> phases;       // active_in == Phases: protocol phase indices
  double frequency_hz = 0.0;             // f₀
  double frequency_sd_hz = 0.0;          // σ_f
  double frequency_correlation_s = 1.0;  // τ_f
  double amplitude = 0.0;                // a, pool input (excitation units)
  double amplitude_cv = 0.0;             // SD of m
  double amplitude_correlation_s = 1.0;  // τ_a
  double sharpness = 2.0;                // p
  double broadband_sd = 0.0;             // σ_b, pool input
  double broadband_correlation_s = 0.005;  // τ_b
  double ramp_s = 0.3;                   // gate rise and fall
  core::Distribution onset_latency_s;    // from a run's first phase to the tremor, per run after t = 0
};

// One phase as a generator sees it.
struct TremorPhase {
  double start_s = 0.0, stop_s = 0.0;
  std::string task;
  bool voluntary = false;  // any voluntary command, direct descending drive or rhythm
};

struct TremorEpisode {
  std::size_t generator = 0;
  double start_s = 0.0, stop_s = 0.0;  // where the gate is at least 1/2
  double frequency_hz = 0.0;           // mean instantaneous frequency: Δφ / (2π Δt)
};

class TremorSchedule {
 public:
  TremorSchedule() = default;
  // Covers [0, duration]; phases in time order.
  TremorSchedule(const std::vector<TremorGenerator>& generators, const std::vector<TremorPhase>& phases,
                 std::size_t n_muscles, std::uint64_t seed, std::uint64_t trial);

  bool empty() const { return sources_.empty(); }
  double drive(double t, std::size_t muscle) const;  // Σ over generators of T_k(t)
  const std::vector<TremorEpisode>& episodes() const { return episodes_; }  // by (generator, start)
  double gate(std::size_t generator, double t) const;
  double phase(std::size_t generator, double t) const { return sources_[generator].phase(t); }  // φ(t), rad

 private:
  struct Window {
    double rise, top, fall, end;  // gate 0→1 on [rise, top], 1 until fall, 1→0 on [fall, end]
  };
  struct Source {
    std::vector<Window> windows;
    core::SmoothNoise phase, modulation;
    std::vector<core::SmoothNoise> broadband;  // per entry of generator->muscles
  };
  std::vector<TremorGenerator> generators_;
  std::vector<Source> sources_;
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> by_muscle_;  // (source, entry)
  std::vector<TremorEpisode> episodes_;
};

}  // namespace nmsim::physiology
