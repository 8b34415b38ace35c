#pragma once
// Time intervals of one trial, label and channel, and the two operations every metric needs:
// their union, and their mapping onto a sample grid.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nmsim::scoring {

struct Interval {
  double start = 0.0, stop = 0.0;  // s
  double score = NAN;              // detections: the detector's score; NaN = none
  std::size_t row = 0;             // the source row (event table or detection table)
  double length() const { return stop - start; }
};

// Sorted by start; overlapping or touching intervals joined (score = the largest, row = the
// earliest interval's).
std::vector<Interval> merged(std::vector<Interval> intervals);
void sort_by_start(std::vector<Interval>& intervals);

// A sample grid: sample i is at starting_time + i / rate, i < samples. An interval covers the
// samples whose time lies in [start, stop).
struct SampleGrid {
  double rate_hz = 0.0;
  double starting_time_s = 0.0;
  std::size_t samples = 0;
};
struct SampleRange {
  std::size_t first = 0, end = 0;  // [first, end)
  double score = NAN;
};
// Sorted, disjoint sample ranges covered by `intervals` (each keeps the largest score over it).
std::vector<SampleRange> covered_samples(const std::vector<Interval>& intervals, const SampleGrid& grid);
// Samples in both sets of sorted, disjoint ranges.
std::uint64_t overlap_samples(const std::vector<SampleRange>& a, const std::vector<SampleRange>& b);
std::uint64_t total_samples(const std::vector<SampleRange>& ranges);

}  // namespace nmsim::scoring
