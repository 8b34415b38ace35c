#include "detectors/dsp.hpp"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace nmsim::detectors {

std::vector<double> channel(const TimeSeries& s, std::size_t c) {
  std::vector<double> x(s.n_samples());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = s.at(i, c);
  return x;
}

namespace {

struct Biquad {
  double b0, b1, b2, a1, a2;
  void run(std::vector<double>& x) const {
    if (x.empty()) return;
    // Start in the steady state of the first value, so the edges do not ring.
    double x1 = x[0], x2 = x[0];
    const double gain = (b0 + b1 + b2) / (1.0 + a1 + a2);
    double y1 = std::isfinite(gain) ? x[0] * gain : 0.0, y2 = y1;
    for (double& v : x) {
      const double y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = v;
      y2 = y1;
      y1 = y;
      v = y;
    }
  }
};

Biquad butterworth2(double rate, double fc, FilterKind kind) {
  const double k = std::tan(std::numbers::pi * fc / rate), q = std::numbers::sqrt2 / 2.0;
  const double norm = 1.0 / (1.0 + k / q + k * k);
  if (kind == FilterKind::lowpass)
    return {k * k * norm, 2 * k * k * norm, k * k * norm, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm};
  return {norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm};
}

}  // namespace

std::vector<double> filtfilt2(const std::vector<double>& x, double rate_hz, double cutoff_hz, FilterKind kind) {
  const Biquad f = butterworth2(rate_hz, cutoff_hz, kind);
  std::vector<double> y = x;
  f.run(y);
  std::reverse(y.begin(), y.end());
  f.run(y);
  std::reverse(y.begin(), y.end());
  return y;
}

std::vector<double> moving_average(const std::vector<double>& x, std::size_t width) {
  std::vector<double> prefix(x.size() + 1, 0.0), out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) prefix[i + 1] = prefix[i] + x[i];
  const std::size_t half = width / 2;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t a = i >= half ? i - half : 0, b = std::min(x.size(), i + (width - half));
    out[i] = (prefix[b] - prefix[a]) / static_cast<double>(b - a);
  }
  return out;
}

std::vector<double> rectified(const std::vector<double>& x) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(std::max<std::size_t>(1, x.size()));
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = std::abs(x[i] - mean);
  return out;
}

double Spectrum::band_power(double lo, double hi) const {
  double s = 0.0;
  for (std::size_t k = 0; k < power.size(); ++k) {
    const double f = static_cast<double>(k) * df;
    if (f >= lo && f <= hi) s += power[k];
  }
  return s;
}

double Spectrum::median_frequency(double lo, double hi) const {
  const double half = band_power(lo, hi) / 2.0;
  double s = 0.0;
  for (std::size_t k = 0; k < power.size(); ++k) {
    const double f = static_cast<double>(k) * df;
    if (f < lo || f > hi) continue;
    s += power[k];
    if (s >= half) return f;
  }
  return NAN;
}

double Spectrum::peak_frequency(double lo, double hi) const {
  double best = -1.0, at = NAN;
  for (std::size_t k = 0; k < power.size(); ++k) {
    const double f = static_cast<double>(k) * df;
    if (f >= lo && f <= hi && power[k] > best) {
      best = power[k];
      at = f;
    }
  }
  return at;
}

Spectrum power_spectrum(const std::vector<double>& x, std::size_t first, std::size_t n, double rate_hz) {
  std::vector<double> w(n);
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += x[first + i];
  mean /= static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i)
    w[i] = (x[first + i] - mean) * 0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n)));
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spec;
  fft.fwd(spec, w);
  Spectrum s;
  s.df = rate_hz / static_cast<double>(n);
  s.power.resize(n / 2 + 1);
  for (std::size_t k = 0; k < s.power.size(); ++k) s.power[k] = std::norm(spec[k]);
  return s;
}

std::vector<double> morlet_envelope(const std::vector<double>& x, double rate_hz, double lo_hz, double hi_hz,
                                    int scales) {
  const std::size_t n = x.size();
  std::vector<double> out(n, 0.0);
  if (n == 0) return out;
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> X, W(n), w;
  fft.fwd(X, x);
  constexpr double kOmega0 = 6.0;
  for (int s = 0; s < scales; ++s) {
    const double fc = scales > 1 ? lo_hz * std::pow(hi_hz / lo_hz, static_cast<double>(s) / (scales - 1)) : lo_hz;
    const double sigma_f = fc / kOmega0;  // the Morlet's spectral width at omega0 = 6
    for (std::size_t k = 0; k < n; ++k) {
      const double f = static_cast<double>(k) * rate_hz / static_cast<double>(n);
      // Analytic wavelet: positive frequencies only, unit peak gain.
      W[k] = k > 0 && k <= n / 2 ? X[k] * (2.0 * std::exp(-0.5 * (f - fc) * (f - fc) / (sigma_f * sigma_f))) : 0.0;
    }
    fft.inv(w, W);
    for (std::size_t i = 0; i < n; ++i) out[i] += std::norm(w[i]);
  }
  for (double& v : out) v = std::sqrt(v / scales);
  return out;
}

double percentile(std::vector<double> x, double p) {
  if (x.empty()) return NAN;
  const auto k = static_cast<std::size_t>(std::clamp(p, 0.0, 1.0) * static_cast<double>(x.size() - 1));
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k), x.end());
  return x[k];
}

}  // namespace nmsim::detectors
