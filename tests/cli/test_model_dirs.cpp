// Where the command line looks for `model: NAME` beyond the scenario's folder: each folder of
// $NMSIM_MODEL_PATH in order, then the models/ folder it was built with (cli/model_dirs.hpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "cli/model_dirs.hpp"

namespace nmsim::cli {
namespace {

using Dirs = std::vector<std::filesystem::path>;

TEST(ModelDirs, EnvironmentFoldersThenTheBuiltInOne) {
  const std::filesystem::path built_in = NMSIM_SOURCE_DIR "/models";
  ASSERT_EQ(::setenv("NMSIM_MODEL_PATH", "/a::/b/c", 1), 0);
  EXPECT_EQ(model_dirs(), (Dirs{"/a", "/b/c", built_in}));  // empty entries are skipped
  ASSERT_EQ(::unsetenv("NMSIM_MODEL_PATH"), 0);
  EXPECT_EQ(model_dirs(), Dirs{built_in});
}

}  // namespace
}  // namespace nmsim::cli
