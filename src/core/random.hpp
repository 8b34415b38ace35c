#pragma once
// Counter-based random streams (Random123 Philox4x32-10).
//
// A stream is identified by (seed, trial, purpose, substream) and its numbers are a pure
// function of that identity and the draw index, so a trial's data never depend on which
// thread, shard or resume point produced it. Distribution transforms are written here
// rather than taken from <random>, whose distributions differ between standard libraries.
#include <array>
#include <cstdint>

namespace nmsim {

// What a stream is for. Values are part of the reproducibility contract: never renumber.
enum class RngPurpose : std::uint32_t {
  MotorUnitPool = 1,    // recruitment thresholds, MUAP shapes (substream = muscle)
  MotorUnitFiring = 2,  // inter-spike-interval variability (substream = muscle)
  EmgNoise = 3,         // instrumentation noise (substream = channel)
  SensorNoise = 4,      // kinematic sensor noise (substream = sensor)
  Subject = 5,          // virtual-subject parameter draws
  TrialVariation = 6,   // trial-to-trial parameter draws
  Generator = 7,        // event generators inside the model (e.g. myoclonic volleys)
  SupraspinalNoise = 8, // fluctuating input to the thalamocortical loop (substream = channel)
  Recording = 9,        // recording-chain artefacts: powerline phases and drift (substreams per channel)
  Tremor = 10,          // tremor oscillators: frequency, amplitude and common-drive noise (substreams per generator)
  SensorFault = 11,     // kinematic-sensor bias drifts (substream = axis)
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t trial, RngPurpose purpose, std::uint32_t substream = 0);

  std::uint32_t next_u32();
  double uniform();                    // in the open interval (0, 1), 53 random bits
  double uniform(double lo, double hi);
  double normal();                     // standard normal (Box–Muller)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double exponential(double rate);     // mean 1/rate

 private:
  void refill();

  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint32_t, 4> counter_{};
  std::array<std::uint32_t, 4> block_{};
  unsigned used_ = 4;  // words of block_ already consumed
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace nmsim
