#pragma once
// Dystonia flags on 0.5 s windows of the EMG, by one of two published signs:
//  - co-contraction: Falconer & Winter's index 2·Σmin(A,B)/Σ(A+B) of the linear envelopes
//    of the muscles on either side of the joint (A: positive moment arm, B: negative), each
//    envelope in volts (the data hold no maximal contraction to normalise by), at least
//    `cci_threshold` while both sides are active;
//  - median frequency: Go, Coleman-Wood & Kaufman (2014, J Electromyogr Kinesiol 24:31)
//    found median power frequency below 70 Hz in dystonic muscles.
// A channel is active where its window RMS is at least `active_factor` × its RMS over the
// trial's first rest phase. Flagged windows of a channel join into `dystonia` events.
#include "detectors/detector.hpp"

namespace nmsim::detectors {

enum class DystoniaRule { co_contraction, median_frequency };
Parameters dystonia_parameters(DystoniaRule rule);
// Score: the window's co-contraction index, or (70 Hz - median frequency) / 70 Hz + 1 > 1.
scoring::DetectionTable detect_dystonia(const TrialInput& trial, const Parameters& p, DystoniaRule rule);

// Per-window figures shared with the learned baseline: for each window, the co-contraction
// index of the trial's antagonists (NaN without both sides) and each channel's RMS and
// median frequency.
struct DystoniaWindows {
  std::vector<double> cci;                              // per window
  std::vector<std::vector<double>> rms, median_freq;   // [channel][window]
};
DystoniaWindows dystonia_windows(const TrialInput& trial, double window_s, double step_s, double envelope_hz);

}  // namespace nmsim::detectors
