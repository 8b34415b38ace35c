#pragma once
// The learned baseline ("trivial ML"): L2-regularised logistic regression on eight features
// of 0.5 s EMG windows per channel, one model per label bit, fitted on the train split by
// Newton's method (IRLS). Features: log RMS, log RMS relative to the channel's trial median,
// rhythmicity (share of the rectified EMG's 1-30 Hz power within 1 Hz of its 3-12 Hz peak),
// that peak's frequency, the median frequency, the antagonist co-contraction index, the
// share of samples above 3x the median rectified value, and the log peak-to-median
// envelope ratio. A window is positive for a bit when at least half its samples carry it.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/label_series.hpp"
#include "detectors/detector.hpp"
#include "detectors/windows.hpp"

namespace nmsim::detectors {

inline constexpr std::size_t kWindowFeatures = 8;
using FeatureRow = std::array<double, kWindowFeatures>;
extern const std::array<const char*, kWindowFeatures> kWindowFeatureNames;

Parameters logistic_parameters();

// Features of every window of every channel of a trial: rows ordered channel-major.
struct TrialWindows {
  WindowGrid grid{0, 1.0, 0.0, 1.0, 1.0};
  std::size_t channels = 0;
  std::vector<FeatureRow> rows;  // channels × grid.count
};
TrialWindows window_features(const TrialInput& trial, const Parameters& p);
// 1/0 per row of `w`: at least half the window's samples carry `mask` in its channel.
std::vector<double> window_targets(const TrialWindows& w, const LabelSeries& labels, LabelMask mask);

class LogisticModel {
 public:
  // Standardises the features, then Newton iterations on the penalised log-likelihood.
  void fit(const std::vector<FeatureRow>& x, const std::vector<double>& y, double l2, int max_iterations);
  double probability(const FeatureRow& x) const;
  const std::vector<double>& coefficients() const { return beta_; }  // intercept first, standardised units

 private:
  FeatureRow mean_{}, scale_{};
  std::vector<double> beta_;
};

// Runs of windows with probability >= threshold as events labelled `label`.
scoring::DetectionTable logistic_detections(const TrialInput& trial, const TrialWindows& w, const LogisticModel& m,
                                            const std::string& label, double threshold);

}  // namespace nmsim::detectors
