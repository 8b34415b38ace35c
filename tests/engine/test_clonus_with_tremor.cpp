// Clonus with tremor or myoclonus (docs/labels.md, "Clonus", "With tremor, myoclonus or dystonia"): a
// tremor or a train of jerks moves the limb and the stretch reflexes answer each cycle or jerk;
// that is not clonus. The clonus labels of a trial with such generators count only the beats
// where the same trial without them is in clonus.
// Held here across tremor kinds, amplitudes, reflex gains below and above the critical gain
// (2.54 for the bundled ankle test) and seeds, and against an independent run of the twin
// through the public API (the scenario with its generator switched off).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace nmsim::engine {
namespace {

const std::filesystem::path kMixed = NMSIM_SOURCE_DIR "/scenarios/ankle_clonus_with_tremor.yaml";

Trial run(const std::vector<std::string>& sets) { return Simulation::from_file(kMixed, {}, sets).run(0); }

std::vector<std::size_t> rows(const EventTable& ev, const std::string& label) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.label()[i] == label) out.push_back(i);
  return out;
}

// Every tremor kind the ankle can have at rest and in the held push, at two amplitudes.
std::vector<std::vector<std::string>> tremors() {
  std::vector<std::vector<std::string>> out;
  for (const char* amplitude : {"0.012", "0.02"}) {
    out.push_back({"tremor.leg.amplitude=" + std::string(amplitude)});
    out.push_back({"tremor.leg.kind=essential", "tremor.leg.active_in=always", "tremor.leg.amplitude=" + std::string(amplitude)});
  }
  return out;
}

std::string describe(const std::vector<std::string>& sets) {
  std::string out;
  for (const auto& s : sets) out += s + " ";
  return out;
}

// `sets` at a reflex gain and seed.
std::vector<std::string> at(std::vector<std::string> sets, const std::string& gain, const std::string& seed) {
  sets.push_back("parameters.spinal.reflex_gain=" + gain);
  sets.push_back("seed=" + seed);
  return sets;
}

// At most the damped beats the stretch at 2 s starts (the generator-free test rings too),
// nothing through the rest of the held push although the generator runs all through it.
void expect_no_clonus_in_the_steady_push(const EventTable& ev) {
  for (const std::size_t i : rows(ev, "clonus_beat")) {
    EXPECT_GT(ev.real_columns().at("peak_time")[i], 2.0) << "a clonus beat before the stretch";
    EXPECT_LT(ev.stop_time()[i], 4.0) << "clonus labelled in the steady push (it lasts to 10.2 s)";
  }
}

TEST(ClonusWithTremor, BelowTheCriticalGainATremorMakesNoClonus) {
  for (const auto& tremor : tremors())
    for (const char* gain : {"1.0", "2.2"})
      for (const char* seed : {"5", "6"}) {
        const std::vector<std::string> sets = at(tremor, gain, seed);
        SCOPED_TRACE(describe(sets));
        const Trial t = run(sets);
        const EventTable& ev = t.record.events;
        EXPECT_FALSE(rows(ev, "tremor_" + std::string(tremor.size() == 1 ? "parkinsonian" : "essential")).empty())
            << "the tremor must be there for the test to mean anything";
        expect_no_clonus_in_the_steady_push(ev);
      }
}

// The fraction of [a, b) in which `muscle` carries the clonus bit.
double clonus_fraction(const TrialRecord& r, const std::string& muscle, double a, double b) {
  const LabelSeries& L = r.labels;
  const auto c = static_cast<std::size_t>(std::find(L.channels.begin(), L.channels.end(), muscle) - L.channels.begin());
  std::size_t in = 0, n = 0;
  for (auto k = static_cast<std::size_t>(a * L.rate_hz); k < static_cast<std::size_t>(b * L.rate_hz); ++k, ++n)
    in += (L.at(k, c) & L.mask_of("clonus")) != 0;
  return static_cast<double>(in) / static_cast<double>(n);
}

// Rhythmic segmental jerks of the calf (1-4 Hz) instead of the tremor.
std::vector<std::string> jerks(const char* rate) {
  return {"tremor.leg.enabled=0",
          "myoclonus.spinal.origin=segmental",
          "myoclonus.spinal.origin_position=0.42",
          "myoclonus.spinal.segment_reach=0.03",
          "myoclonus.spinal.timing.process=rhythmic",
          std::string("myoclonus.spinal.timing.frequency=") + rate,
          "myoclonus.spinal.timing.jitter=0.05",
          "myoclonus.spinal.timing.refractory=0.2",
          "myoclonus.spinal.amplitude.distribution=lognormal",
          "myoclonus.spinal.amplitude.median=0.02",
          "myoclonus.spinal.amplitude.sigma=0.25",
          "myoclonus.spinal.amplitude.min=0.012",
          "myoclonus.spinal.amplitude.max=0.035"};
}

TEST(ClonusWithTremor, RhythmicJerksInAStableLoopMakeNoClonusAndDoNotHideIt) {
  for (const char* rate : {"1.5", "3.5"}) {
    for (const char* gain : {"1.0", "2.2", "4", "6"}) {
      const std::vector<std::string> sets = at(jerks(rate), gain, "5");
      SCOPED_TRACE(describe(sets));
      const Trial t = run(sets);
      const EventTable& ev = t.record.events;
      EXPECT_GT(rows(ev, "myoclonus_segmental").size(), 10u) << "the jerks must be there for the test to mean anything";
      if (std::stod(gain) < 2.54) {
        expect_no_clonus_in_the_steady_push(ev);
      } else {
        // The jerks break the clonic rhythm now and then (a jerk's burst is an extra peak), so the
        // hold holds several episodes; together they cover most of it.
        EXPECT_GT(clonus_fraction(t.record, "soleus", 3.0, 10.0), 0.8) << "the jerks hid the clonus";
      }
    }
  }
}

TEST(ClonusWithTremor, AboveItBothAreLabelledOnTheSameSamplesAndTheClonusIsTheTwins) {
  for (const auto& tremor : tremors())
    for (const char* gain : {"4", "6"})
      for (const char* seed : {"5", "6"}) {
        const std::vector<std::string> sets = at(tremor, gain, seed);
        SCOPED_TRACE(describe(sets));
        const Trial t = run(sets);
        const TrialRecord& r = t.record;
        // Sustained clonus through the held push (2.2-10.2 s).
        bool sustained = false;
        for (const std::size_t i : rows(r.events, "clonus_episode"))
          if (r.events.int_columns().at("sustained")[i] == 1 && r.events.start_time()[i] < 3.0 && r.events.stop_time()[i] > 9.5)
            sustained = true;
        EXPECT_TRUE(sustained);
        // Mixed: the soleus carries both bits during the hold.
        const LabelSeries& L = r.labels;
        const std::size_t sol = static_cast<std::size_t>(std::find(L.channels.begin(), L.channels.end(), "soleus") - L.channels.begin());
        const LabelMask both = L.mask_of("clonus") | L.mask_of("tremor");
        std::size_t together = 0, hold = 0;
        for (auto k = static_cast<std::size_t>(4.0 * L.rate_hz); k < static_cast<std::size_t>(9.0 * L.rate_hz); ++k, ++hold)
          if ((L.at(k, sol) & both) == both) ++together;
        EXPECT_GT(static_cast<double>(together), 0.9 * static_cast<double>(hold));
        // Every clonus beat's peak lies inside a clonus episode of the twin (the generator off).
        std::vector<std::string> twin_sets = sets;
        twin_sets.push_back("tremor.leg.enabled=0");
        const Trial twin = run(twin_sets);
        const EventTable& tw = twin.record.events;
        for (const std::size_t b : rows(r.events, "clonus_beat")) {
          const double peak = r.events.real_columns().at("peak_time")[b];
          bool inside = false;
          for (const std::size_t e : rows(tw, "clonus_episode"))
            if (tw.channel()[e] == r.events.channel()[b]) inside = inside || (peak >= tw.start_time()[e] && peak <= tw.stop_time()[e]);
          EXPECT_TRUE(inside) << r.events.channel()[b] << " beat at " << peak << " s";
        }
      }
}

}  // namespace
}  // namespace nmsim::engine
