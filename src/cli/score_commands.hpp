#pragma once
// `nmsim score` and `nmsim detect` (docs/scoring.md): their options and what they run.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace nmsim::cli {

struct ScoreCommandOptions {
  std::string dataset, detections, output;
  std::vector<std::string> labels, strata, bins, label_collars, where;
  std::string split;
  double collar = -1.0, offset_fraction = -1.0;  // < 0: the per-label defaults
  double threshold = 0.5;
  unsigned curve_thresholds = 50;
  bool plot = false, quiet = false;
};

struct DetectCommandOptions {
  std::string detector, dataset, output, train_split = "train";
  std::vector<std::string> parameters, renames;
  bool list = false, quiet = false;
};

CLI::App* add_score_command(CLI::App& app, ScoreCommandOptions& o);
CLI::App* add_detect_command(CLI::App& app, DetectCommandOptions& o);
int score_command(const ScoreCommandOptions& o);
int detect_command(const DetectCommandOptions& o);

}  // namespace nmsim::cli
