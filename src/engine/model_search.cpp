#include "engine/model_search.hpp"

#include <sstream>
#include <string>

namespace nmsim::engine {

std::vector<std::filesystem::path> model_search_path(const char* colon_separated, const std::filesystem::path& built_in) {
  std::vector<std::filesystem::path> dirs;
  if (colon_separated != nullptr) {
    std::stringstream ss(colon_separated);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) dirs.emplace_back(dir);
  }
  dirs.push_back(built_in);
  return dirs;
}

}  // namespace nmsim::engine
