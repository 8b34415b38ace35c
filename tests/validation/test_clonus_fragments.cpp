// Unsustained and fragmentary clonus (scenarios/ankle_unsustained_clonus.yaml,
// ankle_fragmentary_clonus.yaml): what the loop does near its critical gain, measured from the
// labels against the protocol and the stability analysis, at several gains and seeds.
#include <gtest/gtest.h>

#include <string>

#include "analysis/stability.hpp"
#include "engine/trial_runner.hpp"
#include "phenotype_measures.hpp"

namespace nmsim::testing {
namespace {

double critical_at(const std::string& scenario, double push) {
  const auto s = bundled(scenario, {"protocol[2].load_torque=" + std::to_string(push)});
  const auto r = analysis::critical_gain(s.model.physiology, s.protocol, 2);
  EXPECT_TRUE(r.critical_found);
  return r.critical_gain;
}

// Below the critical gain each brisk stretch (at 1.0 and 6.7 s) starts a few beats that die out
// while the push is still held: one unsustained episode per stretch, nothing later in the hold.
TEST(ClonusFragments, UnsustainedClonusDiesOutAfterEachStretch) {
  const double critical = critical_at("ankle_unsustained_clonus", 4.0);
  for (const double ratio : {0.8, 0.87})
    for (const char* seed : {"11", "12", "13"}) {
      const std::string where = std::to_string(ratio) + "x critical, seed " + seed;
      const auto s = bundled("ankle_unsustained_clonus",
                             {"seed=" + std::string(seed), "parameters.spinal.reflex_gain=" + std::to_string(ratio * critical)});
      const TrialRecord r = engine::run_trial(s, 0);
      const auto episodes = events_of(r.events, "clonus_episode", "soleus");
      ASSERT_EQ(episodes.size(), 2u) << where;
      for (std::size_t k = 0; k < 2; ++k) {
        const std::size_t i = episodes[k];
        const double stretch = k == 0 ? 1.0 : 6.7;
        EXPECT_EQ(r.events.int_columns().at("sustained")[i], 0) << where;
        EXPECT_GT(r.events.start_time()[i], stretch) << where;
        EXPECT_LT(r.events.stop_time()[i], stretch + 1.2) << where << ": the beats did not die out";
      }
    }
}

// Between the critical gains of the slack (1 N*m) and the firm (6 N*m) push, clonus comes and
// goes with the push: one episode per firm phase, at the firm push's Hopf frequency, each gone
// within a second of the push slackening, nothing in the rest of the slack phases.
TEST(ClonusFragments, FragmentaryClonusComesWithTheFirmPushAndGoesWithTheSlackOne) {
  const double firm = critical_at("ankle_fragmentary_clonus", 6.0), slack = critical_at("ankle_fragmentary_clonus", 1.0);
  ASSERT_LT(firm, slack);
  const auto s0 = bundled("ankle_fragmentary_clonus");
  const auto hopf = analysis::critical_gain(s0.model.physiology, s0.protocol, 2).critical_frequency_hz;
  for (const double at : {0.25, 0.5, 0.75})
    for (const char* seed : {"12", "13"}) {
      const double gain = firm + at * (slack - firm);
      const std::string where = "gain " + std::to_string(gain) + ", seed " + seed;
      const auto s = bundled("ankle_fragmentary_clonus", {"seed=" + std::string(seed), "parameters.spinal.reflex_gain=" + std::to_string(gain)});
      const TrialRecord r = engine::run_trial(s, 0);
      const auto episodes = events_of(r.events, "clonus_episode", "soleus");
      ASSERT_EQ(episodes.size(), 3u) << where;
      for (std::size_t k = 0; k < 3; ++k) {
        const std::size_t firm_phase = 2 + 2 * k, slack_phase = firm_phase + 1;
        const double firm_start = r.phase_start_s[firm_phase], slack_start = r.phase_start_s[slack_phase];
        const std::size_t i = episodes[k];
        EXPECT_LT(r.events.start_time()[i], firm_start + 0.8) << where;
        EXPECT_GT(r.events.stop_time()[i], slack_start - 0.3) << where << ": the clonus stopped under the firm push";
        EXPECT_LT(r.events.stop_time()[i], slack_start + 1.0) << where << ": the clonus went on under the slack push";
        EXPECT_NEAR(r.events.real_columns().at("frequency")[i], hopf, 0.7) << where;
      }
    }
}

}  // namespace
}  // namespace nmsim::testing
