// The label rules of docs/labels.md, held across the parameter space rather than at defaults:
// every trial of a quasi-random design over reflex gain (as a ratio to that trial's own critical
// gain), loop delay, push and seed; over dystonia mechanism strength from off to strong; and over
// myoclonic volley amplitude and duration. Each rule is checked against the signals the labels
// are derived from (the reflex drive) and each visible event against the EMG it is labelled on,
// with an envelope measure or a twin trial that the labeller never sees.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/stability.hpp"
#include "labels/clonus_labeller.hpp"
#include "phenotype_measures.hpp"

namespace nmsim::testing {
namespace {

// Radical inverse of i in `base`: the Halton sequence, an even spread over [0, 1).
double halton(std::uint64_t i, std::uint64_t base) {
  double f = 1.0, r = 0.0;
  for (; i > 0; i /= base) {
    f /= static_cast<double>(base);
    r += f * static_cast<double>(i % base);
  }
  return r;
}

std::vector<std::size_t> rows_where(const EventTable& ev, const std::string& label, const std::string& channel) {
  return events_of(ev, label, channel);
}

double real(const EventTable& ev, const char* column, std::size_t row) { return ev.real_columns().at(column)[row]; }
std::int64_t integer(const EventTable& ev, const char* column, std::size_t row) { return ev.int_columns().at(column)[row]; }

// RMS of one channel over [t0, t1).
double rms_over(const TimeSeries& s, std::size_t channel, double t0, double t1) {
  const auto k0 = static_cast<std::size_t>(std::max(0.0, std::ceil(t0 * s.rate_hz)));
  const auto k1 = std::min(s.n_samples(), static_cast<std::size_t>(std::ceil(t1 * s.rate_hz)));
  double sum = 0.0;
  for (std::size_t k = k0; k < k1; ++k) sum += static_cast<double>(s.at(k, channel)) * s.at(k, channel);
  return k1 > k0 ? std::sqrt(sum / static_cast<double>(k1 - k0)) : NAN;
}

// The samples of `channel` whose label carries `bit` must be exactly those inside one of the
// intervals (with mark_interval's closed-interval convention).
void expect_bits_are_the_union_of(const TrialRecord& r, std::size_t channel, const std::string& bit,
                                  const std::vector<std::pair<double, double>>& intervals, const std::string& what) {
  const LabelSeries& l = r.labels;
  const LabelMask mask = l.mask_of(bit);
  std::size_t wrong = 0;
  for (std::size_t k = 0; k < l.n_samples(); ++k) {
    const double t = l.starting_time_s + static_cast<double>(k) / l.rate_hz;
    bool inside = false;
    for (const auto& [a, b] : intervals) inside = inside || (t >= a - 1e-9 / l.rate_hz && t <= b + 1e-9 / l.rate_hz);
    wrong += inside != ((l.at(k, channel) & mask) != 0);
  }
  EXPECT_EQ(wrong, 0u) << what;
}

struct Tally {
  std::size_t checked = 0, passed = 0;
  void add(bool ok) {
    ++checked;
    passed += ok;
  }
  double fraction() const { return checked ? static_cast<double>(passed) / static_cast<double>(checked) : 1.0; }
};

// ------------------------------------------------------------------------- clonus

TEST(LabelProperties, ClonusRulesHoldAcrossGainDelayPushAndSeed) {
  const labels::ClonusLabelParams rules;  // the bundled scenario uses the defaults
  const double window = 1.0 / rules.min_frequency_hz;
  Tally visible_in_emg;
  std::size_t trials_with_clonus = 0, visible_beats = 0, hidden_beats = 0;
  for (std::uint64_t i = 1; i <= 24; ++i) {
    const double ratio = 0.3 + 2.7 * halton(i, 2), delay = 0.02 + 0.06 * halton(i, 3), push = 1.0 + 7.0 * halton(i, 5);
    const std::string where = "ratio " + std::to_string(ratio) + ", delay " + std::to_string(delay) + " s, push " +
                              std::to_string(push) + " N*m, seed " + std::to_string(i);
    std::vector<std::string> sets = {"parameters.defaults.reflex.delay=" + std::to_string(delay),
                                     "protocol[2].load_torque=" + std::to_string(push), "protocol[2].duration=6",
                                     "protocol[3].duration=1", "seed=" + std::to_string(i)};
    const auto probe = clonus_scenario(sets);
    const auto critical =
        analysis::critical_gain(probe.model.physiology, probe.protocol, analysis::default_stability_phase(probe.protocol));
    ASSERT_TRUE(critical.critical_found) << where;
    sets.push_back("parameters.spinal.reflex_gain=" + std::to_string(ratio * critical.critical_gain));
    const auto s = clonus_scenario(sets);
    const TrialRecord r = engine::run_trial(s, 0);
    const auto& emg = series(r, "emg");
    const auto& drive = series(r, "internals/reflex_drive");
    const double hold_end = r.phase_stop_s[2];
    const auto drive_at = [&](std::size_t c, double t) {
      return static_cast<double>(drive.at(std::min(drive.n_samples() - 1, static_cast<std::size_t>(std::lround(t * drive.rate_hz))), c));
    };
    const auto drive_min = [&](std::size_t c, double t0, double t1) {
      double m = INFINITY;
      for (auto k = static_cast<std::size_t>(std::max(0.0, std::ceil(t0 * drive.rate_hz)));
           k < drive.n_samples() && static_cast<double>(k) <= t1 * drive.rate_hz + 1e-9; ++k)
        m = std::min(m, static_cast<double>(drive.at(k, c)));
      return m;
    };
    bool lead_clonus_at_end = false;
    for (std::size_t c = 0; c < emg.n_channels(); ++c) {
      const std::string& muscle = emg.channels[c];
      const auto env = emg_envelope(emg, c, 0.01);
      std::vector<std::pair<double, double>> spans;
      for (const std::size_t ep : rows_where(r.events, "clonus_episode", muscle)) {
        const double a = r.events.start_time()[ep], b = r.events.stop_time()[ep];
        spans.emplace_back(a, b);
        std::vector<std::size_t> beats;
        for (const std::size_t k : rows_where(r.events, "clonus_beat", muscle))
          if (r.events.parent()[k] == static_cast<std::int64_t>(ep)) beats.push_back(k);
        const auto n = beats.size();
        ASSERT_GE(n, static_cast<std::size_t>(rules.min_beats)) << where;
        EXPECT_EQ(integer(r.events, "beat_count", ep), static_cast<std::int64_t>(n));
        EXPECT_DOUBLE_EQ(a, r.events.start_time()[beats.front()]) << where;
        EXPECT_DOUBLE_EQ(b, r.events.stop_time()[beats.back()]) << where;
        const double first = real(r.events, "peak_time", beats.front()), last = real(r.events, "peak_time", beats.back());
        EXPECT_LE(b - last, window + 1e-9) << "an episode ends within a longest period of its last beat; " << where;
        EXPECT_NEAR(real(r.events, "frequency", ep), static_cast<double>(n - 1) / (last - first), 1e-9);
        EXPECT_EQ(integer(r.events, "duration_class", ep), labels::scats_duration_class(b - a));
        EXPECT_EQ(integer(r.events, "sustained", ep), n >= static_cast<std::size_t>(rules.sustained_beats) ? 1 : 0);
        if (b > hold_end - 1.0 && c == 0) lead_clonus_at_end = true;
        for (std::size_t j = 0; j < n; ++j) {
          const std::size_t k = beats[j];
          const double start = r.events.start_time()[k], stop = r.events.stop_time()[k], peak = real(r.events, "peak_time", k);
          EXPECT_LT(start, peak);
          EXPECT_LT(peak, stop);
          EXPECT_LE(stop - peak, window + 1e-9) << where;
          EXPECT_LE(peak - start, window + 1e-9) << where;
          if (j > 0) {
            const double interval = peak - real(r.events, "peak_time", beats[j - 1]);
            EXPECT_GE(interval, 1.0 / rules.max_frequency_hz - 1e-9);
            EXPECT_LE(interval, window + 1e-9);
          }
          // A rise and a fall of at least min_prominence within a longest period (the drive is
          // written as float: allow its rounding).
          const double top = drive_at(c, peak), tolerance = 1e-6;
          EXPECT_GE(top - drive_min(c, peak - window, peak), rules.min_prominence - tolerance) << where << " beat " << peak;
          EXPECT_GE(top - drive_min(c, peak, peak + window), rules.min_prominence - tolerance) << where << " beat " << peak;
          const double salience = real(r.events, "salience_db", k);
          const bool visible = integer(r.events, "visible", k) == 1;
          EXPECT_EQ(visible, salience >= rules.visible_db) << where;
          if (!visible) {
            ++hidden_beats;
            continue;
          }
          ++visible_beats;
          // Its EMG counterpart: the 10 ms envelope peaks during the beat (plus the pool's lag)
          // at least 1.5 times above its median between the neighbouring beats.
          const double gap_from = j > 0 ? r.events.stop_time()[beats[j - 1]] : start - 0.1;
          const double gap_to = j + 1 < n ? r.events.start_time()[beats[j + 1]] : stop + 0.1;
          std::vector<double> gaps;
          double top_env = 0.0;
          for (auto q = static_cast<std::size_t>(std::max(0.0, gap_from * emg.rate_hz));
               q < env.size() && static_cast<double>(q) < gap_to * emg.rate_hz; ++q) {
            const double t = static_cast<double>(q) / emg.rate_hz;
            if (t >= start && t <= stop + 0.01) top_env = std::max(top_env, env[q]);
            else if (t < start || t > stop + 0.02) gaps.push_back(env[q]);
          }
          visible_in_emg.add(!gaps.empty() && top_env >= 1.5 * median_of(gaps));
        }
      }
      expect_bits_are_the_union_of(r, c, "clonus", spans, where + ", " + muscle);
    }
    trials_with_clonus += lead_clonus_at_end;
    // The physics the labels must follow: well below the Hopf boundary the beats die out before
    // the push ends; well above it the soleus still beats at the end of the hold.
    if (ratio < 0.85) {
      EXPECT_FALSE(lead_clonus_at_end) << where;
    } else if (ratio > 1.5) {
      EXPECT_TRUE(lead_clonus_at_end) << where;
    }
  }
  EXPECT_GT(trials_with_clonus, 4u);
  EXPECT_GT(visible_beats, 200u);
  EXPECT_GT(hidden_beats, 0u) << "the design should reach low-salience beats near the boundary";
  EXPECT_GE(visible_in_emg.fraction(), 0.95) << visible_in_emg.passed << " of " << visible_in_emg.checked
                                              << " visible beats have an EMG burst";
}

// ------------------------------------------------------------------------- dystonia

TEST(LabelProperties, DystoniaRulesHoldFromOffToStrongAndNothingChangesAtRest) {
  const auto scenario_at = [](double strength) {
    const auto f = [&](double healthy, double sick) { return std::to_string(healthy + strength * (sick - healthy)); };
    return bundled("wrist_writers_cramp",
                   {"parameters.supraspinal.pathology.surround=" + f(1.0, 0.1), "parameters.supraspinal.pathology.indirect_gain=" + f(1.0, 0.5),
                    "parameters.supraspinal.pathology.long_latency_gain=" + f(1.0, 2.0),
                    "parameters.supraspinal.pathology.irregularity=" + f(1.0, 5.0), "parameters.spinal.reciprocal_gain=" + f(1.0, 0.3)});
  };
  Tally visible_in_emg;
  std::size_t events_total = 0;
  for (std::uint64_t trial = 0; trial < 3; ++trial) {
    const TrialRecord healthy = engine::run_trial(scenario_at(0.0), trial);
    EXPECT_TRUE(events_of(healthy.events, "dystonia_posture").empty() && events_of(healthy.events, "dystonia_spasm").empty() &&
                events_of(healthy.events, "dystonia_tremor").empty() && events_of(healthy.events, "dystonia_overflow").empty());
    for (const LabelMask m : healthy.labels.data) ASSERT_EQ(m & healthy.labels.mask_of("dystonia"), 0);
    const auto& h_emg = series(healthy, "emg");
    for (const double strength : {0.25, 0.5, 0.75, 1.0}) {
      const auto s = scenario_at(strength);
      const TrialRecord r = engine::run_trial(s, trial);
      const auto& emg = series(r, "emg");
      const double task_start = r.phase_start_s[1], task_stop = r.phase_stop_s[1];
      for (std::size_t c = 0; c < emg.n_channels(); ++c) {
        // Task specificity: before the task the EMG is that of the healthy writer, sample for sample.
        EXPECT_NEAR(rms_over(emg, c, 0.0, task_start), rms_over(h_emg, c, 0.0, task_start),
                    1e-3 * rms_over(h_emg, c, 0.0, task_start))
            << "strength " << strength << ", " << emg.channels[c];
        std::vector<std::pair<double, double>> spans;
        for (const char* label : {"dystonia_posture", "dystonia_spasm", "dystonia_tremor", "dystonia_overflow"})
          for (const std::size_t k : events_of(r.events, label, emg.channels[c])) {
            const double a = r.events.start_time()[k], b = r.events.stop_time()[k];
            spans.emplace_back(a, b);
            ++events_total;
            // Expressed only with the task (plus the loop's delays and the pool's decay).
            EXPECT_GE(a, task_start) << label;
            EXPECT_LE(b, task_stop + 0.5) << label;
            const bool visible = integer(r.events, "visible", k) == 1;
            const bool tremor = std::string(label) == "dystonia_tremor";
            EXPECT_EQ(visible, real(r.events, "salience_db", k) >=
                                   (tremor ? s.dystonia_labels.tremor_visible_db : s.dystonia_labels.visible_db));
            // Its EMG counterpart: louder than the healthy twin's over the same span (a tremor's
            // rhythm is judged by rhythm, in the audit; here only contractions).
            if (visible && !tremor) visible_in_emg.add(rms_over(emg, c, a, b) >= 1.2 * rms_over(h_emg, c, a, b));
          }
        expect_bits_are_the_union_of(r, c, "dystonia", spans,
                                     "strength " + std::to_string(strength) + ", " + emg.channels[c]);
      }
    }
  }
  EXPECT_GT(events_total, 60u);
  EXPECT_GE(visible_in_emg.checked, 10u);
  EXPECT_GE(visible_in_emg.fraction(), 0.95) << visible_in_emg.passed << " of " << visible_in_emg.checked;
}

// ------------------------------------------------------------------------- myoclonus

TEST(LabelProperties, MyoclonusRulesHoldOverVolleyAmplitudesAndDurations) {
  const auto& rules = bundled("negative_myoclonus").myoclonus_labels;
  Tally bursts_in_emg, silences_in_emg;
  std::size_t silences = 0, bursts = 0;
  for (std::uint64_t i = 1; i <= 6; ++i) {
    const double amplitude = 0.1 + 0.5 * halton(i, 2), duration = 0.015 + 0.03 * halton(i, 3);
    const double lapse = 0.06 + 0.3 * halton(i, 5);
    for (const auto& [name, sets] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"cortical_reflex_myoclonus",
              {"myoclonus.cortical_jerks.amplitude={distribution: lognormal, median: " + std::to_string(amplitude) +
                   ", sigma: 0.3, min: 0.03, max: 1.0}",
               "myoclonus.cortical_jerks.duration={distribution: lognormal, median: " + std::to_string(duration) +
                   ", sigma: 0.2, min: 0.008, max: 0.06}",
               "seed=" + std::to_string(i)}},
             {"negative_myoclonus",
              {"myoclonus.lapses.duration={distribution: lognormal, median: " + std::to_string(lapse) +
                   ", sigma: 0.4, min: 0.03, max: 0.5}",
               "seed=" + std::to_string(i)}}}) {
      const auto with = bundled(name, sets);
      auto without = with;
      without.myoclonus.clear();
      const TrialRecord r = engine::run_trial(with, 0), base = engine::run_trial(without, 0);
      const auto& emg = series(r, "emg");
      const auto& emg0 = series(base, "emg");
      for (std::size_t c = 0; c < emg.n_channels(); ++c) {
        std::vector<std::pair<double, double>> spans;
        for (const char* label : {"myoclonic_burst", "myoclonic_silent_period"})
          for (const std::size_t k : events_of(r.events, label, emg.channels[c])) {
            const double a = r.events.start_time()[k], b = r.events.stop_time()[k];
            spans.emplace_back(a, b);
            const std::int64_t jerk = r.events.parent()[k];
            ASSERT_GE(jerk, 0);
            // Within its volley (plus the pool's lag).
            EXPECT_LE(b - a, real(r.events, "volley_duration", static_cast<std::size_t>(jerk)) + rules.lag_s + 2e-3);
            const bool visible = integer(r.events, "visible", k) == 1;
            EXPECT_EQ(visible, real(r.events, "salience_db", k) >= rules.visible_db);
            const double with_rms = rms_over(emg, c, a, b), without_rms = rms_over(emg0, c, a, b);
            if (std::string(label) == "myoclonic_silent_period") {
              ++silences;
              EXPECT_GE(b - a, rules.min_silent_s - 1e-9) << "silent periods last 50 ms or more";
              if (visible) silences_in_emg.add(with_rms <= 0.5 * without_rms);
            } else {
              ++bursts;
              if (visible) bursts_in_emg.add(with_rms >= 1.5 * without_rms);
            }
          }
        expect_bits_are_the_union_of(r, c, "myoclonus", spans, name + ", " + emg.channels[c]);
      }
    }
  }
  EXPECT_GT(bursts, 50u);
  EXPECT_GT(silences, 20u);
  EXPECT_GE(bursts_in_emg.fraction(), 0.95) << bursts_in_emg.passed << " of " << bursts_in_emg.checked;
  EXPECT_GE(silences_in_emg.fraction(), 0.95) << silences_in_emg.passed << " of " << silences_in_emg.checked;
}

}  // namespace
}  // namespace nmsim::testing
