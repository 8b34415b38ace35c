#pragma once
// `nmsim sweep` (docs/sweep.md): a scenario over a grid, analysed and simulated at each point.
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace nmsim::cli {

struct SweepCommandOptions {
  ScenarioOptions scenario;
  std::vector<std::string> vary;  // PATH=A:B:N[:log] or PATH=V1,V2,...
  std::string output;             // CSV
  std::string plot_dir;           // empty: no plots
  std::string phase;              // empty: the analysis's default phase
  unsigned threads = 0;
  bool quiet = false;
};

int sweep_command(const SweepCommandOptions& options);

}  // namespace nmsim::cli
