#include "scoring/intervals.hpp"

#include <algorithm>
#include <map>

namespace nmsim::scoring {

void sort_by_start(std::vector<Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    return a.start != b.start ? a.start < b.start : a.stop < b.stop;
  });
}

std::vector<Interval> merged(std::vector<Interval> intervals) {
  sort_by_start(intervals);
  std::vector<Interval> out;
  for (const Interval& iv : intervals) {
    if (!out.empty() && iv.start <= out.back().stop) {
      Interval& last = out.back();
      last.stop = std::max(last.stop, iv.stop);
      if (!(last.score >= iv.score)) last.score = std::isnan(last.score) ? iv.score : std::max(last.score, iv.score);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

namespace {

// First sample at or after time t. The tolerance absorbs rounding, so that an interval made
// from samples [a, b) maps back onto exactly those samples.
std::size_t first_sample_at(double t, const SampleGrid& g) {
  const double x = std::ceil((t - g.starting_time_s) * g.rate_hz - 1e-6);
  if (!(x > 0.0)) return 0;
  return x >= static_cast<double>(g.samples) ? g.samples : static_cast<std::size_t>(x);
}

}  // namespace

std::vector<SampleRange> covered_samples(const std::vector<Interval>& intervals, const SampleGrid& grid) {
  std::vector<SampleRange> ranges;
  ranges.reserve(intervals.size());
  for (const Interval& iv : intervals) {
    const SampleRange r{first_sample_at(iv.start, grid), first_sample_at(iv.stop, grid), iv.score};
    if (r.end > r.first) ranges.push_back(r);
  }
  std::sort(ranges.begin(), ranges.end(), [](const SampleRange& a, const SampleRange& b) { return a.first < b.first; });
  bool disjoint = true;
  for (std::size_t i = 1; i < ranges.size() && disjoint; ++i) disjoint = ranges[i].first >= ranges[i - 1].end;
  if (disjoint) return ranges;
  // Overlapping ranges: split at every boundary and keep the largest score on each piece.
  std::vector<std::size_t> cuts;
  for (const auto& r : ranges) cuts.insert(cuts.end(), {r.first, r.end});
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<SampleRange> out;
  std::multimap<std::size_t, double> active;  // end -> score
  std::size_t next = 0;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    const std::size_t a = cuts[k], b = cuts[k + 1];
    while (next < ranges.size() && ranges[next].first <= a) {
      active.emplace(ranges[next].end, ranges[next].score);
      ++next;
    }
    while (!active.empty() && active.begin()->first <= a) active.erase(active.begin());
    if (active.empty()) continue;
    double best = NAN;
    for (const auto& [end, s] : active)
      if (!(best >= s)) best = std::isnan(best) ? s : std::max(best, s);
    if (!out.empty() && out.back().end == a &&
        (out.back().score == best || (std::isnan(out.back().score) && std::isnan(best))))
      out.back().end = b;
    else
      out.push_back({a, b, best});
  }
  return out;
}

std::uint64_t overlap_samples(const std::vector<SampleRange>& a, const std::vector<SampleRange>& b) {
  std::uint64_t n = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const std::size_t lo = std::max(a[i].first, b[j].first), hi = std::min(a[i].end, b[j].end);
    if (hi > lo) n += hi - lo;
    if (a[i].end < b[j].end) ++i; else ++j;
  }
  return n;
}

std::uint64_t total_samples(const std::vector<SampleRange>& ranges) {
  std::uint64_t n = 0;
  for (const auto& r : ranges) n += r.end - r.first;
  return n;
}

}  // namespace nmsim::scoring
