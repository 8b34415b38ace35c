#pragma once
// Transient electrode artefacts of the recording chain: pops (a sudden change of the
// electrode-skin half-cell potential that recovers exponentially) and dropouts (the lead
// lifts off and the channel reads nothing). Both occur at random as a Poisson process per
// channel; each occurrence is an event with an interval the artefact mask marks.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nmsim::signals {

// The first sample at or after time t. An interval [start, stop) covers samples k with
// start <= k/rate < stop (to a millionth of a sample, so that a run's own boundaries map back
// to themselves): the rule of the artefact mask (docs/labels.md).
inline std::size_t sample_at(double t, double rate_hz) {
  return static_cast<std::size_t>(std::ceil(t * rate_hz - 1e-6));
}

struct TransientParams {
  double rate_per_min = 0.0;  // mean occurrences per minute and channel; 0: none
  double amplitude_v = 0.0;   // pops: the potential step at the electrode (either sign)
  double duration_s = 0.0;    // pops: recovery time constant; dropouts: mean length (exponential)
  bool enabled() const { return rate_per_min > 0.0; }
};

struct Occurrence {
  double start_s = 0.0, stop_s = 0.0;
  double amplitude_v = 0.0;  // pops: signed step; dropouts: 0
};

// The occurrences on one channel over [0, duration_s), in time order, from
// (seed, trial, RngPurpose::Recording, stream). Intervals are clipped to the trial.
std::vector<Occurrence> draw_occurrences(const TransientParams& p, bool pop, double duration_s, std::uint64_t seed,
                                         std::uint64_t trial, std::uint32_t stream);

// A pop's waveform at the electrode, summed over `pops`: A·exp(-(t - t0)/τ) from each onset t0.
// Its interval (stop_s) is t0 + 3τ, where 95 % of the step has recovered.
std::vector<double> pop_waveform(const std::vector<Occurrence>& pops, double tau_s, std::size_t n, double rate_hz);

}  // namespace nmsim::signals
