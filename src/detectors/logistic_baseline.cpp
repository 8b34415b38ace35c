#include "detectors/logistic_baseline.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "detectors/dsp.hpp"
#include "detectors/dystonia_flags.hpp"

namespace nmsim::detectors {

const std::array<const char*, kWindowFeatures> kWindowFeatureNames{
    "log_rms", "log_relative_rms", "rhythmicity", "peak_frequency", "median_frequency",
    "co_contraction", "burst_fraction", "log_peak_to_median"};

Parameters logistic_parameters() {
  return {
      {"window_s", 0.5},        // ours
      {"step_s", 0.25},         // ours
      {"l2", 1e-3},             // penalty on standardised coefficients (ours)
      {"max_iterations", 30},   // Newton steps (ours)
      {"threshold", 0.5},       // probability for a detection
      {"max_train_windows", 300000},  // every k-th training window beyond this (ours)
  };
}

TrialWindows window_features(const TrialInput& t, const Parameters& p) {
  const TimeSeries& emg = *t.emg;
  TrialWindows out;
  out.grid = WindowGrid(emg.n_samples(), emg.rate_hz, emg.starting_time_s, p["window_s"], p["step_s"]);
  out.channels = emg.n_channels();
  const WindowGrid& g = out.grid;
  if (g.count == 0) return out;
  const DystoniaWindows d = dystonia_windows(t, p["window_s"], p["step_s"], 10.0);
  for (std::size_t c = 0; c < out.channels; ++c) {
    const auto x = channel(emg, c);
    const auto r = rectified(x);
    const auto env = filtfilt2(r, emg.rate_hz, 10.0, FilterKind::lowpass);
    const double median_rms = percentile(d.rms[c], 0.5);
    for (std::size_t w = 0; w < g.count; ++w) {
      const std::size_t a = g.first(w), n = g.length;
      const Spectrum s = power_spectrum(r, a, n, emg.rate_hz);
      const double f = s.peak_frequency(3.0, 12.0);
      const double total = s.band_power(1.0, 30.0);
      std::vector<double> seg(r.begin() + static_cast<std::ptrdiff_t>(a), r.begin() + static_cast<std::ptrdiff_t>(a + n));
      const double med = percentile(seg, 0.5);
      double above = 0;
      for (double v : seg) above += v > 3.0 * med;
      std::vector<double> eseg(env.begin() + static_cast<std::ptrdiff_t>(a), env.begin() + static_cast<std::ptrdiff_t>(a + n));
      const double emax = *std::max_element(eseg.begin(), eseg.end()), emed = percentile(eseg, 0.5);
      const double rms = d.rms[c][w];
      out.rows.push_back({std::log10(rms + 1e-9), std::log10((rms + 1e-9) / (median_rms + 1e-9)),
                          total > 0 ? s.band_power(f - 1.0, f + 1.0) / total : 0.0, f / 10.0,
                          std::isnan(d.median_freq[c][w]) ? 0.0 : d.median_freq[c][w] / 100.0,
                          std::isnan(d.cci[w]) ? 0.0 : d.cci[w], above / static_cast<double>(n),
                          std::log10((std::abs(emax) + 1e-9) / (std::abs(emed) + 1e-9))});
    }
  }
  return out;
}

std::vector<double> window_targets(const TrialWindows& w, const LabelSeries& labels, LabelMask mask) {
  std::vector<double> y;
  const WindowGrid& g = w.grid;
  for (std::size_t c = 0; c < w.channels; ++c)
    for (std::size_t k = 0; k < g.count; ++k) {
      std::size_t on = 0, n = 0;
      for (std::size_t i = g.first(k); i < g.first(k) + g.length && i < labels.n_samples(); ++i, ++n)
        on += (labels.at(i, std::min(c, labels.channels.size() - 1)) & mask) != 0;
      y.push_back(n > 0 && 2 * on >= n ? 1.0 : 0.0);
    }
  return y;
}

void LogisticModel::fit(const std::vector<FeatureRow>& x, const std::vector<double>& y, double l2, int max_iterations) {
  const auto n = static_cast<Eigen::Index>(x.size());
  constexpr auto d = static_cast<Eigen::Index>(kWindowFeatures);
  for (std::size_t j = 0; j < kWindowFeatures; ++j) {
    double m = 0, v = 0;
    for (const auto& r : x) m += r[j];
    m /= std::max<double>(1.0, static_cast<double>(x.size()));
    for (const auto& r : x) v += (r[j] - m) * (r[j] - m);
    mean_[j] = m;
    scale_[j] = x.size() > 1 && v > 0 ? std::sqrt(v / static_cast<double>(x.size() - 1)) : 1.0;
  }
  Eigen::MatrixXd X(n, d + 1);
  Eigen::VectorXd Y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = 1.0;
    for (Eigen::Index j = 0; j < d; ++j)
      X(i, j + 1) = (x[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] - mean_[static_cast<std::size_t>(j)]) /
                    scale_[static_cast<std::size_t>(j)];
    Y(i) = y[static_cast<std::size_t>(i)];
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(d + 1);
  Eigen::MatrixXd penalty = l2 * static_cast<double>(std::max<Eigen::Index>(1, n)) * Eigen::MatrixXd::Identity(d + 1, d + 1);
  penalty(0, 0) = 0.0;  // the intercept is not penalised
  for (int it = 0; it < max_iterations; ++it) {
    const Eigen::VectorXd eta = X * beta;
    const Eigen::VectorXd prob = eta.unaryExpr([](double e) { return 1.0 / (1.0 + std::exp(-e)); });
    const Eigen::VectorXd w = prob.unaryExpr([](double q) { return std::max(q * (1.0 - q), 1e-10); });
    const Eigen::VectorXd grad = X.transpose() * (Y - prob) - penalty * beta;
    const Eigen::MatrixXd H = X.transpose() * w.asDiagonal() * X + penalty + 1e-9 * Eigen::MatrixXd::Identity(d + 1, d + 1);
    const Eigen::VectorXd step = H.ldlt().solve(grad);
    beta += step;
    if (step.norm() < 1e-8) break;
  }
  beta_.assign(beta.data(), beta.data() + beta.size());
}

double LogisticModel::probability(const FeatureRow& x) const {
  if (beta_.empty()) return 0.0;
  double eta = beta_[0];
  for (std::size_t j = 0; j < kWindowFeatures; ++j) eta += beta_[j + 1] * (x[j] - mean_[j]) / scale_[j];
  return 1.0 / (1.0 + std::exp(-eta));
}

scoring::DetectionTable logistic_detections(const TrialInput& t, const TrialWindows& w, const LogisticModel& m,
                                            const std::string& label, double threshold) {
  scoring::DetectionTable out;
  for (std::size_t c = 0; c < w.channels; ++c) {
    std::vector<double> prob(w.grid.count);
    for (std::size_t k = 0; k < w.grid.count; ++k) prob[k] = m.probability(w.rows[c * w.grid.count + k]);
    add_window_runs(out, t.trial, t.emg->channels[c], label, w.grid, prob, threshold);
  }
  return out;
}

}  // namespace nmsim::detectors
