#pragma once
// What the electrodes and the amplifier add to the muscles' EMG after the labels are made:
// crosstalk from neighbouring muscles, electrode shifts, baseline wander, motion artefact,
// ECG, electrode pops, powerline interference, lead-off dropouts, and the ADC's quantisation
// and clipping, in that order. Each stage is off unless configured, so a scenario without them records the clean
// EMG (emg.hpp) unchanged. Equations and sources: docs/model.md, "Recording chain".
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/label_series.hpp"
#include "core/random.hpp"
#include "signals/ecg.hpp"
#include "signals/electrode_artefacts.hpp"

namespace nmsim::signals {

struct EmgParams;

struct PowerlineParams {
  double frequency_hz = 0.0;  // mains frequency, 50 or 60 Hz; 0: no interference
  // Size of the interference as recorded: its RMS over the trial (V), or, when snr_db is set,
  // the clean channel's RMS × 10^(-snr_db/20). Either way the realised RMS is exact.
  double amplitude_v = 0.0;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> harmonics;  // amplitudes of the 2nd, 3rd, ... harmonic relative to the fundamental
  double drift = 0.0;             // relative SD of the slow amplitude modulation (cable and body movement)
  double frequency_drift_hz = 0.0;  // SD of the mains frequency's slow wander (grids hold ±0.1–0.3 Hz)
  double drift_time_s = 2.0;      // correlation time of both drifts
  bool enabled() const { return frequency_hz > 0.0; }
};

// The electrodes moving with the limb: the joint's angular acceleration, band-passed to the
// artefact's band, with a sign per channel (each electrode is pulled its own way), through the
// amplifier band. Sized like the powerline: RMS over the trial, or an SNR against the clean EMG.
struct MotionParams {
  double amplitude_v = 0.0;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  double low_hz = 1.0;    // band of skin and electrode movement, 1–20 Hz
  double high_hz = 20.0;
  bool enabled() const { return amplitude_v > 0.0 || !std::isnan(snr_db); }
};

// Slow drift of the electrode–skin potential (sweat, temperature, pressure): an
// Ornstein–Uhlenbeck process of RMS amplitude_v at the electrode, ahead of the amplifier's
// high-pass, which removes most of it as real amplifiers do.
// The amplifier's and the electrode-skin interface's own noise beyond the white floor
// (`noise_rms`): a 1/f^exponent spectrum from `low_hz` up, made as a sum of Ornstein-Uhlenbeck
// processes with geometrically spaced corners (3 per decade) whose variances grow as
// corner^(1 - exponent), then passed through the amplifier band. Sized like the powerline.
struct ColouredNoiseParams {
  double amplitude_v = 0.0;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  double exponent = 1.0;  // 1: pink (flicker), 2: brown; [0.5, 1.8] keeps the construction a power law
  double low_hz = 1.0;    // the lowest corner: below it the spectrum is flat
  bool enabled() const { return amplitude_v > 0.0 || !std::isnan(snr_db); }
};

struct WanderParams {
  double amplitude_v = 0.0;
  double correlation_s = 2.0;
  bool enabled() const { return amplitude_v > 0.0; }
};

// An electrode that slides or is pressed anew mid-trial: from each shift on, the channel's
// pickup (its muscle and crosstalk) is scaled by a further factor drawn log-uniformly in
// [1/max_gain, max_gain] and, with max_depth > 0, seen through a further depth of tissue drawn
// uniformly in [0, max_depth] from the trial's starting position: the planar volume
// conductor's spatial low-pass, exp(-2π f depth / v) for potentials travelling at v.
struct ShiftParams {
  double rate_per_min = 0.0;
  double max_gain = 1.5;
  double max_depth_m = 0.0;                // 0: the shift changes the gain only
  double conduction_velocity_m_s = 4.0;    // muscle-fibre conduction velocity
  bool enabled() const { return rate_per_min > 0.0; }
};

// The FIR kernel (odd length, centred) whose frequency response is exp(-2π τ |f|) across the
// band up to Nyquist, for τ in samples: the band-limited Poisson kernel of a planar volume
// conductor's extra depth (τ = depth / conduction velocity). Truncated at 64 τ + 8 samples each
// side, which keeps its response within 0.003 of the exact one from 1 % of the sampling rate
// up; towards DC, which the amplifier's high-pass removes anyway, it falls short by up to 1 %.
std::vector<double> depth_kernel(double tau_samples);

struct AdcParams {
  int bits = 0;          // resolution; 0: no ADC stage (the EMG is kept as float volts)
  double range_v = 0.0;  // full scale at the ADC input, ±range_v
  double gain = 1.0;     // amplifier gain ahead of the ADC (V/V); the EMG stays input-referred
  bool enabled() const { return bits > 0; }
  double full_scale_v() const { return range_v / gain; }  // input-referred clipping level
  double step_v() const;                                  // input-referred quantisation step
};

// The stages an electrode's own circumstances set, which may differ from channel to channel
// (`signals.emg.channels`): the cable's pickup, the electrode's movement and contact, its noise.
struct ChainStages {
  PowerlineParams powerline;
  MotionParams motion;
  WanderParams wander;
  ColouredNoiseParams coloured_noise;
  EcgParams ecg;  // per channel only its size: the heart and its beats are the recording's
  ShiftParams shifts;
  TransientParams pops, dropouts;
};

struct RecordingChainParams : ChainStages {
  // crosstalk[to][from]: the fraction of muscle `from`'s signal that channel `to` picks up by
  // volume conduction (0 on the diagonal). Empty: none.
  std::vector<std::vector<double>> crosstalk;
  AdcParams adc;
  bool store_clean = false;  // also write the clean EMG as emg_clean
  // Per channel, its stages (the chain's, with the channel's own blocks in their place); empty
  // when every channel has the chain's.
  std::vector<ChainStages> channels;

  const ChainStages& of(std::size_t channel) const { return channels.empty() ? *this : channels[channel]; }
  // Whether the stage `pick` selects is on in any channel.
  template <class Pick>
  bool any(Pick pick) const {
    if (pick(static_cast<const ChainStages&>(*this)).enabled()) return true;
    for (const auto& c : channels)
      if (pick(c).enabled()) return true;
    return false;
  }
  // Stages that occur at moments, which the artefact mask marks.
  bool marks_artefacts() const {
    return adc.enabled() || any([](const ChainStages& c) { return c.pops; }) ||
           any([](const ChainStages& c) { return c.dropouts; }) || any([](const ChainStages& c) { return c.ecg; }) ||
           any([](const ChainStages& c) { return c.shifts; });
  }
  bool active() const {
    return !crosstalk.empty() || any([](const ChainStages& c) { return c.powerline; }) ||
           any([](const ChainStages& c) { return c.motion; }) || any([](const ChainStages& c) { return c.wander; }) ||
           any([](const ChainStages& c) { return c.coloured_noise; }) || marks_artefacts();
  }
};

// The artefact mask's bits, in bit order: ADC clipping, electrode pop, lead-off dropout, the
// ECG's QRS complexes, a shifted electrode.
const std::vector<std::string>& artefact_bit_names();

struct ArtefactEvent {
  double start_s = 0.0, stop_s = 0.0;
  unsigned bit = 0;           // position in artefact_bit_names()
  std::size_t channel = 0;
  double amplitude_v = 0.0;   // pops: the signed step; otherwise 0
  double gain = 0.0;          // shifts: the channel's gain from then on, relative to the start
  std::optional<double> depth_m;  // shifts with max_depth: the extra tissue depth from then on (m)
};

// What the chain did where: the mask (n × m, row-major like the EMG; empty unless
// marks_artefacts()) and one event per occurrence (a clipping event is a run of clipped samples).
struct ChainArtefacts {
  std::vector<LabelMask> mask;
  std::vector<ArtefactEvent> events;
};

// What the chain needs from the trial besides the EMG.
struct ChainInputs {
  // sources[j]: muscle j's signal before the amplifier (MotorUnitPool::synthesize); crosstalk only.
  std::vector<std::vector<float>> sources;
  // The joint's angular acceleration (rad/s^2) at acceleration_rate_hz from t = 0; motion only.
  std::vector<double> acceleration;
  double acceleration_rate_hz = 0.0;
};

// Degrades the clean EMG in place: `emg` holds n samples × m channels, interleaved (row k is
// time k), as written. Whatever leaks in at the electrode (crosstalk, wander, motion, pops)
// passes the same amplifier filters as the EMG. Random phases, drifts, signs and occurrences
// come from (seed, trial, RngPurpose::Recording).
ChainArtefacts apply_recording_chain(std::span<float> emg, std::size_t m, const ChainInputs& inputs,
                                     const EmgParams& params, std::uint64_t seed, std::uint64_t trial);

// The interference alone for one channel: n samples at rate_hz of unit-peak fundamental plus
// harmonics, with its drift, before scaling. Exposed for tests and the benchmark.
// n samples of unit-variance 1/f^exponent noise at rate_hz (before the amplifier band).
std::vector<double> coloured_noise(double exponent, double low_hz, std::size_t n, double rate_hz, RandomStream rng);
std::vector<double> powerline_shape(const PowerlineParams& p, std::size_t n, double rate_hz, std::uint64_t seed,
                                    std::uint64_t trial, std::uint32_t channel);

// Rounds to the ADC's step and clips to its range; returns how many samples were clipped. With
// a mask (one entry per sample of x), sets `bit` where a sample was clipped.
std::size_t quantise(std::span<float> x, const AdcParams& adc, std::span<LabelMask> mask = {}, LabelMask bit = 0);

}  // namespace nmsim::signals
