#include "labels/salience.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

}  // namespace nmsim::labels
