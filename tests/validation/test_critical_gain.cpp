// The fast critical-gain search that datasets run for every trial (analysis::critical_gain)
// against the full stability analysis, over the delays and pushes the benchmarks draw.
#include <gtest/gtest.h>

#include "analysis/stability.hpp"
#include "clonus_fixture.hpp"

namespace nmsim::testing {
namespace {

TEST(CriticalGain, FastSearchAgreesWithTheFullAnalysisAcrossDelaysAndPushes) {
  for (const double delay : {0.02, 0.04, 0.08})
    for (const double push : {1.0, 4.0, 8.0}) {
      const auto s = clonus_scenario({"parameters.defaults.reflex.delay=" + std::to_string(delay),
                                      "protocol[2].load_torque=" + std::to_string(push)});
      const std::size_t phase = analysis::default_stability_phase(s.protocol);
      const auto full = analysis::analyse_stability(s.model.physiology, s.protocol, phase);
      const auto fast = analysis::critical_gain(s.model.physiology, s.protocol, phase);
      ASSERT_EQ(fast.critical_found, full.critical_found) << delay << " s, " << push << " N*m";
      if (!full.critical_found) continue;
      EXPECT_NEAR(fast.critical_gain / full.critical_gain, 1.0, 1e-5) << delay << " s, " << push << " N*m";
      EXPECT_NEAR(fast.critical_frequency_hz, full.critical_frequency_hz, 1e-3 * full.critical_frequency_hz);
    }
}

}  // namespace
}  // namespace nmsim::testing
