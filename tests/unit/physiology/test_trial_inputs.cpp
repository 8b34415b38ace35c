// A prescribed cortical drive (physiology/trial_inputs.hpp): linear between samples, held
// beyond both ends, per muscle.
#include <gtest/gtest.h>

#include "physiology/trial_inputs.hpp"

namespace nmsim::physiology {
namespace {

TEST(PrescribedDrive, InterpolatesPerMuscleAndHoldsBeyondTheEnds) {
  PrescribedDrive d;
  d.rate_hz = 10.0;
  d.per_muscle = {{0.0, 1.0, 3.0}, {2.0, 2.0, 2.0}};
  EXPECT_FALSE(d.empty());
  EXPECT_DOUBLE_EQ(d.at(0.0, 0), 0.0);
  EXPECT_DOUBLE_EQ(d.at(0.05, 0), 0.5);
  EXPECT_DOUBLE_EQ(d.at(0.15, 0), 2.0);
  EXPECT_DOUBLE_EQ(d.at(0.2, 0), 3.0);
  EXPECT_DOUBLE_EQ(d.at(5.0, 0), 3.0) << "held after the last sample";
  EXPECT_DOUBLE_EQ(d.at(-1.0, 0), 0.0) << "held before the first";
  EXPECT_DOUBLE_EQ(d.at(0.123, 1), 2.0);
  EXPECT_TRUE(PrescribedDrive{}.empty());
}

}  // namespace
}  // namespace nmsim::physiology
