// Valid scenarios whose integration blows up: exit code 3, a message, and nothing written
// (no output file, no temporary file, an existing output file left as it was).
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

const std::string kBase(kShortScenario);

class NumericalFailure : public CliTest {
 protected:
  void expect_numerical_failure(const std::string& text) {
    const fs::path s = scenario(text);
    // The scenario itself is valid.
    const RunResult v = nmsim({"validate", s.string()});
    ASSERT_EQ(v.exit_code, 0) << v.err;

    const fs::path target = out() / "result.h5";
    const RunResult r = nmsim({"run", s.string(), "-o", target.string()});
    EXPECT_EQ(r.exit_code, 3) << "stdout:\n" << r.out << "stderr:\n" << r.err;
    EXPECT_NE(r.err.find("nmsim: numerical failure at t = "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("wrote"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(target));
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{});

    // An older file of the same name survives the failed run untouched.
    write_text(target, "previous contents");
    const RunResult again = nmsim({"run", s.string(), "-o", target.string(), "--force"});
    EXPECT_EQ(again.exit_code, 3) << again.err;
    EXPECT_EQ(read_text(target), "previous contents");
    EXPECT_EQ(list_dir(out()), std::vector<std::string>{"result.h5"});
  }
};

// The examiner's hand at the maximum allowed stiffness (1e4 N*m/rad) on a 0.03 kg*m^2 foot
// oscillates at ~580 rad/s; a 10 ms fixed RK4 step (ω·h ≈ 5.8, beyond RK4's ~2.8 stability
// limit on the imaginary axis) makes the state run away during the stretch.
TEST_F(NumericalFailure, StiffHandWithLargeRk4Step) {
  std::string text = edit(kBase, "hand_stiffness: 300.0", "hand_stiffness: 10000.0");
  text = edit(text, "step: 0.001}", "step: 0.01}");
  expect_numerical_failure(text);
}

// A strong plantarflexing push drives the foot past the angle where the soleus' rigid-tendon
// geometry reaches 75° pennation: the model has left its valid range, which is reported like a
// numerical failure rather than written as data.
TEST_F(NumericalFailure, JointLeavesTheValidMuscleGeometryRange) {
  const std::string text = edit(kBase, "{name: hold, duration: 0.5, load_torque: 4.0}",
                                "{name: hold, duration: 0.5, load_torque: -25.0}");
  expect_numerical_failure(text);
  const RunResult r = nmsim({"run", scenario(text).string(), "-o", (out() / "x.h5").string()});
  EXPECT_NE(r.err.find("pennation stays below 75 degrees"), std::string::npos) << r.err;
}

// A near-massless foot (1e-6 kg*m^2) under a held load: the passive joint alone is far too
// stiff for a 10 ms RK4 step; the state becomes non-finite.
TEST_F(NumericalFailure, TinyInertiaWithLargeRk4Step) {
  std::string text = edit(kBase, "    reflex_gain: 6.0\n", "    reflex_gain: 6.0\n  joint: {inertia: 1.0e-6}\n");
  text = edit(text, "step: 0.001}", "step: 0.01}");
  expect_numerical_failure(text);
}

}  // namespace
}  // namespace nmsim::cli_test
