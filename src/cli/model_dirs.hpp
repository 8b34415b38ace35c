#pragma once
// Where the command line looks up `model: NAME` beyond the scenario's own folder and ../models
// from it: each folder of $NMSIM_MODEL_PATH, then the models/ folder nmsim was built with. The
// engine knows no environment and no install location; it is given this list.
#include <filesystem>
#include <vector>

namespace nmsim::cli {

std::vector<std::filesystem::path> model_dirs();

}  // namespace nmsim::cli
