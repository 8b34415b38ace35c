// The tremor look-alikes measured back from what a trial writes (docs/labels.md, "Tremor"):
// their frequency in the EMG and the kinematics, their alternation, their task behaviour, the
// label contract, and what the limb's inertia does to each. Across frequencies and seeds, not
// only at the bundled defaults.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace nmsim::engine {
namespace {

const std::filesystem::path kScenarios = NMSIM_SOURCE_DIR "/scenarios";

const TimeSeries& series(const TrialRecord& r, const std::string& path) {
  for (const TimeSeries& s : r.series)
    if (s.path == path) return s;
  throw std::logic_error("no series " + path);
}

std::vector<double> channel(const TimeSeries& s, std::size_t c, double from_s, double to_s) {
  const std::size_t m = s.channels.size();
  const auto a = static_cast<std::size_t>(from_s * s.rate_hz), b = static_cast<std::size_t>(to_s * s.rate_hz);
  std::vector<double> out;
  for (std::size_t k = a; k < b; ++k) out.push_back(s.data[k * m + c]);
  return out;
}

// Rectified EMG, 20 ms moving average: what a tremor analysis of EMG looks at.
std::vector<double> envelope(std::vector<double> x, double rate_hz) {
  const auto w = static_cast<std::size_t>(0.02 * rate_hz);
  std::vector<double> out(x.size());
  double sum = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sum += std::abs(x[k]);
    if (k >= w) sum -= std::abs(x[k - w]);
    out[k] = sum / static_cast<double>(std::min(k + 1, w));
  }
  return out;
}

// Welch power at f: mean-removed Hann segments of `segment_s`, half overlapping.
double power_at(const std::vector<double>& x, double rate_hz, double f, double segment_s) {
  const auto n = std::min<std::size_t>(x.size(), static_cast<std::size_t>(segment_s * rate_hz));
  double total = 0;
  int segments = 0;
  for (std::size_t a = 0; a + n <= x.size(); a += n / 2, ++segments) {
    double mean = 0;
    for (std::size_t k = 0; k < n; ++k) mean += x[a + k] / static_cast<double>(n);
    double re = 0, im = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n));
      const double arg = 2 * std::numbers::pi * f * static_cast<double>(k) / rate_hz;
      re += w * (x[a + k] - mean) * std::cos(arg);
      im += w * (x[a + k] - mean) * std::sin(arg);
    }
    total += re * re + im * im;
  }
  return total / segments;
}

double peak_frequency(const std::vector<double>& x, double rate_hz, double lo_hz, double hi_hz, double segment_s = 2.0) {
  double best = lo_hz, best_p = -1;
  for (double f = lo_hz; f <= hi_hz; f += 0.05)
    if (const double p = power_at(x, rate_hz, f, segment_s); p > best_p) best = f, best_p = p;
  return best;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) mx += x[k], my += y[k];
  mx /= static_cast<double>(x.size()), my /= static_cast<double>(y.size());
  double xy = 0, xx = 0, yy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) xy += (x[k] - mx) * (y[k] - my), xx += (x[k] - mx) * (x[k] - mx), yy += (y[k] - my) * (y[k] - my);
  return xy / std::sqrt(xx * yy);
}

// The label contract: each muscle's family bit (and its kind's bit) is set exactly on the union
// of its per-muscle rows (samples from start to stop, both included), every such row has an
// episode parent of the right label, no other bit of the family is set, and no clonus is
// labelled: a look-alike is not clonus.
void expect_labels_follow_the_events(const TrialRecord& r, const std::string& episode, const std::string& muscle_rows,
                                     const std::vector<std::string>& bits, const std::vector<std::string>& never) {
  const LabelSeries& labels = r.labels;
  LabelMask set = 0, forbidden = labels.mask_of("clonus");
  for (const auto& b : bits) set |= labels.mask_of(b);
  for (const auto& b : never) forbidden |= labels.mask_of(b);
  std::vector<LabelMask> expected(labels.data.size(), 0);
  const EventTable& ev = r.events;
  std::size_t rows = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.label()[i] != muscle_rows) continue;
    ++rows;
    ASSERT_GE(ev.parent()[i], 0);
    EXPECT_EQ(ev.label()[static_cast<std::size_t>(ev.parent()[i])], episode);
    const auto c = static_cast<std::size_t>(std::find(labels.channels.begin(), labels.channels.end(), ev.channel()[i]) - labels.channels.begin());
    ASSERT_LT(c, labels.channels.size());
    for (std::size_t k = 0; k < labels.n_samples(); ++k) {
      const double t = static_cast<double>(k) / labels.rate_hz;
      if (t >= ev.start_time()[i] - 1e-9 && t <= ev.stop_time()[i] + 1e-9) expected[k * labels.channels.size() + c] |= set;
    }
  }
  EXPECT_GT(rows, 0u) << episode;
  std::size_t wrong = 0, extra = 0;
  for (std::size_t j = 0; j < expected.size(); ++j) {
    wrong += (labels.data[j] & set) != expected[j];
    extra += (labels.data[j] & forbidden) != 0;
  }
  EXPECT_EQ(wrong, 0u) << episode;
  EXPECT_EQ(extra, 0u) << episode << ": a look-alike set a bit that is not its own (clonus, or another family)";
}

void expect_tremor_labels(const TrialRecord& r, const std::string& kind) {
  expect_labels_follow_the_events(r, "tremor_" + kind, "tremor_muscle", {"tremor", "tremor_" + kind}, {"voluntary_rhythm"});
}

// The first `label` row overlapping [from_s, to_s); ev.size() if there is none.
std::size_t first_episode_in(const EventTable& ev, const std::string& label, double from_s, double to_s) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.label()[i] == label && ev.start_time()[i] < to_s && ev.stop_time()[i] > from_s) return i;
  return ev.size();
}

// essential_tremor: rest 0-2 s, posture 2-7 s, rest 7-9 s, writing 9-14 s, rest 14-16 s.
TEST(TremorLookalikes, EssentialTremorIsPosturalAndKineticAtItsFrequencyAndCoContracts) {
  for (const double f : {4.5, 6.0, 9.0}) {
    for (const std::uint64_t seed : {41u, 7u}) {
      const Trial t = Simulation::from_file(kScenarios / "essential_tremor.yaml", {}, {"tremor.hand.frequency=" + std::to_string(f)})
                          .run(0, seed);
      const TrialRecord& r = t.record;
      SCOPED_TRACE("f = " + std::to_string(f) + ", seed " + std::to_string(seed));
      expect_tremor_labels(r, "essential");
      const std::size_t posture = first_episode_in(r.events, "tremor_essential", 2.5, 6.5);
      const std::size_t rest = first_episode_in(r.events, "tremor_essential", 0.0, 2.0);
      ASSERT_LT(posture, r.events.size());
      EXPECT_EQ(rest, r.events.size()) << "an essential tremor at rest";
      const double labelled = r.events.real_columns().at("frequency")[posture];
      EXPECT_NEAR(labelled, f, 0.5);
      const TimeSeries& emg = series(r, "emg");
      // flexor_carpi_radialis (0) and extensor_carpi_radialis (2) in the posture.
      const auto flexor = envelope(channel(emg, 0, 3.0, 6.8), emg.rate_hz), extensor = envelope(channel(emg, 2, 3.0, 6.8), emg.rate_hz);
      EXPECT_NEAR(peak_frequency(flexor, emg.rate_hz, 2.0, 15.0), labelled, 0.35);
      EXPECT_NEAR(peak_frequency(extensor, emg.rate_hz, 2.0, 15.0), labelled, 0.35);
      EXPECT_GT(correlation(flexor, extensor), 0.3) << "synchronous pattern";
      const TimeSeries& acc = series(r, "kinematics/acceleration");
      EXPECT_NEAR(peak_frequency(channel(acc, 0, 3.0, 6.8), acc.rate_hz, 2.0, 15.0), labelled, 0.35);
    }
  }
}

// parkinsonian_rest_tremor: rest 0-4 s, posture 4-7 s, rest 7-12 s, writing 12-15 s, rest 15-20 s.
TEST(TremorLookalikes, ParkinsonianTremorAlternatesAtRestAndMovementSuppressesIt) {
  for (const double f : {3.5, 4.8, 6.5}) {
    for (const std::uint64_t seed : {43u, 8u}) {
      const Trial t = Simulation::from_file(kScenarios / "parkinsonian_rest_tremor.yaml", {},
                                            {"tremor.rest_tremor.frequency=" + std::to_string(f)})
                          .run(0, seed);
      const TrialRecord& r = t.record;
      SCOPED_TRACE("f = " + std::to_string(f) + ", seed " + std::to_string(seed));
      expect_tremor_labels(r, "parkinsonian");
      const EventTable& ev = r.events;
      const LabelMask tremor = r.labels.mask_of("tremor");
      for (std::size_t k = 0; k < r.labels.n_samples(); ++k) {
        const double time = static_cast<double>(k) / r.labels.rate_hz;
        // (the sample on a boundary belongs to both phases: an episode ends where movement starts)
        const bool voluntary = (time > 4.0 && time < 7.0) || (time > 12.0 && time < 15.0);
        if (voluntary) {
          for (std::size_t c = 0; c < r.labels.channels.size(); ++c) {
            ASSERT_EQ(r.labels.at(k, c) & tremor, 0) << "tremor labelled during movement at " << time << " s";
          }
        }
      }
      // Re-emergence waits at least the latency's lower bound (0.5 s) after the movement.
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (ev.label()[i] != "tremor_parkinsonian" || ev.start_time()[i] == 0.0) continue;
        const double since = ev.start_time()[i] - (ev.start_time()[i] >= 15.0 ? 15.0 : 7.0);
        EXPECT_GE(since, 0.5) << "re-emerged " << since << " s after the movement";
      }
      const std::size_t first = first_episode_in(ev, "tremor_parkinsonian", 0.0, 3.0);
      ASSERT_LT(first, ev.size());
      const double labelled = ev.real_columns().at("frequency")[first];
      EXPECT_NEAR(labelled, f, 0.6);
      const TimeSeries& emg = series(r, "emg");
      const auto flexor = envelope(channel(emg, 0, 0.5, 3.5), emg.rate_hz), extensor = envelope(channel(emg, 2, 0.5, 3.5), emg.rate_hz);
      EXPECT_NEAR(peak_frequency(flexor, emg.rate_hz, 2.0, 15.0), labelled, 0.4);
      EXPECT_LT(correlation(flexor, extensor), -0.2) << "alternating pattern";
    }
  }
}

// voluntary_tapping: rest 0-2 s, rhythm 2-6 s, rest 6-8 s, rhythm 8-12 s, rest 12-14 s.
TEST(TremorLookalikes, VoluntaryRhythmMovesAtItsRateAlternatesAndIsNotTremor) {
  for (const double rate : {1.5, 3.5, 5.5}) {
    const Trial t = Simulation::from_file(kScenarios / "voluntary_tapping.yaml", {},
                                          {"protocol[1].rhythm.rate=" + std::to_string(rate)})
                        .run(0);
    const TrialRecord& r = t.record;
    SCOPED_TRACE("rate " + std::to_string(rate));
    expect_labels_follow_the_events(r, "voluntary_rhythm", "voluntary_rhythm_muscle", {"voluntary_rhythm"},
                                    {"tremor", "tremor_physiological", "tremor_essential", "tremor_parkinsonian"});
    const std::size_t first = first_episode_in(r.events, "voluntary_rhythm", 2.0, 6.0);
    ASSERT_LT(first, r.events.size());
    EXPECT_NEAR(r.events.start_time()[first], 2.1, 1e-9);  // half-way up its 0.2 s ramp
    EXPECT_NEAR(r.events.stop_time()[first], 6.0, 1e-9);
    EXPECT_NEAR(r.events.real_columns().at("frequency")[first], rate, 0.3);
    const TimeSeries& emg = series(r, "emg");
    const auto flexor = envelope(channel(emg, 0, 2.5, 5.9), emg.rate_hz), extensor = envelope(channel(emg, 2, 2.5, 5.9), emg.rate_hz);
    EXPECT_NEAR(peak_frequency(flexor, emg.rate_hz, 1.0, 15.0), rate, 0.35);
    EXPECT_LT(correlation(flexor, extensor), -0.2) << "alternating";
    const TimeSeries& angle = series(r, "kinematics/angle");
    EXPECT_NEAR(peak_frequency(channel(angle, 0, 2.5, 5.9), angle.rate_hz, 1.0, 15.0), rate, 0.35);
  }
}

// A rest tremor stops during a phase that asks for a rhythm, as during any voluntary movement.
TEST(TremorLookalikes, RestTremorStopsDuringAVoluntaryRhythm) {
  const Trial t = Simulation::from_file(kScenarios / "parkinsonian_rest_tremor.yaml", {},
                                        {"protocol[1].command.extension=0", "protocol[1].rhythm.rate=2"})
                      .run(0);
  const TrialRecord& r = t.record;
  const LabelMask tremor = r.labels.mask_of("tremor"), rhythm = r.labels.mask_of("voluntary_rhythm");
  std::size_t rhythmic = 0;
  for (std::size_t k = 0; k < r.labels.n_samples(); ++k) {
    const double time = static_cast<double>(k) / r.labels.rate_hz;
    if (time <= 4.0 || time >= 7.0) continue;
    for (std::size_t c = 0; c < r.labels.channels.size(); ++c) {
      EXPECT_EQ(r.labels.at(k, c) & tremor, 0) << time;
      rhythmic += (r.labels.at(k, c) & rhythm) != 0;
    }
  }
  EXPECT_GT(rhythmic, 0u);
}

// A rhythm switched off (as a dataset class leaves it) moves nothing and is not a voluntary
// phase: the rest tremor runs through it.
TEST(TremorLookalikes, ARhythmSwitchedOffIsNoMovementAndTheRestTremorGoesOn) {
  const Trial t = Simulation::from_file(kScenarios / "parkinsonian_rest_tremor.yaml", {},
                                        {"protocol[1].command.extension=0", "protocol[1].rhythm.rate=2",
                                         "protocol[1].rhythm.enabled=0"})
                      .run(0);
  const TrialRecord& r = t.record;
  const LabelMask tremor = r.labels.mask_of("tremor"), rhythm = r.labels.mask_of("voluntary_rhythm");
  std::size_t tremulous = 0;
  for (std::size_t k = 0; k < r.labels.n_samples(); ++k) {
    const double time = static_cast<double>(k) / r.labels.rate_hz;
    for (std::size_t c = 0; c < r.labels.channels.size(); ++c) {
      EXPECT_EQ(r.labels.at(k, c) & rhythm, 0) << time;
      if (time > 4.0 && time < 7.0) tremulous += (r.labels.at(k, c) & tremor) != 0;
    }
  }
  EXPECT_GT(tremulous, 0u);
  for (std::size_t i = 0; i < r.events.size(); ++i) EXPECT_NE(r.events.label()[i], "voluntary_rhythm");
}

// Power-weighted mean frequency in [lo_hz, hi_hz] (Welch, 4 s segments): where a broad,
// noise-driven peak sits, steadier than its noisy maximum.
double spectral_centroid(const std::vector<double>& x, double rate_hz, double lo_hz, double hi_hz) {
  double weighted = 0, total = 0;
  for (double f = lo_hz; f <= hi_hz; f += 0.25) {
    const double p = power_at(x, rate_hz, f, 4.0);
    weighted += f * p, total += p;
  }
  return weighted / total;
}

// The limb's inertia sets the mechanical resonance that filters physiological tremor's broadband
// drive, so the hand's displacement spectrum moves down as 1/√I, while the central 8-12 Hz
// component stays where it is; a central oscillator (essential tremor) forces the limb at its
// own frequency whatever the load.
TEST(TremorLookalikes, PhysiologicalPeakMovesWithInertiaEssentialPeakDoesNot) {
  const auto run = [](const char* scenario, const std::string& inertia, std::uint64_t seed) {
    return Simulation::from_file(kScenarios / scenario, {}, {"parameters.joint.inertia=" + inertia}).run(0, seed);
  };
  const auto between = [](const Trial& t, const char* path, double from_s, double to_s) {
    return channel(series(t.record, path), 0, from_s, to_s);
  };
  for (const std::uint64_t seed : {47u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    // 20 s of posture: the noise-driven spectrum needs the averaging. A damped resonance under
    // reflex and passive stiffness that do not scale with the load moves only about as 1/√I.
    const Trial light = run("physiological_tremor.yaml", "0.004", seed), heavy = run("physiological_tremor.yaml", "0.008", seed);
    const double f_light = spectral_centroid(between(light, "kinematics/angle", 1.5, 21.0), 1000.0, 1.5, 15.0);
    const double f_heavy = spectral_centroid(between(heavy, "kinematics/angle", 1.5, 21.0), 1000.0, 1.5, 15.0);
    EXPECT_NEAR(f_heavy / f_light, 1.0 / std::sqrt(2.0), 0.1) << f_light << " Hz -> " << f_heavy << " Hz";
    EXPECT_NEAR(peak_frequency(between(heavy, "kinematics/acceleration", 1.5, 21.0), 1000.0, 8.0, 12.0, 4.0),
                peak_frequency(between(light, "kinematics/acceleration", 1.5, 21.0), 1000.0, 8.0, 12.0, 4.0), 0.5);
    const double et_light = peak_frequency(between(run("essential_tremor.yaml", "0.004", seed), "kinematics/acceleration", 3.0, 6.8), 1000.0, 1.5, 15.0);
    const double et_heavy = peak_frequency(between(run("essential_tremor.yaml", "0.008", seed), "kinematics/acceleration", 3.0, 6.8), 1000.0, 1.5, 15.0);
    EXPECT_NEAR(et_heavy, et_light, 0.3);
  }
}

}  // namespace
}  // namespace nmsim::engine
