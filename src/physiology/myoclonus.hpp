#pragma once
// Myoclonus generators: brief descending or segmental volleys that enter the motoneuron pools
// like any other input, so every jerk passes through the pools, the muscles and the limb.
//
// A generator fires jerks at times from its timing process (Poisson with a refractory
// period, rhythmic with jitter, and/or responses to protocol stimuli), optionally only in
// phases of listed tasks (action myoclonus). A jerk draws an amplitude and a duration, then
// sends one volley to each of its muscles, starting at the jerk time plus the conduction
// offset of that muscle's pool:
//   cortical       all muscles together (agonist and antagonist), the drive modulated at the
//                  volley frequency (grouped corticospinal discharge, ~50 Hz)
//   subcortical    rostro-caudal: offset (z_k − z_min)/v, z_k the pool's distance below the obex
//   propriospinal  spreading up and down from the generator segment z_0: offset |z_k − z_0|/v
//   segmental      only the muscles whose pools lie within `segment_reach` of z_0; no offset
//   negative       an inhibitory volley: tonic activity stops for the duration (silent period)
// A volley's drive is A·w(τ) for τ in [0, D]: raised-cosine ramps of min(5 ms, D/4) around a
// flat top (C¹, so the integrator needs no breakpoints inside), times the cortical modulation.
// Everything is drawn before integration from the trial's random stream: the model's inputs
// stay a pure function of time.
#include <cstdint>
#include <string>
#include <vector>

#include "core/distribution.hpp"

namespace nmsim::physiology {

enum class MyoclonusOrigin { Cortical, Subcortical, Propriospinal, Segmental, Negative };
const char* origin_name(MyoclonusOrigin o);  // "cortical", …

struct StimulusResponse {
  std::string stimulus;                 // protocol stimulus type, e.g. "tap", "sound"
  double probability = 1.0;             // of a jerk per stimulus
  core::Distribution latency_s;         // stimulus to EMG onset in the first muscle
};

struct MyoclonusGenerator {
  std::string name;
  MyoclonusOrigin origin = MyoclonusOrigin::Cortical;
  std::vector<std::size_t> muscles;     // model muscle indices
  std::vector<double> weights;          // per muscle in `muscles`: share of the volley (e.g. flexor predominance)
  enum class Process { none, poisson, rhythmic } process = Process::none;
  double rate_hz = 0.0;                 // poisson: mean jerks per second (refractory included)
  double frequency_hz = 0.0;            // rhythmic
  double jitter_s = 0.0;                // rhythmic: SD of each interval
  double refractory_s = 0.0;            // minimum interval between jerks
  std::vector<StimulusResponse> responses;
  std::vector<std::string> tasks;       // empty: all phases
  core::Distribution amplitude;         // pool input (excitation units); negative: magnitude of inhibition
  core::Distribution duration_s;
  double spread_velocity_m_s = 0.0;     // subcortical and propriospinal
  double origin_position_m = 0.0;       // propriospinal and segmental generator segment (below the obex)
  double segment_reach_m = 0.03;        // segmental
  double volley_frequency_hz = 0.0;     // cortical modulation (0 = none)
  double volley_depth = 0.0;
};

// A protocol stimulus (tap, sound, touch …) at an absolute time.
struct Stimulus {
  double time_s = 0.0;
  std::string type;
};

struct Jerk {
  std::size_t generator = 0;
  MyoclonusOrigin origin = MyoclonusOrigin::Cortical;
  double time_s = 0.0;      // onset at the first muscle
  double amplitude = 0.0;
  double duration_s = 0.0;
  int stimulus = -1;        // index into the stimuli, -1 = spontaneous
};

struct Volley {
  std::size_t muscle = 0, jerk = 0;
  double start_s = 0.0, duration_s = 0.0;
  double amplitude = 0.0;   // signed: negative volleys inhibit
  double modulation_hz = 0.0, depth = 0.0;
  double value(double t) const;  // drive at time t (0 outside the volley)
};

class MyoclonusSchedule {
 public:
  MyoclonusSchedule() = default;
  // `cord_position_m[k]`: muscle k's pool below the obex. `phase_tasks` and `phase_starts`
  // (size phases + 1) describe the protocol for gating; jerks are drawn in [0, duration).
  MyoclonusSchedule(const std::vector<MyoclonusGenerator>& generators, const std::vector<double>& cord_position_m,
                    const std::vector<std::string>& phase_tasks, const std::vector<double>& phase_starts,
                    const std::vector<Stimulus>& stimuli, std::uint64_t seed, std::uint64_t trial);

  bool empty() const { return volleys_.empty(); }
  double drive(double t, std::size_t muscle) const;  // sum of the muscle's active volleys
  const std::vector<Jerk>& jerks() const { return jerks_; }
  const std::vector<Volley>& volleys() const { return volleys_; }  // sorted by (muscle, start)

 private:
  std::vector<Jerk> jerks_;
  std::vector<Volley> volleys_;
  std::vector<std::size_t> first_;  // per muscle: index of its first volley (size muscles + 1)
  double longest_s_ = 0.0;
};

}  // namespace nmsim::physiology
