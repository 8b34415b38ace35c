// Event matching with collars and Ward error classes on hand-built cases with known answers.
#include <gtest/gtest.h>

#include "scoring/error_classes.hpp"
#include "scoring/event_matching.hpp"

namespace nmsim::scoring {
namespace {

std::vector<Interval> ivs(std::initializer_list<std::pair<double, double>> xs) {
  std::vector<Interval> out;
  std::size_t row = 0;
  for (auto [a, b] : xs) out.push_back({a, b, NAN, row++});
  sort_by_start(out);
  return out;
}

const Collars kCollars{0.2, 0.2, 0.5};

TEST(EventMatching, PerfectDetectionsMatchOneToOne) {
  const auto ref = ivs({{1, 2}, {3, 4}, {5, 7}});
  EXPECT_EQ(match_events(ref, ref, kCollars).size(), 3u);
}

TEST(EventMatching, ShiftInsideTheCollarMatchesAndOutsideDoesNot) {
  const auto ref = ivs({{1, 2}});
  EXPECT_EQ(match_events(ref, ivs({{1.15, 2.15}}), kCollars).size(), 1u);
  EXPECT_EQ(match_events(ref, ivs({{1.25, 2.0}}), kCollars).size(), 0u);  // onset 250 ms late
  EXPECT_EQ(match_events(ref, ivs({{0.75, 2.0}}), kCollars).size(), 0u);  // onset 250 ms early
}

TEST(EventMatching, CollarBoundaryIsInclusive) {
  // Exactly representable times: onset error 0.25 s with a 0.25 s collar.
  const Collars c{0.25, 0.25, 0.0};
  const auto ref = ivs({{1.0, 2.0}});
  EXPECT_EQ(match_events(ref, ivs({{1.25, 2.0}}), c).size(), 1u);
  EXPECT_EQ(match_events(ref, ivs({{0.75, 2.25}}), c).size(), 1u);
  EXPECT_EQ(match_events(ref, ivs({{1.25 + 1.0 / 1024, 2.0}}), c).size(), 0u);
}

TEST(EventMatching, OffsetToleranceGrowsWithTheReferenceLength) {
  const auto ref = ivs({{0, 10}});  // 50 % of 10 s = 5 s offset tolerance
  EXPECT_EQ(match_events(ref, ivs({{0.1, 14.5}}), kCollars).size(), 1u);
  EXPECT_EQ(match_events(ref, ivs({{0.1, 15.5}}), kCollars).size(), 0u);
  const auto brief = ivs({{0, 0.1}});  // tolerance max(0.2, 0.05) = 0.2 s
  EXPECT_EQ(match_events(brief, ivs({{0, 0.29}}), kCollars).size(), 1u);
  EXPECT_EQ(match_events(brief, ivs({{0, 0.31}}), kCollars).size(), 0u);
}

TEST(EventMatching, OptimalAssignmentBeatsGreedy) {
  // A greedy matcher gives reference A its closest detection X and leaves B unmatched; the
  // optimal assignment matches A-Y and B-X.
  const auto ref = ivs({{0.0, 1.0}, {0.25, 1.25}});
  const auto det = ivs({{0.1, 1.1}, {-0.15, 0.9}});
  const auto m = match_events(ref, det, kCollars);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(det[m[0].detection].start, -0.15);  // A (row 0) gets Y
  EXPECT_DOUBLE_EQ(det[m[1].detection].start, 0.1);
}

TEST(EventMatching, AmongMaximalMatchingsTheClosestIsTaken) {
  const auto ref = ivs({{1.0, 2.0}});
  const auto det = ivs({{0.9, 2.0}, {1.02, 2.01}, {1.1, 2.1}});
  const auto m = match_events(ref, det, kCollars);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_DOUBLE_EQ(det[m[0].detection].start, 1.02);
}

TEST(EventMatching, ManyEventsMatchInLinearComponents) {
  std::vector<Interval> ref, det;
  for (int i = 0; i < 20000; ++i) {
    ref.push_back({i * 1.0, i * 1.0 + 0.1, NAN, 0});
    if (i % 4 != 0) det.push_back({i * 1.0 + 0.01, i * 1.0 + 0.12, NAN, 0});
  }
  EXPECT_EQ(match_events(ref, det, kCollars).size(), 15000u);
}

TEST(ErrorClasses, FragmentedMergedDeletedInserted) {
  // r0 fragmented by d0, d1; r1 and r2 merged by d2; r3 deleted; d3 inserted.
  const auto ref = ivs({{0, 1}, {2, 3}, {3.5, 4}, {6, 7}});
  const auto det = ivs({{0.1, 0.4}, {0.6, 0.9}, {2.2, 3.8}, {8, 9}});
  const ErrorClasses c = error_classes(ref, det);
  EXPECT_EQ(c.fragmented, 1u);
  EXPECT_EQ(c.merged, 2u);
  EXPECT_EQ(c.deleted, 1u);
  EXPECT_EQ(c.reference_correct, 0u);
  EXPECT_EQ(c.fragmenting, 2u);
  EXPECT_EQ(c.merging, 1u);
  EXPECT_EQ(c.inserted, 1u);
  EXPECT_EQ(c.detection_correct, 0u);
}

TEST(ErrorClasses, FragmentedAndMergedAtOnce) {
  // r0 is split by d0 and d1, and d1 also covers r1: r0 is fragmented and merged, d1 merging
  // and fragmenting.
  const auto ref = ivs({{0, 2}, {2.5, 3}});
  const auto det = ivs({{0, 0.5}, {1, 2.8}});
  const ErrorClasses c = error_classes(ref, det);
  EXPECT_EQ(c.fragmented_merged, 1u);
  EXPECT_EQ(c.merged, 1u);
  EXPECT_EQ(c.fragmenting, 1u);
  EXPECT_EQ(c.fragmenting_merging, 1u);
}

TEST(ErrorClasses, TouchingIsNotOverlapping) {
  const ErrorClasses c = error_classes(ivs({{0, 1}}), ivs({{1, 2}}));
  EXPECT_EQ(c.deleted, 1u);
  EXPECT_EQ(c.inserted, 1u);
}

TEST(Intervals, SampleCoverageRoundTripsAndOverlapsKeepTheLargestScore) {
  const SampleGrid g{1000.0, 0.5, 2000};
  const auto r = covered_samples({{0.5, 0.6, NAN, 0}, {1.0, 1.001, NAN, 0}}, g);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].first, 0u);
  EXPECT_EQ(r[0].end, 100u);
  EXPECT_EQ(r[1].end - r[1].first, 1u);
  const auto o = covered_samples({{0.5, 0.7, 0.3, 0}, {0.6, 0.8, 0.9, 1}}, g);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].end, 100u);
  EXPECT_DOUBLE_EQ(o[0].score, 0.3);
  EXPECT_EQ(o[1].first, 100u);
  EXPECT_EQ(o[1].end, 300u);
  EXPECT_DOUBLE_EQ(o[1].score, 0.9);
  EXPECT_EQ(overlap_samples(r, o), 100u);
}

}  // namespace
}  // namespace nmsim::scoring
