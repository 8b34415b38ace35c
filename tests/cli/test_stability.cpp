// `nmsim stability` on the default scenario: the reflex loop loses stability through a Hopf
// bifurcation at a clonus frequency (4-8 Hz), between the normal and the scenario's reflex gain.
#include <gtest/gtest.h>

#include <regex>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using Stability = CliTest;

const std::string kClonusScenario = std::string(NMSIM_SOURCE_DIR) + "/scenarios/ankle_clonus.yaml";

TEST_F(Stability, ReportsCriticalGainAndHopfFrequency) {
  const RunResult r = nmsim({"stability", kClonusScenario});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stability of ankle_clonus, phase 'hold'"), std::string::npos) << r.out;
  // The scenario's own gain (read from the report) must be unstable and above the critical one.
  std::smatch g;
  ASSERT_TRUE(std::regex_search(r.out, g, std::regex(R"(reflex gain ([0-9.]+): UNSTABLE)"))) << r.out;
  const double model_gain = std::stod(g[1].str());

  std::smatch m;
  const std::regex line(R"(critical reflex gain: ([0-9.]+) \(([0-9.]+)x the model's\), Hopf frequency ([0-9.]+) Hz)");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  const double gain = std::stod(m[1].str()), ratio = std::stod(m[2].str()), hz = std::stod(m[3].str());
  EXPECT_GT(gain, 1.0) << "the normal reflex (gain 1) must be stable";
  EXPECT_LT(gain, model_gain) << "the scenario's gain must be above the critical gain";
  EXPECT_NEAR(ratio, gain / model_gain, 0.006);
  EXPECT_GE(hz, 4.0);
  EXPECT_LE(hz, 8.0);
}

TEST_F(Stability, UnknownPhaseIsBadInput) {
  const RunResult r = nmsim({"stability", kClonusScenario, "--phase", "no_such_phase"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no protocol phase named 'no_such_phase'"), std::string::npos) << r.err;
}

// A phase the analysis cannot linearise is explained (bad input, exit 2), naming the phases.
TEST_F(Stability, UnanalysablePhaseSaysWhy) {
  const fs::path s = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "wrist_healthy_task.yaml";
  const RunResult r = nmsim({"stability", s.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot analyse phase"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("choose another phase with --phase (the protocol has: "), std::string::npos) << r.err;
  const RunResult rest = nmsim({"stability", s.string(), "--phase", "rest"});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.out.find("note: the analysis linearises the model about its mean; left out of it: thalamic fluctuations"),
            std::string::npos)
      << rest.out;
}

// A loop that oscillates whatever the reflex gain (the dystonic cortex's 4-7 Hz rhythm) has no
// critical gain, and the report says so instead of "no loss of stability".
TEST_F(Stability, AnOscillationAtEveryGainIsNotCalledStable) {
  const fs::path s = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "ankle_clonus_with_dystonia.yaml";
  const RunResult r = nmsim({"stability", s.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("no loss of stability"), std::string::npos) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(unstable already at the smallest reflex gain, 0.05 \(at ([0-9.]+) Hz\))")))
      << r.out;
  EXPECT_GE(std::stod(m[1].str()), 4.0);
  EXPECT_LE(std::stod(m[1].str()), 7.0);
}

}  // namespace
}  // namespace nmsim::cli_test
