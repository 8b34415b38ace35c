#pragma once
// Fixed-length analysis windows of one channel, tiling time: a window of length L every S
// seconds stands for the S-long stretch around its centre, so that flagged windows join
// into events without double counting.
#include <cstddef>
#include <string>
#include <vector>

#include "scoring/detections.hpp"

namespace nmsim::detectors {

struct WindowGrid {
  std::size_t length = 0, step = 0, count = 0;  // samples
  double rate_hz = 0.0, starting_time_s = 0.0;
  WindowGrid(std::size_t samples, double rate, double t0, double length_s, double step_s);
  std::size_t first(std::size_t w) const { return w * step; }
  // The stretch window w stands for (the first and last windows reach to the signal's ends).
  double tile_start(std::size_t w) const;
  double tile_stop(std::size_t w) const;
};

// Runs of flagged windows (score >= threshold) of one channel as events; score = the run's
// largest score.
void add_window_runs(scoring::DetectionTable& out, std::uint64_t trial, const std::string& channel,
                     const std::string& label, const WindowGrid& grid, const std::vector<double>& score,
                     double threshold);

}  // namespace nmsim::detectors
