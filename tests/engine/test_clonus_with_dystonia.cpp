// Clonus with dystonia (docs/labels.md, "Clonus", "With tremor, myoclonus or dystonia"): the
// dystonic drive co-contracts the calf and the shin and carries a 4-7 Hz dystonic tremor, and
// the stretch reflexes answer that tremor. Clonus is labelled where the segmental loop, at the
// trial's own dystonic operating point, oscillates by itself.
// Checked here against an independent answer: the linear stability analysis of the same limb
// without the supraspinal loop, its pools given the trial's own mean cortical drive through the
// push as a constant direct drive. Below that critical gain no clonus may be labelled although
// the reflexes ring with the dystonic tremor; above it, clonus covers the push; the dystonia's
// own labels are there in every trial.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/label_context.hpp"
#include "engine/scenario_stability.hpp"

namespace nmsim::engine {
namespace {

const std::filesystem::path kMixed = NMSIM_SOURCE_DIR "/scenarios/ankle_clonus_with_dystonia.yaml";
constexpr double kHoldStart = 2.2, kHoldStop = 12.2;  // the held push

std::string text_of(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos) throw std::runtime_error("the scenario no longer has '" + from + "'");
  return s.replace(at, from.size(), to);
}

std::size_t count(const EventTable& ev, const std::string& label) {
  return static_cast<std::size_t>(std::count(ev.label().begin(), ev.label().end(), label));
}

// The critical reflex gain of the segmental loop with the trial's mean cortical drive through
// the push (the pools' descending drive, the tonic drive being 0) as the hold's direct drive.
double critical_gain_at_the_operating_point(const TrialRecord& rec) {
  const TimeSeries* d = find_series(rec, "internals/descending_drive");
  if (d == nullptr) throw std::runtime_error("the trial records no descending drive");
  std::string drive;
  for (std::size_t c = 0; c < d->n_channels(); ++c) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < d->n_samples(); ++k) {
      const double t = d->starting_time_s + static_cast<double>(k) / d->rate_hz;
      if (t >= kHoldStart + 1.0 && t < kHoldStop) sum += d->at(k, c), ++n;
    }
    drive += (c ? ", " : "") + d->channels[c] + ": " + std::to_string(sum / static_cast<double>(n));
  }
  std::string yaml = replaced(text_of(kMixed), "    enabled: true", "    enabled: false");
  yaml = replaced(yaml, "load_torque: 4.0}", "load_torque: 4.0, drive: {" + drive + "}}");
  const Simulation segmental = Simulation::from_text(yaml, {NMSIM_SOURCE_DIR "/models"});
  const analysis::StabilityReport r = scenario_stability(segmental.scenario(), "hold", "phase");
  if (!r.critical_found) throw std::runtime_error("no critical gain at the operating point: " + drive);
  return r.critical_gain;
}

// The fraction of the push after its first second in which the soleus carries the clonus bit.
double clonus_in_the_push(const TrialRecord& r) {
  const LabelSeries& L = r.labels;
  const auto c = static_cast<std::size_t>(std::find(L.channels.begin(), L.channels.end(), "soleus") - L.channels.begin());
  std::size_t in = 0, n = 0;
  for (auto k = static_cast<std::size_t>((kHoldStart + 1.0) * L.rate_hz); k < static_cast<std::size_t>(kHoldStop * L.rate_hz); ++k, ++n)
    in += (L.at(k, c) & L.mask_of("clonus")) != 0;
  return static_cast<double>(in) / static_cast<double>(n);
}

TEST(ClonusWithDystonia, ClonusIsLabelledExactlyWhereTheLoopAtTheDystonicOperatingPointIsUnstable) {
  std::size_t below = 0, above = 0;
  for (const char* gain : {"3", "5", "10", "14"})
    for (const char* seed : {"5", "6"}) {
      SCOPED_TRACE(std::string("reflex gain ") + gain + ", seed " + seed);
      const Trial t = Simulation::from_file(kMixed, {}, {std::string("parameters.spinal.reflex_gain=") + gain,
                                                          std::string("seed=") + seed}).run(0);
      const TrialRecord& r = t.record;
      EXPECT_GT(count(r.events, "dystonia_tremor"), 0u) << "the dystonic tremor must be there for the test to mean anything";
      const double ratio = std::stod(gain) / critical_gain_at_the_operating_point(r);
      if (ratio < 0.85) {
        ++below;
        // The stretch at 2 s may ring for a few beats; nothing after that, all through the push.
        for (std::size_t i = 0; i < r.events.size(); ++i)
          if (r.events.label()[i] == "clonus_beat") {
            EXPECT_LT(r.events.stop_time()[i], kHoldStart + 1.0) << "clonus labelled in the push at " << ratio << "x critical";
          }
      } else if (ratio > 1.15) {
        ++above;
        EXPECT_GT(clonus_in_the_push(r), 0.8) << ratio << "x critical";
      }
    }
  // The gains straddle the boundary on both sides (it lies near 7x normal).
  EXPECT_GE(below, 4u);
  EXPECT_GE(above, 4u);
}

// Mixed: where the loop is unstable, clonus and the dystonic tremor share the calf's samples.
TEST(ClonusWithDystonia, TheBundledScenarioLabelsBothOnTheSameSamples) {
  const Trial t = Simulation::from_file(kMixed, {}).run(0);
  const LabelSeries& L = t.record.labels;
  const auto sol = static_cast<std::size_t>(std::find(L.channels.begin(), L.channels.end(), "soleus") - L.channels.begin());
  const LabelMask both = L.mask_of("clonus") | L.mask_of("dystonia");
  std::size_t together = 0, n = 0;
  for (auto k = static_cast<std::size_t>(3.0 * L.rate_hz); k < static_cast<std::size_t>(12.0 * L.rate_hz); ++k, ++n)
    together += (L.at(k, sol) & both) == both;
  EXPECT_GT(static_cast<double>(together) / static_cast<double>(n), 0.8);
  EXPECT_GT(count(t.record.events, "clonus_episode"), 0u);
}

}  // namespace
}  // namespace nmsim::engine
