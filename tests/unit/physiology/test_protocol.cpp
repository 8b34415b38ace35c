#include "physiology/protocol.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/error.hpp"

namespace nmsim::physiology {
namespace {

Phase phase(const char* name, double duration, double stiffness, double target, double speed, double load = 0.0) {
  Phase p;
  p.name = name;
  p.duration_s = duration;
  p.hand_stiffness_Nm_per_rad = stiffness;
  p.hand_damping_Nms_per_rad = stiffness > 0 ? 1.0 : 0.0;
  p.target_angle_rad = target;
  p.target_speed_rad_s = speed;
  p.load_torque_Nm = load;
  return p;
}

// Starts 0, 1, 3, 4.5, 5.5; end 6.
//   rest (no hand) | stretch 0 → 0.3 at 0.6 rad/s (ramp ends 1.5) | held push (no hand, keeps 0.3)
//   | return 0.3 → −0.1 at 0.8 rad/s (ramp ends 5.0) | jump to 0.2
Protocol clinical(double initial_target = 0.0) {
  std::vector<Phase> ph = {phase("rest", 1.0, 0.0, 0.0, 0.0), phase("stretch", 2.0, 50.0, 0.3, 0.6),
                           phase("push", 1.5, 0.0, 0.0, 0.0, 4.0), phase("return", 1.0, 50.0, -0.1, 0.8),
                           phase("jump", 0.5, 50.0, 0.2, 0.0)};
  ph[2].descending_drive = {0.1, 0.2};
  return Protocol(ph, initial_target);
}

TEST(Protocol, PhaseBoundariesAreHalfOpenAndTheEndBelongsToTheLastPhase) {
  const Protocol p = clinical();
  EXPECT_DOUBLE_EQ(p.duration(), 6.0);
  EXPECT_DOUBLE_EQ(p.phase_start(1), 1.0);
  EXPECT_DOUBLE_EQ(p.phase_stop(1), 3.0);
  EXPECT_EQ(p.phase_index(0.0), 0u);
  EXPECT_EQ(p.phase_index(0.999999), 0u);
  EXPECT_EQ(p.phase_index(1.0), 1u);
  EXPECT_EQ(p.phase_index(2.9999), 1u);
  EXPECT_EQ(p.phase_index(3.0), 2u);
  EXPECT_EQ(p.phase_index(4.5), 3u);
  EXPECT_EQ(p.phase_index(5.5), 4u);
  EXPECT_EQ(p.phase_index(6.0), 4u);   // last phase includes the end
  EXPECT_EQ(p.phase_index(100.0), 4u);
  EXPECT_EQ(p.at(3.0).phase, 2);
  EXPECT_EQ(p.at(6.0).phase, 4);
}

TEST(Protocol, HandTargetRampsFromPreviousTargetThenHolds) {
  const Protocol p = clinical();
  ExternalInput in = p.at(1.25);  // a quarter second into the stretch ramp
  EXPECT_NEAR(in.target_angle, 0.15, 1e-12);
  EXPECT_DOUBLE_EQ(in.target_velocity, 0.6);
  in = p.at(1.5 - 1e-9);
  EXPECT_NEAR(in.target_angle, 0.3, 1e-8);
  in = p.at(1.5 + 1e-9);
  EXPECT_DOUBLE_EQ(in.target_angle, 0.3);
  EXPECT_DOUBLE_EQ(in.target_velocity, 0.0);
  in = p.at(2.9);
  EXPECT_DOUBLE_EQ(in.target_angle, 0.3);
  // The push phase has no hand, so the return ramp starts from the stretch target, downward.
  in = p.at(4.75);
  EXPECT_NEAR(in.target_angle, 0.3 - 0.8 * 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(in.target_velocity, -0.8);
  in = p.at(5.25);
  EXPECT_DOUBLE_EQ(in.target_angle, -0.1);
  EXPECT_DOUBLE_EQ(in.target_velocity, 0.0);
  // Speed 0: jump to the target at the phase start.
  in = p.at(5.5);
  EXPECT_DOUBLE_EQ(in.target_angle, 0.2);
  EXPECT_DOUBLE_EQ(in.target_velocity, 0.0);
}

TEST(Protocol, ExternalTorqueIsLoadPlusHandImpedance) {
  const Protocol p = clinical();
  const ExternalInput stretch = p.at(1.25);
  // K (θ_ref − θ) + B (θ_ref' − θ') = 50 (0.15 − 0.05) + 1 (0.6 − 0.2)
  EXPECT_NEAR(stretch.torque(0.05, 0.2), 50.0 * 0.1 + 0.4, 1e-12);
  const ExternalInput push = p.at(3.5);
  EXPECT_DOUBLE_EQ(push.torque(0.3, -2.0), 4.0);  // a held push: the load only
  ASSERT_NE(push.descending, nullptr);
  EXPECT_EQ(*push.descending, (std::vector<double>{0.1, 0.2}));
  ASSERT_NE(stretch.descending, nullptr);
  EXPECT_TRUE(stretch.descending->empty());
}

void expect_times(const std::vector<double>& got, const std::vector<double>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-12) << i;
}

TEST(Protocol, BreakpointsArePhaseStartsAndRampEnds) {
  expect_times(clinical().breakpoints(), {1.0, 1.5, 3.0, 4.5, 5.0, 5.5});  // no 0, no end
}

TEST(Protocol, RampLongerThanItsPhaseAddsNoBreakpoint) {
  const Protocol p({phase("slow", 1.0, 50.0, 1.0, 0.5), phase("hold", 1.0, 50.0, 1.0, 0.0)}, 0.0);
  EXPECT_EQ(p.breakpoints(), std::vector<double>{1.0});
  EXPECT_NEAR(p.at(0.9).target_angle, 0.45, 1e-12);
}

TEST(Protocol, SetInitialTargetMovesTheFirstRampStart) {
  Protocol p = clinical();
  p.set_initial_target(0.1);
  // 0.1 → 0.3 at 0.6 rad/s takes 1/3 s.
  EXPECT_NEAR(p.at(1.25).target_angle, 0.25, 1e-12);
  const std::vector<double> bp = p.breakpoints();
  ASSERT_EQ(bp.size(), 6u);
  EXPECT_NEAR(bp[1], 1.0 + 0.2 / 0.6, 1e-12);
  // Constructor argument and setter agree.
  EXPECT_EQ(clinical(0.1).breakpoints(), bp);
  // Starting at the target removes the ramp (and its breakpoint) altogether.
  p.set_initial_target(0.3);
  EXPECT_DOUBLE_EQ(p.at(1.25).target_angle, 0.3);
  expect_times(p.breakpoints(), {1.0, 3.0, 4.5, 5.0, 5.5});
}

TEST(Protocol, NeedsAtLeastOnePhase) {
  EXPECT_THROW(Protocol(std::vector<Phase>{}, 0.0), InternalError);
}

}  // namespace
}  // namespace nmsim::physiology
