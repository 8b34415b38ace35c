// Every scenario shipped in scenarios/ stays valid as the code evolves (README and docs point
// users at them).
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

namespace fs = std::filesystem;

using BundledScenarios = CliTest;

TEST_F(BundledScenarios, EveryScenarioValidates) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(NMSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const RunResult r = nmsim({"validate", entry.path().string()});
    EXPECT_EQ(r.exit_code, 0) << entry.path() << "\n" << r.err;
    EXPECT_NE(r.out.find(": valid"), std::string::npos) << r.out;
  }
  EXPECT_GE(count, 2u);
}

}  // namespace
}  // namespace nmsim::cli_test
