#pragma once
// `nmsim score` and `nmsim detect` (docs/scoring.md): their options and what they run.
#include <string>
#include <vector>

#include "pipeline/score_request.hpp"

namespace CLI {
class App;
}

namespace nmsim::cli {

struct ScoreCommandOptions {
  pipeline::ScoreRequest request;
  std::string output;
  bool plot = false, quiet = false;
};

struct DetectCommandOptions {
  pipeline::DetectRequest request;
  std::string output;
  bool list = false, quiet = false;
};

CLI::App* add_score_command(CLI::App& app, ScoreCommandOptions& o);
CLI::App* add_detect_command(CLI::App& app, DetectCommandOptions& o);
int score_command(const ScoreCommandOptions& o);
int detect_command(const DetectCommandOptions& o);

}  // namespace nmsim::cli
