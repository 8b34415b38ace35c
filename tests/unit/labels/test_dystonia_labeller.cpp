// Dystonia labels on synthetic drives whose answers are known by construction.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "labels/dystonia_labeller.hpp"

namespace nmsim::labels {
namespace {

constexpr double kRate = 1000.0;

std::vector<double> drive(double seconds, const auto& f) {
  std::vector<double> d(static_cast<std::size_t>(seconds * kRate));
  for (std::size_t k = 0; k < d.size(); ++k) d[k] = f(static_cast<double>(k) / kRate);
  return d;
}

std::size_t count(const std::vector<DystoniaEvent>& ev, DystoniaSubtype t) {
  std::size_t n = 0;
  for (const auto& e : ev) n += e.subtype == t;
  return n;
}

TEST(DystoniaLabeller, SustainedDriveIsAPostureWithItsSpan) {
  const auto d = drive(5.0, [](double t) { return t > 1.0 && t < 3.5 ? 0.1 : 0.0; });
  const std::vector<char> inside(d.size(), 0);
  const auto ev = classify_dystonia(d, inside, kRate, {});
  ASSERT_EQ(count(ev, DystoniaSubtype::Posture), 1u);
  EXPECT_NEAR(ev.front().span.start_s, 1.0, 0.002);
  EXPECT_NEAR(ev.front().span.stop_s, 3.5, 0.002);
  EXPECT_NEAR(ev.front().peak_drive, 0.1, 1e-12);
}

TEST(DystoniaLabeller, BriefBurstsAreSpasmsAndRhythmicDriveIsTremor) {
  // Two isolated 300 ms bursts, then 2 s of 5 Hz oscillation.
  const auto d = drive(6.0, [](double t) {
    if ((t > 0.5 && t < 0.8) || (t > 1.6 && t < 1.9)) return 0.08;
    if (t > 2.95 && t < 4.95) return 0.05 * (1.0 + std::sin(2 * M_PI * 5.0 * t));  // starts and ends at a trough
    return 0.0;
  });
  const std::vector<char> inside(d.size(), 0);
  const auto ev = classify_dystonia(d, inside, kRate, {});
  EXPECT_EQ(count(ev, DystoniaSubtype::Spasm), 2u);
  ASSERT_EQ(count(ev, DystoniaSubtype::Tremor), 1u);
  for (const auto& e : ev)
    if (e.subtype == DystoniaSubtype::Tremor) {
      EXPECT_NEAR(e.frequency_hz, 5.0, 0.05);
      EXPECT_LT(e.cycle_cv, 0.01);
      EXPECT_GE(e.cycles, 9);
    }
}

TEST(DystoniaLabeller, OverflowIsThePartOutsideTheTask) {
  const auto d = drive(4.0, [](double t) { return t > 0.5 && t < 3.0 ? 0.05 : 0.0; });
  std::vector<char> outside(d.size(), 0);
  for (std::size_t k = 2000; k < 4000; ++k) outside[k] = 1;  // the task starts at 2 s
  const auto ev = classify_dystonia(d, outside, kRate, {});
  ASSERT_EQ(count(ev, DystoniaSubtype::Overflow), 1u);
  for (const auto& e : ev)
    if (e.subtype == DystoniaSubtype::Overflow) {
      EXPECT_NEAR(e.span.start_s, 2.0, 0.002);
      EXPECT_NEAR(e.span.stop_s, 3.0, 0.002);
    }
}

TEST(DystoniaLabeller, BelowThresholdOrTooShortIsNothing) {
  const auto small = drive(3.0, [](double) { return 0.009; });
  const auto blip = drive(3.0, [](double t) { return t > 1.0 && t < 1.03 ? 0.2 : 0.0; });
  const std::vector<char> inside(small.size(), 0);
  EXPECT_TRUE(classify_dystonia(small, inside, kRate, {}).empty());
  EXPECT_TRUE(classify_dystonia(blip, inside, kRate, {}).empty());
}

TEST(DystoniaLabeller, CoContractionIndex) {
  const std::vector<double> a{1, 1, 1, 1}, b{0, 0, 0, 0}, c{1, 1, 1, 1};
  EXPECT_DOUBLE_EQ(co_contraction_index(a, b, 0, 4), 0.0);
  EXPECT_DOUBLE_EQ(co_contraction_index(a, c, 0, 4), 1.0);
}

}  // namespace
}  // namespace nmsim::labels
