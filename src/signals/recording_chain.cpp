#include "signals/recording_chain.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/random.hpp"
#include "core/resample.hpp"
#include "core/smooth_noise.hpp"
#include "signals/emg.hpp"
#include "signals/normal_sampler.hpp"

namespace nmsim::signals {
namespace {

// Substreams of RngPurpose::Recording: one block per channel, one slot per use.
constexpr std::uint32_t kStreamsPerChannel = 16;
constexpr std::uint32_t kHeartStream = 0xFFFF0000u;  // one heart for every channel
constexpr std::uint32_t kPhaseStream = 0, kDriftStream = 1, kFrequencyStream = 2, kPopStream = 3, kDropoutStream = 4,
                        kMotionStream = 5, kWanderStream = 6, kEcgStream = 7, kShiftStream = 8, kColouredStream = 9;
enum Bit : unsigned { kClipping = 0, kPop = 1, kDropout = 2, kQrs = 3, kShift = 4 };

double rms(std::span<const float> x, std::size_t stride, std::size_t channel) {
  const std::size_t n = x.size() / stride;
  double sum = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double v = x[k * stride + channel];
    sum += v * v;
  }
  return n ? std::sqrt(sum / static_cast<double>(n)) : 0.0;
}

double rms(const std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v * v;
  return x.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(x.size()));
}

std::uint32_t stream(std::size_t channel, std::uint32_t slot) {
  return static_cast<std::uint32_t>(channel) * kStreamsPerChannel + slot;
}

// Adds `v` (one channel's artefact, n samples) to channel ch, scaled by `scale`.
void add_channel(std::span<float> emg, std::size_t m, std::size_t ch, const std::vector<double>& v, double scale) {
  for (std::size_t k = 0; k < v.size(); ++k)
    emg[k * m + ch] = static_cast<float>(static_cast<double>(emg[k * m + ch]) + scale * v[k]);
}

// The RMS an SNR-or-amplitude setting asks for, against the clean channel's RMS.
double target_rms(double amplitude_v, double snr_db, double clean_rms) {
  return std::isnan(snr_db) ? amplitude_v : clean_rms * std::pow(10.0, -snr_db / 20.0);
}

void add_crosstalk(std::span<float> emg, std::size_t m, const std::vector<std::vector<float>>& sources,
                   const EmgParams& params) {
  const auto& c = params.chain.crosstalk;
  NMSIM_CHECK(c.size() == m && sources.size() == m, "crosstalk needs one row and one source per channel");
  const std::size_t n = emg.size() / m;
  // Sum into double per channel first: every leak is added to the clean EMG once, so the
  // float rounding of the written sample happens once.
  std::vector<std::vector<double>> filtered(m);
  for (std::size_t to = 0; to < m; ++to) {
    std::vector<double> leak(n, 0.0);
    bool any = false;
    for (std::size_t from = 0; from < m; ++from) {
      if (from == to || c[to][from] == 0.0) continue;
      if (filtered[from].empty()) filtered[from] = amplifier_filter(sources[from], params);
      for (std::size_t k = 0; k < n; ++k) leak[k] += c[to][from] * filtered[from][k];
      any = true;
    }
    if (!any) continue;
    for (std::size_t k = 0; k < n; ++k)
      emg[k * m + to] = static_cast<float>(static_cast<double>(emg[k * m + to]) + leak[k]);
  }
}

// clean_rms[ch]: the channel's RMS before any stage of the chain, the reference of snr_db.
void add_powerline(std::span<float> emg, std::size_t m, const std::vector<double>& clean_rms, const EmgParams& params,
                   std::uint64_t seed, std::uint64_t trial) {
  const std::size_t n = emg.size() / m;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const PowerlineParams& p = params.chain.of(ch).powerline;
    if (!p.enabled()) continue;
    const double target = target_rms(p.amplitude_v, p.snr_db, clean_rms[ch]);
    if (!(target > 0.0)) continue;
    const std::vector<double> hum = powerline_shape(p, n, params.rate_hz, seed, trial, static_cast<std::uint32_t>(ch));
    add_channel(emg, m, ch, hum, target / rms(hum));
  }
}

// The electrode potential's slow drift, at the electrode: what the amplifier band leaves of it.
void add_wander(std::span<float> emg, std::size_t m, const EmgParams& params, std::uint64_t seed, std::uint64_t trial) {
  const std::size_t n = emg.size() / m;
  const double duration = static_cast<double>(n) / params.rate_hz;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const WanderParams& w = params.chain.of(ch).wander;
    if (!w.enabled()) continue;
    const core::SmoothNoise drift({w.amplitude_v, w.correlation_s, std::min(0.05, w.correlation_s / 10.0)}, duration,
                                  RandomStream(seed, trial, RngPurpose::Recording, stream(ch, kWanderStream)));
    std::vector<double> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = drift(static_cast<double>(k) / params.rate_hz);
    add_channel(emg, m, ch, amplifier_filter(std::move(v), params), 1.0);
  }
}

// Each channel's own coloured noise through the amplifier band, at its exact size.
void add_coloured_noise(std::span<float> emg, std::size_t m, const std::vector<double>& clean_rms, const EmgParams& params,
                        std::uint64_t seed, std::uint64_t trial) {
  const std::size_t n = emg.size() / m;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const ColouredNoiseParams& p = params.chain.of(ch).coloured_noise;
    if (!p.enabled()) continue;
    const std::vector<double> v = amplifier_filter(
        coloured_noise(p.exponent, p.low_hz, n, params.rate_hz,
                       RandomStream(seed, trial, RngPurpose::Recording, stream(ch, kColouredStream))),
        params);
    add_channel(emg, m, ch, v, target_rms(p.amplitude_v, p.snr_db, clean_rms[ch]) / rms(v));
  }
}

// The limb's angular acceleration at the EMG rate (linear interpolation), band-passed to the
// motion band and then through the amplifier band: the common shape of every channel's artefact.
std::vector<double> motion_shape(const ChainInputs& in, std::size_t n, const MotionParams& p, const EmgParams& params) {
  NMSIM_CHECK(!in.acceleration.empty() && in.acceleration_rate_hz > 0.0, "the motion artefact needs the acceleration");
  std::vector<double> a = core::resample_linear(in.acceleration, in.acceleration_rate_hz, params.rate_hz, n);
  EmgParams band = params;
  band.highpass_hz = p.low_hz;
  band.lowpass_hz = p.high_hz;
  return amplifier_filter(amplifier_filter(std::move(a), band), params);
}

void add_motion(std::span<float> emg, std::size_t m, const ChainInputs& in, const std::vector<double>& clean_rms,
                const EmgParams& params, std::uint64_t seed, std::uint64_t trial) {
  std::vector<double> shape;  // of the band of the channel before, which the next one mostly shares
  double low = NAN, high = NAN, shape_rms = 0.0;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const MotionParams& p = params.chain.of(ch).motion;
    if (!p.enabled()) continue;
    if (p.low_hz != low || p.high_hz != high) {
      shape = motion_shape(in, emg.size() / m, p, params);
      shape_rms = rms(shape);
      low = p.low_hz, high = p.high_hz;
    }
    if (!(shape_rms > 0.0)) continue;  // a limb at rest moves no electrode
    RandomStream rs(seed, trial, RngPurpose::Recording, stream(ch, kMotionStream));
    const double sign = rs.uniform() < 0.5 ? -1.0 : 1.0;
    add_channel(emg, m, ch, shape, sign * target_rms(p.amplitude_v, p.snr_db, clean_rms[ch]) / shape_rms);
  }
}

// Samples [first, last) of channel ch become `gain` times the channel's pickup `src` (one
// channel, unshifted) seen through `kernel` (empty: unfiltered).
void reseat(std::span<float> emg, std::size_t m, std::size_t ch, const std::vector<float>& src,
            const std::vector<double>& kernel, double gain, std::size_t first, std::size_t last) {
  const std::ptrdiff_t half = static_cast<std::ptrdiff_t>(kernel.size() / 2), n = static_cast<std::ptrdiff_t>(src.size());
  for (std::size_t k = first; k < last; ++k) {
    double v = src[k];
    if (!kernel.empty()) {
      v = 0.0;
      const std::ptrdiff_t c = static_cast<std::ptrdiff_t>(k);
      for (std::ptrdiff_t j = std::max(-half, c - n + 1); j <= std::min(half, c); ++j)
        v += kernel[static_cast<std::size_t>(j + half)] * src[static_cast<std::size_t>(c - j)];
    }
    emg[k * m + ch] = static_cast<float>(gain * v);
  }
}

// From each shift on, the channel's pickup so far (its muscle and crosstalk) is scaled anew
// and, with a depth change, seen through the extra tissue.
void add_shifts(std::span<float> emg, std::size_t m, const EmgParams& params, std::uint64_t seed, std::uint64_t trial,
                ChainArtefacts& out) {
  const std::size_t n = emg.size() / m;
  const double duration = static_cast<double>(n) / params.rate_hz;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const ShiftParams& p = params.chain.of(ch).shifts;
    if (!p.enabled()) continue;
    std::vector<float> src(n);
    for (std::size_t k = 0; k < n; ++k) src[k] = emg[k * m + ch];
    RandomStream rs(seed, trial, RngPurpose::Recording, stream(ch, kShiftStream));
    double gain = 1.0;
    for (double t = rs.exponential(p.rate_per_min / 60.0); t < duration;) {
      gain *= std::exp(rs.uniform(-1.0, 1.0) * std::log(p.max_gain));
      std::optional<double> depth;
      std::vector<double> kernel;
      if (p.max_depth_m > 0.0) {
        depth = rs.uniform(0.0, p.max_depth_m);
        kernel = depth_kernel(*depth / p.conduction_velocity_m_s * params.rate_hz);
      }
      const double next = t + rs.exponential(p.rate_per_min / 60.0);
      reseat(emg, m, ch, src, kernel, gain, sample_at(t, params.rate_hz), std::min(n, sample_at(next, params.rate_hz)));
      out.events.push_back({t, std::min(next, duration), kShift, ch, 0.0, gain, depth});
      t = next;
    }
  }
}

// One heart: the same beats in every channel, each channel with its own lead polarity, through
// the amplifier band; sized by the R wave at the electrode or by an exact SNR.
void add_ecg(std::span<float> emg, std::size_t m, const std::vector<double>& clean_rms, const EmgParams& params,
             std::uint64_t seed, std::uint64_t trial, ChainArtefacts& out) {
  const std::size_t n = emg.size() / m;
  const double duration = static_cast<double>(n) / params.rate_hz;
  const std::vector<double> beats = r_peak_times(params.chain.ecg, duration, seed, trial, kHeartStream);
  if (beats.empty()) return;
  const std::vector<double> heart = amplifier_filter(ecg_waveform(beats, n, params.rate_hz), params);
  const double heart_rms = rms(heart);
  for (std::size_t ch = 0; ch < m; ++ch) {
    const EcgParams& p = params.chain.of(ch).ecg;  // its size; the heart is the recording's
    if (!p.enabled()) continue;
    RandomStream rs(seed, trial, RngPurpose::Recording, stream(ch, kEcgStream));
    const double sign = rs.uniform() < 0.5 ? -1.0 : 1.0;
    const double scale = std::isnan(p.snr_db) ? p.amplitude_v : target_rms(0.0, p.snr_db, clean_rms[ch]) / heart_rms;
    add_channel(emg, m, ch, heart, sign * scale);
    for (const double r : beats)
      out.events.push_back({std::max(0.0, r - kQrsHalfWidthS), std::min(duration, r + kQrsHalfWidthS), kQrs, ch,
                            0.0, 0.0, {}});
  }
}

// Pops at the electrode pass the amplifier's band like the EMG does.
void add_pops(std::span<float> emg, std::size_t m, const EmgParams& params, std::uint64_t seed, std::uint64_t trial,
              ChainArtefacts& out) {
  const std::size_t n = emg.size() / m;
  for (std::size_t ch = 0; ch < m; ++ch) {
    const TransientParams& p = params.chain.of(ch).pops;
    if (!p.enabled()) continue;
    const std::vector<Occurrence> pops =
        draw_occurrences(p, true, static_cast<double>(n) / params.rate_hz, seed, trial, stream(ch, kPopStream));
    if (pops.empty()) continue;
    add_channel(emg, m, ch, amplifier_filter(pop_waveform(pops, p.duration_s, n, params.rate_hz), params), 1.0);
    for (const Occurrence& o : pops) out.events.push_back({o.start_s, o.stop_s, kPop, ch, o.amplitude_v, 0.0, {}});
  }
}

// A lifted lead: the channel reads 0 V (the amplifier's input clamp) until contact returns.
void add_dropouts(std::span<float> emg, std::size_t m, const EmgParams& params, std::uint64_t seed,
                  std::uint64_t trial, ChainArtefacts& out) {
  const std::size_t n = emg.size() / m;
  for (std::size_t ch = 0; ch < m; ++ch) {
    if (!params.chain.of(ch).dropouts.enabled()) continue;
    for (const Occurrence& o : draw_occurrences(params.chain.of(ch).dropouts, false, static_cast<double>(n) / params.rate_hz,
                                                seed, trial, stream(ch, kDropoutStream))) {
      const std::size_t first = sample_at(o.start_s, params.rate_hz);
      const std::size_t last = std::min(n, sample_at(o.stop_s, params.rate_hz));
      for (std::size_t k = first; k < last; ++k) emg[k * m + ch] = 0.0f;
      out.events.push_back({o.start_s, o.stop_s, kDropout, ch, 0.0, 0.0, {}});
    }
  }
}

// Marks every event's samples [ceil(start·rate), ceil(stop·rate)) with its bit.
void mark(ChainArtefacts& a, std::size_t n, std::size_t m, double rate_hz) {
  for (const ArtefactEvent& e : a.events) {
    const std::size_t first = sample_at(e.start_s, rate_hz);
    const std::size_t last = std::min(n, sample_at(e.stop_s, rate_hz));
    for (std::size_t k = first; k < last; ++k) a.mask[k * m + e.channel] |= bit_mask(e.bit);
  }
}

// One clipping event per run of clipped samples in a channel.
void clipping_events(ChainArtefacts& a, std::size_t n, std::size_t m, double rate_hz) {
  for (std::size_t ch = 0; ch < m; ++ch) {
    std::size_t k = 0;
    while (k < n) {
      if (!(a.mask[k * m + ch] & bit_mask(kClipping))) {
        ++k;
        continue;
      }
      const std::size_t first = k;
      while (k < n && (a.mask[k * m + ch] & bit_mask(kClipping))) ++k;
      a.events.push_back({static_cast<double>(first) / rate_hz, static_cast<double>(k) / rate_hz, kClipping, ch, 0.0, 0.0, {}});
    }
  }
}

}  // namespace

const std::vector<std::string>& artefact_bit_names() {
  static const std::vector<std::string> names{"clipping", "electrode_pop", "dropout", "ecg_qrs", "electrode_shift"};
  return names;
}

std::vector<double> coloured_noise(double exponent, double low_hz, std::size_t n, double rate_hz, RandomStream rng) {
  // A Lorentzian of variance v and corner f_c is flat (v / π f_c) below f_c and falls as v f_c / π f²
  // above it; summed over corners spaced evenly in log f with v ∝ f_c^(1 − α), both sides scale
  // as f^−α between the lowest corner and the highest.
  std::vector<double> out(n, 0.0);
  const double top = 0.5 * rate_hz;
  for (double fc = low_hz; fc < top; fc *= std::pow(10.0, 1.0 / 3.0)) {
    const double sd = std::pow(fc, 0.5 * (1.0 - exponent));
    const double a = std::exp(-2.0 * std::numbers::pi * fc / rate_hz);
    const double kick = sd * std::sqrt(1.0 - a * a);  // exact AR(1) of an OU with corner fc
    double x = sd * ziggurat_normal(rng);
    for (std::size_t k = 0; k < n; ++k) {
      out[k] += x;
      x = a * x + kick * ziggurat_normal(rng);  // the ziggurat: this stage draws ~10 normals a sample
    }
  }
  const double r = rms(out);
  for (double& v : out) v /= r > 0.0 ? r : 1.0;
  return out;
}

std::vector<double> depth_kernel(double tau_samples) {
  NMSIM_CHECK(tau_samples >= 0.0, "a depth kernel needs a non-negative time constant");
  // h[j] = ∫ exp(-a|ν|) cos(2π ν j) dν over |ν| ≤ 1/2 (cycles per sample), a = 2π τ.
  const double a = 2.0 * std::numbers::pi * tau_samples;
  const long half = static_cast<long>(std::ceil(64.0 * tau_samples)) + 8;
  std::vector<double> h(static_cast<std::size_t>(2 * half + 1));
  for (long j = -half; j <= half; ++j) {
    const double alternating = (j % 2 == 0) ? 1.0 : -1.0;
    const double w = 2.0 * std::numbers::pi * static_cast<double>(j);
    h[static_cast<std::size_t>(j + half)] =
        a > 0.0 ? 2.0 * (1.0 - alternating * std::exp(-0.5 * a)) * a / (a * a + w * w) : (j == 0 ? 1.0 : 0.0);
  }
  return h;
}

double AdcParams::step_v() const { return 2.0 * full_scale_v() / std::ldexp(1.0, bits); }

std::vector<double> powerline_shape(const PowerlineParams& p, std::size_t n, double rate_hz, std::uint64_t seed,
                                    std::uint64_t trial, std::uint32_t channel) {
  NMSIM_CHECK(p.enabled() && rate_hz > 0.0, "powerline needs a frequency and a sampling rate");
  NMSIM_CHECK(p.frequency_hz * static_cast<double>(p.harmonics.size() + 1) < 0.5 * rate_hz,
              "every powerline harmonic must lie below Nyquist");
  // Each harmonic's phase is arbitrary: where the cable runs, how the leads are twisted.
  RandomStream phases(seed, trial, RngPurpose::Recording, stream(channel, kPhaseStream));
  std::vector<double> amplitude{1.0};
  amplitude.insert(amplitude.end(), p.harmonics.begin(), p.harmonics.end());
  std::vector<double> cos_phase, sin_phase;
  for (std::size_t h = 0; h < amplitude.size(); ++h) {
    const double phi = phases.uniform(0.0, 2.0 * std::numbers::pi);
    cos_phase.push_back(std::cos(phi));
    sin_phase.push_back(std::sin(phi));
  }
  const double duration = static_cast<double>(n) / rate_hz;
  const auto slow = [&](double sd, std::uint32_t slot) {
    return sd > 0.0 ? core::SmoothNoise({sd, p.drift_time_s, std::min(0.05, p.drift_time_s / 10.0)}, duration,
                                        RandomStream(seed, trial, RngPurpose::Recording, stream(channel, slot)))
                    : core::SmoothNoise();
  };
  const core::SmoothNoise level = slow(p.drift, kDriftStream), frequency = slow(p.frequency_drift_hz, kFrequencyStream);
  std::vector<double> out(n);
  // The fundamental's phase integrates the (drifting) mains frequency; harmonic h runs at h times it.
  double cycle = 0.0;  // fundamental phase in cycles, kept in [0, 1) for precision
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    // sin(hθ + φ) = sin hθ cos φ + cos hθ sin φ, with sin hθ and cos hθ by angle addition:
    // one sin/cos pair per sample instead of one sine per harmonic.
    const double theta = 2.0 * std::numbers::pi * cycle;
    const double s1 = std::sin(theta), c1 = std::cos(theta);
    double sh = s1, ch = c1, v = 0.0;
    for (std::size_t h = 0; h < amplitude.size(); ++h) {
      v += amplitude[h] * (sh * cos_phase[h] + ch * sin_phase[h]);
      const double next = sh * c1 + ch * s1;
      ch = ch * c1 - sh * s1;
      sh = next;
    }
    out[k] = level.zero() ? v : v * std::max(0.0, 1.0 + level(t));
    cycle += (p.frequency_hz + (frequency.zero() ? 0.0 : frequency(t))) / rate_hz;
    cycle -= std::floor(cycle);
  }
  return out;
}

std::size_t quantise(std::span<float> x, const AdcParams& adc, std::span<LabelMask> mask, LabelMask bit) {
  NMSIM_CHECK(adc.enabled() && adc.range_v > 0.0 && adc.gain > 0.0, "ADC needs bits, a range and a gain");
  NMSIM_CHECK(mask.empty() || mask.size() == x.size(), "the clipping mask needs one entry per sample");
  const double q = adc.step_v();
  // Codes run from -2^(bits-1) to 2^(bits-1) - 1, as in a two's-complement converter.
  const double lo = -std::ldexp(1.0, adc.bits - 1), hi = std::ldexp(1.0, adc.bits - 1) - 1.0;
  std::size_t clipped = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double code = std::round(static_cast<double>(x[k]) / q);
    const double c = std::clamp(code, lo, hi);
    if (c != code) {
      ++clipped;
      if (!mask.empty()) mask[k] |= bit;
    }
    x[k] = static_cast<float>(c * q);
  }
  return clipped;
}

ChainArtefacts apply_recording_chain(std::span<float> emg, std::size_t m, const ChainInputs& inputs,
                                     const EmgParams& params, std::uint64_t seed, std::uint64_t trial) {
  NMSIM_CHECK(m > 0 && emg.size() % m == 0, "EMG must hold whole rows of m channels");
  const RecordingChainParams& chain = params.chain;
  const std::size_t n = emg.size() / m;
  ChainArtefacts out;
  if (chain.marks_artefacts()) out.mask.assign(emg.size(), 0);
  std::vector<double> clean_rms;
  for (std::size_t ch = 0; ch < m; ++ch) clean_rms.push_back(rms(emg, m, ch));
  if (!chain.crosstalk.empty()) add_crosstalk(emg, m, inputs.sources, params);
  using S = const ChainStages&;
  if (chain.any([](S c) { return c.shifts; })) add_shifts(emg, m, params, seed, trial, out);
  if (chain.any([](S c) { return c.wander; })) add_wander(emg, m, params, seed, trial);
  if (chain.any([](S c) { return c.coloured_noise; })) add_coloured_noise(emg, m, clean_rms, params, seed, trial);
  if (chain.any([](S c) { return c.motion; })) add_motion(emg, m, inputs, clean_rms, params, seed, trial);
  if (chain.any([](S c) { return c.ecg; })) add_ecg(emg, m, clean_rms, params, seed, trial, out);
  if (chain.any([](S c) { return c.pops; })) add_pops(emg, m, params, seed, trial, out);
  if (chain.any([](S c) { return c.powerline; })) add_powerline(emg, m, clean_rms, params, seed, trial);
  if (chain.any([](S c) { return c.dropouts; })) add_dropouts(emg, m, params, seed, trial, out);
  if (!out.mask.empty()) mark(out, n, m, params.rate_hz);
  if (chain.adc.enabled()) {
    quantise(emg, chain.adc, out.mask, bit_mask(kClipping));
    clipping_events(out, n, m, params.rate_hz);
  }
  return out;
}

}  // namespace nmsim::signals
