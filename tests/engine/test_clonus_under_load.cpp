// Clonus under a varying load (scenarios/ankle_clonus_varying_load.yaml): the push that grows
// in steps stiffens the loop and the clonus speeds up. The labelled beats follow the EMG: per
// load step, the beats' rate is the soleus EMG envelope's spectral peak, and it rises with the
// load, at several reflex gains above the critical one.
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

// The rectified soleus EMG (channel 0) over [a, b), 20 ms moving average, and the frequency of
// its largest spectral line in [lo, hi] (one DFT over the whole window, 0.02 Hz steps).
double envelope_peak(const TimeSeries& emg, double a, double b, double lo, double hi) {
  const std::size_t m = emg.channels.size(), w = static_cast<std::size_t>(0.02 * emg.rate_hz);
  const auto k0 = static_cast<std::size_t>(a * emg.rate_hz), k1 = static_cast<std::size_t>(b * emg.rate_hz);
  std::vector<double> env;
  double sum = 0;
  for (std::size_t k = k0; k < k1; ++k) {
    sum += std::abs(emg.data[k * m]);
    if (k >= k0 + w) sum -= std::abs(emg.data[(k - w) * m]);
    env.push_back(sum / static_cast<double>(std::min(k - k0 + 1, w)));
  }
  double mean = 0;
  for (const double e : env) mean += e / static_cast<double>(env.size());
  double best = lo, best_p = -1;
  for (double f = lo; f <= hi; f += 0.02) {
    double re = 0, im = 0;
    for (std::size_t k = 0; k < env.size(); ++k) {
      const double arg = 2 * std::numbers::pi * f * static_cast<double>(k) / emg.rate_hz;
      re += (env[k] - mean) * std::cos(arg), im += (env[k] - mean) * std::sin(arg);
    }
    if (re * re + im * im > best_p) best = f, best_p = re * re + im * im;
  }
  return best;
}

TEST(ClonusUnderLoad, TheClonusSpeedsUpWithThePushAndItsBeatsFollowTheEmg) {
  for (const char* gain : {"6", "4"}) {
    SCOPED_TRACE(std::string("reflex gain ") + gain);
    const Trial t = Simulation::from_file(kScenarios / "ankle_clonus_varying_load.yaml", {},
                                          {std::string("parameters.spinal.reflex_gain=") + gain})
                        .run(0);
    const TrialRecord& r = t.record;
    const TimeSeries* emg = nullptr;
    for (const auto& s : r.series)
      if (s.path == "emg") emg = &s;
    ASSERT_NE(emg, nullptr);
    std::vector<double> peaks;  // soleus beat peak times
    for (std::size_t i = 0; i < r.events.size(); ++i)
      if (r.events.label()[i] == "clonus_beat" && r.events.channel()[i] == "soleus") peaks.push_back(r.events.real_columns().at("peak_time")[i]);
    std::sort(peaks.begin(), peaks.end());
    double previous = 0.0;
    // The load steps start at 1.2, 5.2, 9.2 and 13.2 s; the first 0.7 s of each is left to settle.
    for (const double step : {1.2, 5.2, 9.2, 13.2}) {
      const double a = step + 0.7, b = step + 4.0;
      std::vector<double> intervals;
      for (std::size_t k = 1; k < peaks.size(); ++k)
        if (peaks[k - 1] >= a && peaks[k] < b) intervals.push_back(peaks[k] - peaks[k - 1]);
      ASSERT_GE(intervals.size(), 10u) << "step at " << step << " s";
      std::nth_element(intervals.begin(), intervals.begin() + intervals.size() / 2, intervals.end());
      const double rate = 1.0 / intervals[intervals.size() / 2];
      EXPECT_NEAR(rate, envelope_peak(*emg, a, b, 3.0, 12.0), 0.35) << "step at " << step << " s";
      EXPECT_GT(rate, previous + 0.3) << "step at " << step << " s: the clonus did not speed up";
      previous = rate;
    }
  }
}

}  // namespace
}  // namespace nmsim::engine
