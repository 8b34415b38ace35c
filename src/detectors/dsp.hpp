#pragma once
// Signal-processing building blocks shared by the baseline detectors: zero-phase
// Butterworth sections, moving averages, power spectra and Morlet-wavelet envelopes.
#include <cstddef>
#include <vector>

#include "core/time_series.hpp"

namespace nmsim::detectors {

std::vector<double> channel(const TimeSeries& s, std::size_t c);

// Second-order Butterworth section (bilinear transform), run forwards then backwards, so the
// result has no phase lag and a fourth-order magnitude response.
enum class FilterKind { lowpass, highpass };
std::vector<double> filtfilt2(const std::vector<double>& x, double rate_hz, double cutoff_hz, FilterKind kind);

// Centred moving average over `width` samples (shorter at the edges).
std::vector<double> moving_average(const std::vector<double>& x, std::size_t width);
// |x - mean(x)|
std::vector<double> rectified(const std::vector<double>& x);

// One-sided power spectrum of x[first, first + n) with a Hann window, mean removed:
// power[k] at frequency k * rate / n.
struct Spectrum {
  double df = 0.0;
  std::vector<double> power;
  double band_power(double lo_hz, double hi_hz) const;  // sum over lo <= f <= hi
  // Frequency below which half of the power in [lo, hi] lies.
  double median_frequency(double lo_hz, double hi_hz) const;
  // Frequency of the largest bin in [lo, hi].
  double peak_frequency(double lo_hz, double hi_hz) const;
};
Spectrum power_spectrum(const std::vector<double>& x, std::size_t first, std::size_t n, double rate_hz);

// Envelope of x in a band: sqrt of the mean squared modulus of complex Morlet wavelet
// transforms (omega0 = 6) at `scales` centre frequencies spaced logarithmically over
// [lo, hi], computed in the frequency domain.
std::vector<double> morlet_envelope(const std::vector<double>& x, double rate_hz, double lo_hz, double hi_hz,
                                    int scales);

// p-quantile (0..1) of x by partial sort (x copied).
double percentile(std::vector<double> x, double p);

}  // namespace nmsim::detectors
