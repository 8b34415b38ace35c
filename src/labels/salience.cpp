#include "labels/salience.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace nmsim::labels {

ChannelPower::ChannelPower(std::span<const float> data, std::size_t channels, std::size_t channel, double rate_hz,
                           const LabelSeries* labels, LabelMask exclude)
    : rate_hz_(rate_hz), n_(channels ? data.size() / channels : 0) {
  all_.assign(n_ + 1, 0.0);
  kept_.assign(n_ + 1, 0.0);
  kept_count_.assign(n_ + 1, 0);
  const bool masked = labels && exclude && labels->n_samples() == n_;
  for (std::size_t k = 0; k < n_; ++k) {
    const double x = data[k * channels + channel];
    const bool keep = !masked || (labels->at(k, channel) & exclude) == 0;
    all_[k + 1] = all_[k] + x * x;
    kept_[k + 1] = kept_[k] + (keep ? x * x : 0.0);
    kept_count_[k + 1] = kept_count_[k] + (keep ? 1u : 0u);
  }
}

std::size_t ChannelPower::index(double t) const {
  const double k = std::ceil(t * rate_hz_ - 1e-9);
  return static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(n_)));
}

double ChannelPower::mean_square(const Window& w) const {
  const std::size_t a = index(w.start_s), b = index(w.stop_s);
  if (b <= a) return std::numeric_limits<double>::quiet_NaN();
  return (all_[b] - all_[a]) / static_cast<double>(b - a);
}

double ChannelPower::mean_square_excluding(std::span<const Window> windows, double* kept_s) const {
  double sum = 0.0;
  std::uint64_t count = 0;
  for (const Window& w : windows) {
    const std::size_t a = index(w.start_s), b = index(w.stop_s);
    if (b <= a) continue;
    sum += kept_[b] - kept_[a];
    count += kept_count_[b] - kept_count_[a];
  }
  if (kept_s) *kept_s = static_cast<double>(count) / rate_hz_;
  return count ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
}

double power_ratio_db(double numerator, double denominator) {
  if (std::isnan(numerator) || std::isnan(denominator)) return std::numeric_limits<double>::quiet_NaN();
  if (denominator <= 0.0) return numerator > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  if (numerator <= 0.0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(numerator / denominator);
}

namespace {

// Mean square of the baseline before `event` (after it, if too little is left before).
double baseline_power(const ChannelPower& emg, const Window& event, double baseline_s) {
  const Window before[] = {{event.start_s - baseline_s, event.start_s}};
  const Window after[] = {{event.stop_s, event.stop_s + baseline_s}};
  double kept_s = 0.0;
  const double b = emg.mean_square_excluding(before, &kept_s);
  if (kept_s >= 0.1 * baseline_s) return b;
  return emg.mean_square_excluding(after);
}

}  // namespace

double burst_salience_db(const ChannelPower& emg, const Window& event, double baseline_s) {
  return power_ratio_db(emg.mean_square(event), baseline_power(emg, event, baseline_s));
}

double silence_salience_db(const ChannelPower& emg, const Window& event, double baseline_s) {
  const Window before[] = {{event.start_s - baseline_s, event.start_s}};
  return power_ratio_db(emg.mean_square_excluding(before), emg.mean_square(event));
}

double rhythm_salience_db(std::span<const float> data, std::size_t channels, std::size_t channel, double rate_hz,
                          const Window& event, double frequency_hz) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n_all = channels ? data.size() / channels : 0;
  const auto at = [&](double t) { return static_cast<std::size_t>(std::clamp(std::ceil(t * rate_hz - 1e-9), 0.0, static_cast<double>(n_all))); };
  const std::size_t a = at(event.start_s), b = at(event.stop_s);
  if (!(frequency_hz > 0.0) || b <= a || static_cast<double>(b - a) < 2.0 * rate_hz / frequency_hz) return kNaN;
  // Envelope: rectified EMG, centred 15 ms moving average, from a prefix sum.
  const auto w = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(0.015 * rate_hz)));
  std::vector<double> cum(n_all + 1, 0.0);
  for (std::size_t k = 0; k < n_all; ++k) cum[k + 1] = cum[k] + std::abs(static_cast<double>(data[k * channels + channel]));
  const std::size_t n = b - a;
  std::vector<double> env(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = a + k, lo = i >= w / 2 ? i - w / 2 : 0, hi = std::min(n_all, i + w / 2 + 1);
    env[k] = (cum[hi] - cum[lo]) / static_cast<double>(hi - lo);
  }
  // Least squares on [1, t, cos, sin]: trend plus the rhythm (normal equations, 4 x 4).
  double A[4][4] = {}, y[4] = {};
  const double omega = 2.0 * std::numbers::pi * frequency_hz / rate_hz;
  for (std::size_t k = 0; k < n; ++k) {
    const double x = static_cast<double>(k) / static_cast<double>(n) - 0.5;
    const double f[4] = {1.0, x, std::cos(omega * static_cast<double>(k)), std::sin(omega * static_cast<double>(k))};
    for (int r = 0; r < 4; ++r) {
      y[r] += f[r] * env[k];
      for (int c = 0; c < 4; ++c) A[r][c] += f[r] * f[c];
    }
  }
  for (int p = 0; p < 4; ++p) {  // Gaussian elimination with partial pivoting
    int best = p;
    for (int r = p + 1; r < 4; ++r)
      if (std::abs(A[r][p]) > std::abs(A[best][p])) best = r;
    std::swap(A[p], A[best]);
    std::swap(y[p], y[best]);
    if (A[p][p] == 0.0) return kNaN;
    for (int r = p + 1; r < 4; ++r) {
      const double m = A[r][p] / A[p][p];
      for (int c = p; c < 4; ++c) A[r][c] -= m * A[p][c];
      y[r] -= m * y[p];
    }
  }
  double coef[4];
  for (int p = 3; p >= 0; --p) {
    double v = y[p];
    for (int c = p + 1; c < 4; ++c) v -= A[p][c] * coef[c];
    coef[p] = v / A[p][p];
  }
  double fit = 0.0, rest = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double x = static_cast<double>(k) / static_cast<double>(n) - 0.5;
    const double rhythm = coef[2] * std::cos(omega * static_cast<double>(k)) + coef[3] * std::sin(omega * static_cast<double>(k));
    const double residual = env[k] - coef[0] - coef[1] * x - rhythm;
    fit += rhythm * rhythm;
    rest += residual * residual;
  }
  return power_ratio_db(fit, rest);
}

}  // namespace nmsim::labels
