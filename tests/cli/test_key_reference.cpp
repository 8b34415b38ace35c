// docs/scenarios.md is what `nmsim scenarios --reference` prints: the key reference comes from
// the readers' own declarations, so a reader that gains, renames or re-ranges a key fails here
// until the page is regenerated.
#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using KeyReference = CliTest;

TEST_F(KeyReference, DocsPageIsWhatTheReadersDeclare) {
  const RunResult r = nmsim({"scenarios", "--reference"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_text(NMSIM_SOURCE_DIR "/docs/scenarios.md");
  EXPECT_EQ(r.out, page) << "docs/scenarios.md is out of date: regenerate it with\n"
                            "  build/default/nmsim scenarios --reference > docs/scenarios.md";
}

TEST_F(KeyReference, ListsKeysWithUnitRangeAndDefault) {
  const RunResult r = nmsim({"scenarios", "--reference"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A model key with its unit, range and default, a required protocol key, a dataset key, a
  // key of a section no bundled scenario writes (entered as an empty map), and a context default.
  for (const char* row : {"| `parameters.defaults.reflex.delay` | number | s | a number in [0.002, 0.5] | `0.04` |",
                          "| `protocol[].duration` | number | s | a number in (0, 3600] | required |",
                          "| `dataset.subjects` | integer |   | an integer in [1, 10000000] | `1` |",
                          "| `parameters.supraspinal.basal_ganglia.dopamine` | number | 1 | a number in [0, 1] |",
                          "| `protocol[].task` | text |   |   | depends on the context ("})
    EXPECT_NE(r.out.find(row), std::string::npos) << "missing row: " << row;
  EXPECT_EQ(r.out.find("| `.unit`"), std::string::npos) << "a quantity mapping's parts are not keys";
}

}  // namespace
}  // namespace nmsim::cli_test
