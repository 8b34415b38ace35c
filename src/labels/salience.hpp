#pragma once
// How visible a labelled event is in the signal it is labelled on (docs/labels.md, "Salience").
//
// Salience compares the mean power of the written EMG (noise included) inside the event with
// the power of a baseline next to it, in dB: 10 log10(P_event / P_baseline) for a burst,
// 10 log10(P_baseline / P_event) for a silent period. Each labeller chooses the baseline its
// rule defines (the rest of the clonus cycle, the time before a jerk or a dystonic contraction).
// A label whose salience is below its visibility floor is kept but marked not visible, so a
// scorer can tell "the model did it" from "a detector could see it".
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/label_series.hpp"

namespace nmsim::labels {

struct Window {
  double start_s = 0, stop_s = 0;
};

// Power of one channel of a sample-major float matrix over any time window in O(1), from
// prefix sums of squares. With `labels`, a second prefix sum skips the samples of this channel
// that carry any bit of `exclude`, so a baseline is not inflated by a neighbouring event.
class ChannelPower {
 public:
  ChannelPower(std::span<const float> data, std::size_t channels, std::size_t channel, double rate_hz,
               const LabelSeries* labels = nullptr, LabelMask exclude = 0);

  // Mean square over the samples whose times lie in [start_s, stop_s); NaN if there are none.
  double mean_square(const Window& w) const;
  // The same over several (disjoint) windows together, counting only samples without an
  // excluded bit; `kept_s` receives the time those samples cover.
  double mean_square_excluding(std::span<const Window> windows, double* kept_s = nullptr) const;
  double rate_hz() const { return rate_hz_; }
  double duration_s() const { return static_cast<double>(n_) / rate_hz_; }

 private:
  std::size_t index(double t) const;  // first sample at or after time t, clamped to [0, n]
  double rate_hz_;
  std::size_t n_;
  std::vector<double> all_;      // all_[k] = Σ_{j<k} x_j²
  std::vector<double> kept_;     // the same over samples without an excluded bit
  std::vector<std::uint32_t> kept_count_;
};

// 10 log10(numerator / denominator) of two mean squares; NaN when either is NaN, +inf over a
// zero denominator.
double power_ratio_db(double numerator, double denominator);

// A burst (myoclonic or dystonic) against the `baseline_s` before it, leaving out samples that
// carry an excluded bit; when less than a tenth of that is left before the event (it starts
// near the trial's start or right after another one), the `baseline_s` after it serves instead.
double burst_salience_db(const ChannelPower& emg, const Window& event, double baseline_s);
// A silent period: how far the EMG power fell below that of the `baseline_s` before it.
double silence_salience_db(const ChannelPower& emg, const Window& event, double baseline_s);

// A rhythm riding on an ongoing contraction (dystonic tremor), whose level need not rise: of
// the EMG envelope inside the event (rectified, 15 ms moving average, linear trend removed),
// the power of the sinusoid at `frequency_hz` fitted by least squares over the power of what it
// leaves, in dB. 0 dB: the rhythm carries half the envelope's variation. NaN if the event is
// shorter than two periods.
double rhythm_salience_db(std::span<const float> data, std::size_t channels, std::size_t channel, double rate_hz,
                          const Window& event, double frequency_hz);

}  // namespace nmsim::labels
