// Which grid points a sweep overlays (pipeline::overlay_points, docs/sweep.md): along the first
// axis with the others at their middle value, the ends and the two points either side of the
// first change of the analysis's verdict.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "pipeline/sweep.hpp"

namespace nmsim::pipeline {
namespace {

// A table whose `stable` column is 1 where the first-axis index is below `boundary`.
ColumnTable verdicts(const SweepRequest& r, std::size_t boundary) {
  std::uint64_t stride = 1;
  for (std::size_t k = 1; k < r.axes.size(); ++k) stride *= r.axes[k].values.size();
  std::vector<std::int64_t> stable;
  for (std::size_t i = 0; i < r.axes[0].values.size(); ++i)
    for (std::uint64_t j = 0; j < stride; ++j) stable.push_back(i < boundary ? 1 : 0);
  ColumnTable t;
  t.add("stable", stable);
  return t;
}

SweepRequest grid(std::size_t gains, std::size_t delays) {
  SweepRequest r;
  r.axes.push_back({"parameters.spinal.reflex_gain", std::vector<double>(gains, 1.0)});
  if (delays) r.axes.push_back({"parameters.defaults.reflex.delay", std::vector<double>(delays, 0.04)});
  return r;
}

TEST(SweepOverlay, TheEndsAndBothSidesOfTheBoundaryAtTheMiddleOfTheOtherAxes) {
  const SweepRequest r = grid(6, 3);  // point = gain index * 3 + delay index; middle delay index 1
  EXPECT_EQ(overlay_points(r, verdicts(r, 3)), (std::vector<std::uint64_t>{1, 7, 10, 16}));
  EXPECT_EQ(overlay_points(r, verdicts(r, 1)), (std::vector<std::uint64_t>{1, 4, 16}));  // boundary at the start
}

TEST(SweepOverlay, WithoutABoundaryTheMiddleValue) {
  const SweepRequest r = grid(5, 0);
  EXPECT_EQ(overlay_points(r, verdicts(r, 5)), (std::vector<std::uint64_t>{0, 2, 4}));
  const SweepRequest two = grid(2, 0);
  EXPECT_EQ(overlay_points(two, verdicts(two, 2)), (std::vector<std::uint64_t>{0, 1}));
  const SweepRequest one = grid(1, 4);
  EXPECT_EQ(overlay_points(one, verdicts(one, 1)), (std::vector<std::uint64_t>{2}));
}

TEST(SweepOverlay, PointLabelsNameEachKeyByItsLastPart) {
  SweepRequest r;
  r.axes.push_back({"parameters.spinal.reflex_gain", {1.0, 2.25}});
  r.axes.push_back({"parameters.defaults.reflex.delay", {0.04, 0.05}});
  ColumnTable t;
  t.add("stable", std::vector<std::int64_t>{1, 1, 0, -1});
  EXPECT_EQ(point_label(r, t, 2), "reflex_gain 2.25, delay 0.04 (unstable)");
  EXPECT_EQ(point_label(r, t, 1), "reflex_gain 1, delay 0.05 (stable)");
  EXPECT_EQ(point_label(r, t, 3), "reflex_gain 2.25, delay 0.05");
}

}  // namespace
}  // namespace nmsim::pipeline
