// Every scenario shipped in scenarios/ stays valid as the code evolves (README and docs point
// users at them).
#include <gtest/gtest.h>

#include <algorithm>
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

// `nmsim scenarios` lists every bundled scenario file, each on its own line with its description.
TEST_F(BundledScenarios, ScenariosCommandListsEveryFile) {
  const RunResult r = nmsim({"scenarios"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(NMSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    // The description: the scenario's `description:` line, as written (plain scalars only).
    std::string description;
    const std::string text = read_text(entry.path());
    const std::size_t at = text.find("\ndescription: ");
    if (at != std::string::npos) description = text.substr(at + 14, text.find('\n', at + 1) - (at + 14));
    const std::size_t line = r.out.find("  " + entry.path().filename().string() + " ");
    ASSERT_NE(line, std::string::npos) << entry.path().filename() << " not listed:\n" << r.out;
    const std::string listed = r.out.substr(line, r.out.find('\n', line) - line);
    if (!description.empty() && description.front() != '"') {
      EXPECT_NE(listed.find(description), std::string::npos) << listed << "\nlacks: " << description;
    }
  }
  EXPECT_EQ(static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')), count + 1) << r.out;  // + the heading
}

}  // namespace
}  // namespace nmsim::cli_test
