#include "cli/model_dirs.hpp"

#include <cstdlib>
#include <sstream>
#include <string>

namespace nmsim::cli {

std::vector<std::filesystem::path> model_dirs() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("NMSIM_MODEL_PATH")) {
    std::stringstream ss(env);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) dirs.emplace_back(dir);
  }
  dirs.emplace_back(NMSIM_MODELS_DIR);
  return dirs;
}

}  // namespace nmsim::cli
