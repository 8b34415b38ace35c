#include "signals/ecg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/random.hpp"

namespace nmsim::signals {
namespace {

// ECGSYN's five waves (McSharry et al. 2003, Table 1) at 60 bpm: angular position θ and width
// b (rad) become time offset θ/(2π) s and width b/(2π) s from the R peak; a is the amplitude
// relative to R (30). P and T move with sqrt(RR); the QRS does not.
struct Wave {
  double offset_s, width_s, amplitude;
  bool scales;
};
constexpr double kTwoPi = 2.0 * std::numbers::pi;
const std::array<Wave, 5> kWaves{{
    {-std::numbers::pi / 3.0 / kTwoPi, 0.25 / kTwoPi, 1.2 / 30.0, true},    // P
    {-std::numbers::pi / 12.0 / kTwoPi, 0.1 / kTwoPi, -5.0 / 30.0, false},  // Q
    {0.0, 0.1 / kTwoPi, 1.0, false},                                        // R
    {std::numbers::pi / 12.0 / kTwoPi, 0.1 / kTwoPi, -7.5 / 30.0, false},   // S
    {std::numbers::pi / 2.0 / kTwoPi, 0.4 / kTwoPi, 0.75 / 30.0, true},     // T
}};

}  // namespace

std::vector<double> r_peak_times(const EcgParams& p, double duration_s, std::uint64_t seed, std::uint64_t trial,
                                 std::uint32_t stream) {
  NMSIM_CHECK(p.heart_rate_bpm > 0.0, "the ECG needs a heart rate");
  RandomStream rs(seed, trial, RngPurpose::Recording, stream);
  const double rr0 = 60.0 / p.heart_rate_bpm;
  constexpr double kAr = 0.7;  // beat-to-beat correlation of RR
  const double innovation = p.rr_sd_s * std::sqrt(1.0 - kAr * kAr);
  const double breath_phase = rs.uniform(0.0, kTwoPi);
  double ar = p.rr_sd_s * rs.normal();  // stationary start
  std::vector<double> out;
  // The first beat falls anywhere in the first interval: the heart was beating before.
  for (double t = rs.uniform(0.0, rr0); t < duration_s;) {
    out.push_back(t);
    ar = kAr * ar + innovation * rs.normal();
    const double rr = rr0 + p.rsa_s * std::sin(kTwoPi * p.respiration_hz * t + breath_phase) + ar;
    t += std::max(0.3, rr);  // no faster than 200 bpm
  }
  return out;
}

std::vector<double> ecg_waveform(const std::vector<double>& r_peaks, std::size_t n, double rate_hz) {
  std::vector<double> v(n, 0.0);
  for (std::size_t b = 0; b < r_peaks.size(); ++b) {
    const double rr = b + 1 < r_peaks.size() ? r_peaks[b + 1] - r_peaks[b] : (b > 0 ? r_peaks[b] - r_peaks[b - 1] : 1.0);
    const double scale = std::sqrt(rr);
    for (const Wave& w : kWaves) {
      const double centre = r_peaks[b] + w.offset_s * (w.scales ? scale : 1.0);
      const double width = w.width_s * (w.scales ? scale : 1.0);
      const auto lo = static_cast<std::ptrdiff_t>(std::floor((centre - 5.0 * width) * rate_hz));
      const auto hi = static_cast<std::ptrdiff_t>(std::ceil((centre + 5.0 * width) * rate_hz));
      for (std::ptrdiff_t k = std::max<std::ptrdiff_t>(0, lo); k <= hi && k < static_cast<std::ptrdiff_t>(n); ++k) {
        const double x = (static_cast<double>(k) / rate_hz - centre) / width;
        v[static_cast<std::size_t>(k)] += w.amplitude * std::exp(-0.5 * x * x);
      }
    }
  }
  return v;
}

}  // namespace nmsim::signals
