#pragma once
// `nmsim sweep` (docs/sweep.md): a scenario over a grid of values, each grid point analysed
// (the linear stability of the reflex loop, analysis/stability.hpp) and simulated (one trial),
// so that the analytic boundary and what the simulation does can be compared point by point.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/column_table.hpp"
#include "scenario/overrides.hpp"

namespace nmsim::pipeline {

struct SweepAxis {
  std::string path;            // a scenario key, as --set names it
  std::vector<double> values;  // in the order swept
};

// "PATH=A:B:N" (N evenly spaced values from A to B), "PATH=A:B:N:log" (geometric spacing,
// A and B > 0) or "PATH=V1,V2,..."; InputError keyed --vary otherwise.
SweepAxis parse_sweep_axis(const std::string& text);

struct SweepRequest {
  std::filesystem::path scenario_file;
  std::vector<std::filesystem::path> model_dirs;
  std::vector<config::Override> overrides;  // --set, applied before the grid's values
  std::optional<std::uint64_t> seed;
  std::vector<SweepAxis> axes;              // the grid is their product, the last axis fastest
  std::string phase;                        // the phase analysed and measured; "": the analysis's default
  unsigned threads = 0;                     // 0: one per hardware thread
};

// The columns of a sweep table, in order, after one column per axis (docs/sweep.md).
const std::vector<std::string>& sweep_columns();

// One row per grid point, in grid order. Every point is checked before any runs (InputError for
// a value its key does not accept); a point whose analysis or simulation fails numerically has
// NaN in the affected columns and says why in `note`. `on_point` (may be empty) is told how
// many points are done, in order.
ColumnTable run_sweep(const SweepRequest& request, const std::function<void(std::uint64_t done, std::uint64_t total)>& on_point = {});

// Up to four grid points whose trials are worth overlaying (docs/sweep.md, `overlay.png`): along
// the first axis, every other axis at its middle value, the first and the last value and the two
// on either side of the first change of the analysis's verdict (or the middle one, if none).
std::vector<std::uint64_t> overlay_points(const SweepRequest& request, const ColumnTable& table);
// "reflex_gain 2.25, delay 0.05 (unstable)": the point's values, by each key's last name.
std::string point_label(const SweepRequest& request, const ColumnTable& table, std::uint64_t point);
// Simulates the overlay points' trials again (as the sweep did: the same overrides and seed) and
// writes them to `file` as an nmsim dataset, trial k being the k-th point; returns their labels.
std::vector<std::string> write_overlay_trials(const SweepRequest& request, const ColumnTable& table,
                                              const std::filesystem::path& file);

// The table as CSV: a header line, then one line per row; numbers with 9 significant digits.
std::string table_csv(const ColumnTable& table);

}  // namespace nmsim::pipeline
