#include "physiology/spinal_circuit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

namespace nmsim::physiology {
namespace {

MotoneuronPoolParams pool(double threshold, double gain, double sharpness) {
  MotoneuronPoolParams p;
  p.threshold = threshold;
  p.gain = gain;
  p.recruitment_sharpness = sharpness;
  return p;
}

TEST(Motoneuron, SilentFarBelowThreshold) {
  const MotoneuronPoolParams p = pool(0.0008, 1.0, 2000.0);
  // z = β (I − θ) = −20: ln(1 + e^z)/β ≤ e^z/β.
  const double out = motoneuron_output(p, p.threshold - 20.0 / p.recruitment_sharpness);
  EXPECT_GE(out, 0.0);
  EXPECT_LE(out, std::exp(-20.0) / p.recruitment_sharpness);
  EXPECT_EQ(motoneuron_output(p, -0.5), 0.0);  // e^{−1000} underflows to exactly 0
}

TEST(Motoneuron, HalfRectifiedLineWellAboveThreshold) {
  for (const MotoneuronPoolParams& p : {pool(0.0008, 1.0, 2000.0), pool(0.2, 3.0, 50.0), pool(-0.1, 0.5, 400.0)}) {
    // ln(1 + e^z)/β − (I − θ) = ln(1 + e^{−z})/β ∈ [0, e^{−z}/β].
    for (double z : {10.0, 20.0, 40.0}) {
      const double excess = z / p.recruitment_sharpness;
      const double linear = p.gain * excess;
      if (linear >= 1.0) continue;
      const double out = motoneuron_output(p, p.threshold + excess);
      EXPECT_GE(out, linear - 1e-15) << z;
      EXPECT_LE(out, linear + p.gain * std::exp(-z) / p.recruitment_sharpness + 1e-15) << z;
    }
    // At threshold the smoothed rectifier gives g ln 2/β.
    EXPECT_NEAR(motoneuron_output(p, p.threshold), p.gain * std::numbers::ln2 / p.recruitment_sharpness, 1e-15);
  }
}

TEST(Motoneuron, SaturatesAtOne) {
  const MotoneuronPoolParams p = pool(0.0008, 2.0, 2000.0);
  EXPECT_DOUBLE_EQ(motoneuron_output(p, p.threshold + 0.5), 1.0);  // g (I − θ) = 1 exactly
  EXPECT_DOUBLE_EQ(motoneuron_output(p, p.threshold + 3.0), 1.0);
  EXPECT_DOUBLE_EQ(motoneuron_output(p, 1e6), 1.0);
}

TEST(Motoneuron, NoOverflowForHugeInputs) {
  const MotoneuronPoolParams p = pool(0.0008, 1.0, 1e6);
  EXPECT_DOUBLE_EQ(motoneuron_output(p, 1e300), 1.0);
  EXPECT_EQ(motoneuron_output(p, -1e300), 0.0);
  EXPECT_DOUBLE_EQ(motoneuron_output(p, std::numeric_limits<double>::max()), 1.0);
  EXPECT_EQ(motoneuron_output(p, std::numeric_limits<double>::lowest()), 0.0);
}

TEST(Motoneuron, MonotoneAndSmoothAcrossTheTailBranches) {
  const MotoneuronPoolParams p = pool(0.0, 1.0, 100.0);
  const double beta = p.recruitment_sharpness;
  // Against a long-double softplus, including just either side of the |z| = 37 branch points.
  for (double z : {-60.0, -37.5, -37.0001, -37.0, -36.9999, -5.0, 0.0, 3.0, 36.9999, 37.0, 37.0001, 50.0, 90.0}) {
    const double in = z / beta;
    const long double zl = beta * in;  // the z the pool actually sees, after rounding
    const double expected = static_cast<double>(std::log1p(std::exp(zl)) / beta);
    const double out = motoneuron_output(p, in);
    EXPECT_NEAR(out, expected, 4 * std::numeric_limits<double>::epsilon() * expected) << z;
  }
  double prev = -1.0;
  for (double in = -1.0; in <= 1.5; in += 1e-4) {
    const double out = motoneuron_output(p, in);
    ASSERT_TRUE(std::isfinite(out));
    if (out < 1.0) {
      EXPECT_GT(out, prev) << in;
    } else {
      EXPECT_GE(out, prev) << in;
    }
    prev = out;
  }
}

}  // namespace
}  // namespace nmsim::physiology
