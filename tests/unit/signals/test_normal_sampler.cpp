#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "signals/normal_sampler.hpp"
#include "signals_test_util.hpp"

namespace nmsim::signals {
namespace {

double phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

TEST(ZigguratNormal, MomentsMatchStandardNormal) {
  RandomStream rs = test::noise_stream(11);
  constexpr int kN = 2'000'000;
  double s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0;
  for (int i = 0; i < kN; ++i) {
    const double x = ziggurat_normal(rs);
    s1 += x;
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
  }
  const double n = kN;
  const double mean = s1 / n;
  const double var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.004);    // SE 0.0007
  EXPECT_NEAR(var, 1.0, 0.006);     // SE 0.001
  EXPECT_NEAR(s3 / n, 0.0, 0.01);   // SE 0.0017
  EXPECT_NEAR(s4 / n, 3.0, 0.03);   // SE 0.007
}

TEST(ZigguratNormal, CdfMatchesIncludingTail) {
  RandomStream rs = test::noise_stream(12);
  constexpr int kN = 2'000'000;
  const std::vector<double> z = {-3.0, -2.0, -1.5, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0};
  std::vector<int> below(z.size(), 0);
  int beyond_tail_start = 0;  // |x| > 3.7 exercises the ziggurat's tail algorithm
  for (int i = 0; i < kN; ++i) {
    const double x = ziggurat_normal(rs);
    for (std::size_t j = 0; j < z.size(); ++j) below[j] += x < z[j] ? 1 : 0;
    beyond_tail_start += std::abs(x) > 3.7 ? 1 : 0;
  }
  for (std::size_t j = 0; j < z.size(); ++j) {
    const double p = phi(z[j]);
    const double se = std::sqrt(p * (1.0 - p) / kN);
    EXPECT_NEAR(below[j] / double(kN), p, 5.0 * se + 1e-6) << "z = " << z[j];
  }
  const double expected = 2.0 * (1.0 - phi(3.7)) * kN;  // ≈ 431
  EXPECT_NEAR(beyond_tail_start, expected, 5.0 * std::sqrt(expected));
}

TEST(ZigguratNormal, SameStreamSameSequence) {
  RandomStream a = test::noise_stream(3, 1);
  RandomStream b = test::noise_stream(3, 1);
  RandomStream c = test::noise_stream(3, 2);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = ziggurat_normal(a);
    EXPECT_EQ(x, ziggurat_normal(b));
    differ += x != ziggurat_normal(c) ? 1 : 0;
  }
  EXPECT_GT(differ, 990);
}

}  // namespace
}  // namespace nmsim::signals
