#pragma once
// The folders a front end (the command line, the Python module) searches for `model: NAME`
// beyond the scenario's own folder and ../models from it: each folder of a colon-separated
// list (the front end passes $NMSIM_MODEL_PATH; empty entries are skipped), then `built_in`.
// The engine itself reads no environment; it is handed this list.
#include <filesystem>
#include <vector>

namespace nmsim::engine {

std::vector<std::filesystem::path> model_search_path(const char* colon_separated, const std::filesystem::path& built_in);

}  // namespace nmsim::engine
