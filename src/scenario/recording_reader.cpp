#include "scenario/recording_reader.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>

#include "core/number_text.hpp"

namespace nmsim::scenario {
namespace {

using config::Node;
using config::Range;

std::size_t channel_index(const Node& at, const std::string& name, const std::vector<std::string>& muscles) {
  const auto it = std::find(muscles.begin(), muscles.end(), name);
  if (it != muscles.end()) return static_cast<std::size_t>(it - muscles.begin());
  std::string known;
  for (const auto& m : muscles) known += (known.empty() ? "" : ", ") + m;
  at.fail("unknown EMG channel '" + name + "'; the model records: " + known);
}

// Exactly one of amplitude and snr_db; returns the snr_db, NaN when sized by amplitude.
// `amplitude` says what the amplitude measures, for the message.
double read_size(const Node& n, double& amplitude_v, const char* amplitude = "RMS, V") {
  const bool by_amplitude = n.has("amplitude"), by_snr = n.has("snr_db");
  if (by_amplitude == by_snr)
    n.fail(std::string("needs exactly one of 'amplitude' (") + amplitude + ") and 'snr_db' (against the clean EMG)");
  if (by_amplitude) amplitude_v = n.real("amplitude", "V", Range::closed(0.0, 1.0));
  return by_snr ? n.real("snr_db", "dB", Range::closed(-60.0, 100.0)) : std::nan("");
}

// crosstalk: {receiving channel: {source muscle: fraction}}
std::vector<std::vector<double>> read_crosstalk(const Node& n, const std::vector<std::string>& muscles) {
  if (!n.is_map() || n.size() == 0)
    n.fail("must map channels to the muscles they pick up, e.g. {soleus: {gastrocnemius: 0.2}}");
  std::vector<std::vector<double>> c(muscles.size(), std::vector<double>(muscles.size(), 0.0));
  for (const auto& [to, sources] : n.entries()) {
    const std::size_t i = channel_index(sources, to, muscles);
    if (!sources.is_map() || sources.size() == 0)
      sources.fail("must map source muscles to the fraction of their signal this channel picks up");
    for (const auto& [from, fraction] : sources.entries()) {
      const std::size_t j = channel_index(fraction, from, muscles);
      if (j == i) fraction.fail("is the channel's own muscle; crosstalk comes from other muscles");
      c[i][j] = fraction.as_real("1", Range::closed(0.0, 1.0));
    }
  }
  return c;
}

signals::PowerlineParams read_powerline(const Node& n, double rate_hz) {
  signals::PowerlineParams p;
  p.frequency_hz = n.real("frequency", "Hz", Range::closed(1.0, 1000.0));
  p.snr_db = read_size(n, p.amplitude_v);
  if (const auto h = n.find("harmonics")) {
    if (!h->is_sequence()) h->fail("must be a list of amplitudes relative to the fundamental, e.g. [0.3, 0.1]");
    for (const Node& a : h->elements()) p.harmonics.push_back(a.as_real("1", Range::closed(0.0, 10.0)));
    const double top = p.frequency_hz * static_cast<double>(p.harmonics.size() + 1);
    if (top >= 0.5 * rate_hz)
      h->fail("reaches harmonic " + std::to_string(p.harmonics.size() + 1) + " at " + shortest_text(top) +
              " Hz, at or above Nyquist (" + shortest_text(0.5 * rate_hz) + " Hz at the EMG rate)");
  } else if (p.frequency_hz >= 0.5 * rate_hz) {
    n.at("frequency").fail("must be below Nyquist (" + shortest_text(0.5 * rate_hz) + " Hz at the EMG rate)");
  }
  p.drift = n.real("drift", "1", Range::closed(0.0, 1.0), p.drift);
  p.frequency_drift_hz = n.real("frequency_drift", "Hz", Range::closed(0.0, 5.0), p.frequency_drift_hz);
  p.drift_time_s = n.real("drift_time", "s", Range::closed(0.05, 3600.0), p.drift_time_s);
  n.finish();
  return p;
}

signals::MotionParams read_motion(const Node& n, double rate_hz) {
  signals::MotionParams p;
  p.snr_db = read_size(n, p.amplitude_v);
  p.low_hz = n.real("low", "Hz", Range::closed(0.01, 100.0), p.low_hz);
  p.high_hz = n.real("high", "Hz", Range::closed(0.1, 1000.0), p.high_hz);
  if (p.high_hz <= p.low_hz) n.at("high").fail("must be above 'low' (" + shortest_text(p.low_hz) + " Hz)");
  if (p.high_hz >= 0.5 * rate_hz)
    n.at("high").fail("must be below Nyquist (" + shortest_text(0.5 * rate_hz) + " Hz at the EMG rate)");
  n.finish();
  return p;
}

signals::ColouredNoiseParams read_coloured_noise(const Node& n, double rate_hz) {
  signals::ColouredNoiseParams p;
  p.snr_db = read_size(n, p.amplitude_v);
  p.exponent = n.real("exponent", "1", Range::closed(0.5, 1.8), p.exponent);
  p.low_hz = n.real("low", "Hz", Range::closed(0.1, 100.0), p.low_hz);
  if (p.low_hz >= 0.25 * rate_hz) n.at("low").fail("must be below a quarter of the EMG rate (" + shortest_text(0.25 * rate_hz) + " Hz)");
  n.finish();
  return p;
}

signals::WanderParams read_wander(const Node& n) {
  signals::WanderParams w;
  w.amplitude_v = n.real("amplitude", "V", Range::open_closed(0.0, 1.0));
  w.correlation_s = n.real("correlation_time", "s", Range::closed(0.1, 3600.0), w.correlation_s);
  n.finish();
  return w;
}

// ecg: {amplitude (R wave, V) | snr_db, heart_rate, rr_sd, rsa, respiration}
signals::EcgParams read_ecg(const Node& n) {
  signals::EcgParams e;
  e.snr_db = read_size(n, e.amplitude_v, "the R wave's peak, V");
  e.heart_rate_bpm = n.real("heart_rate", "1/min", Range::closed(30.0, 200.0), e.heart_rate_bpm);
  e.rr_sd_s = n.real("rr_sd", "s", Range::closed(0.0, 0.3), e.rr_sd_s);
  e.rsa_s = n.real("rsa", "s", Range::closed(0.0, 0.3), e.rsa_s);
  e.respiration_hz = n.real("respiration", "Hz", Range::closed(0.05, 1.0), e.respiration_hz);
  n.finish();
  return e;
}

signals::ShiftParams read_shifts(const Node& n) {
  signals::ShiftParams s;
  s.rate_per_min = n.real("rate", "1/min", Range::open_closed(0.0, 600.0));
  s.max_gain = n.real("max_gain", "1", Range::closed(1.0, 10.0), s.max_gain);
  s.max_depth_m = n.real("max_depth", "m", Range::closed(0.0, 0.01), s.max_depth_m);
  s.conduction_velocity_m_s = n.real("conduction_velocity", "m/s", Range::closed(2.0, 8.0), s.conduction_velocity_m_s);
  n.finish();
  return s;
}

// pops: {rate, amplitude, recovery}; dropouts: {rate, duration}.
signals::TransientParams read_transient(const Node& n, bool pop) {
  signals::TransientParams t;
  t.rate_per_min = n.real("rate", "1/min", Range::open_closed(0.0, 600.0));
  if (pop) {
    t.amplitude_v = n.real("amplitude", "V", Range::open_closed(0.0, 1.0));
    t.duration_s = n.real("recovery", "s", Range::closed(0.001, 10.0), 0.1);
  } else {
    t.duration_s = n.real("duration", "s", Range::closed(0.001, 60.0));
  }
  n.finish();
  return t;
}

signals::AdcParams read_adc(const Node& n) {
  signals::AdcParams a;
  // A float sample keeps 24 significant bits, so finer converters would not be represented.
  a.bits = static_cast<int>(n.integer("bits", 2, 24));
  a.range_v = n.real("range", "V", Range::open_closed(0.0, 100.0));
  a.gain = n.real("gain", "1", Range::closed(1e-3, 1e7), a.gain);
  n.finish();
  return a;
}

// A channel's `ecg`: only its size; the heart (rate, variability) is the chain's.
signals::EcgParams read_channel_ecg(const Node& n, const signals::EcgParams& heart) {
  signals::EcgParams e = heart;
  e.amplitude_v = 0.0;
  e.snr_db = read_size(n, e.amplitude_v, "the R wave's peak, V");
  n.finish();
  return e;
}

// The stages of `n` (the chain's block or a channel's), each in place of its entry in `into`.
// In a channel's block a stage may be `off`: that channel records without it.
void read_stages(const Node& n, signals::ChainStages& into, const signals::ChainStages* chain, double rate_hz) {
  const auto stage = [&](const char* key, auto read, auto& slot) {
    const auto b = n.find(key);
    if (!b) return;
    if (chain && b->is_scalar() && b->as_string() == "off") {
      slot = std::remove_reference_t<decltype(slot)>{};
      return;
    }
    slot = read(*b);
  };
  stage("powerline", [&](const Node& b) { return read_powerline(b, rate_hz); }, into.powerline);
  stage("shifts", [](const Node& b) { return read_shifts(b); }, into.shifts);
  stage("wander", [](const Node& b) { return read_wander(b); }, into.wander);
  stage("coloured_noise", [&](const Node& b) { return read_coloured_noise(b, rate_hz); }, into.coloured_noise);
  stage("ecg", [&](const Node& b) {
    if (!chain) return read_ecg(b);
    if (!chain->ecg.enabled()) b.fail("needs the chain's own signals.emg.ecg block: the heart is one for every channel");
    return read_channel_ecg(b, chain->ecg);
  }, into.ecg);
  stage("motion", [&](const Node& b) { return read_motion(b, rate_hz); }, into.motion);
  stage("pops", [](const Node& b) { return read_transient(b, true); }, into.pops);
  stage("dropouts", [](const Node& b) { return read_transient(b, false); }, into.dropouts);
}

// channels: {muscle: {stage: {...} | off, ...}}: what differs at some electrodes.
std::vector<signals::ChainStages> read_channels(const Node& n, const signals::ChainStages& chain,
                                                const std::vector<std::string>& muscles, double rate_hz) {
  if (!n.is_map() || n.size() == 0)
    n.fail("must map EMG channels to their own stages, e.g. {tibialis_anterior: {powerline: {frequency: 50, snr_db: 3}}}");
  std::vector<signals::ChainStages> out(muscles.size(), chain);
  for (const auto& [name, block] : n.entries()) {
    const std::size_t ch = channel_index(block, name, muscles);
    if (!block.is_map() || block.size() == 0)
      block.fail("must map stages (powerline, shifts, wander, coloured_noise, ecg, motion, pops, dropouts) to their settings or off");
    read_stages(block, out[ch], &chain, rate_hz);
    block.finish();
  }
  return out;
}

}  // namespace

signals::RecordingChainParams read_recording_chain(const Node& emg, const std::vector<std::string>& muscles,
                                                   double rate_hz) {
  signals::RecordingChainParams c;
  if (const auto n = emg.find("crosstalk")) c.crosstalk = read_crosstalk(*n, muscles);
  read_stages(emg, c, nullptr, rate_hz);
  if (const auto n = emg.find("adc")) c.adc = read_adc(*n);
  if (const auto n = emg.find("channels")) c.channels = read_channels(*n, c, muscles, rate_hz);
  c.store_clean = emg.boolean("store_clean", c.store_clean);
  if (c.store_clean && !c.active())
    emg.at("store_clean").fail(
        "needs a recording-chain stage to keep the EMG clean of (crosstalk, shifts, wander, coloured_noise, motion, ecg, "
        "pops, powerline, dropouts or adc, for every channel or in signals.emg.channels)");
  return c;
}

}  // namespace nmsim::scenario
