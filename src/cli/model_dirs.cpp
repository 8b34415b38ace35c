#include "cli/model_dirs.hpp"

#include <cstdlib>

#include "engine/model_search.hpp"

namespace nmsim::cli {

std::vector<std::filesystem::path> model_dirs() {
  return engine::model_search_path(std::getenv("NMSIM_MODEL_PATH"), NMSIM_MODELS_DIR);
}

}  // namespace nmsim::cli
