// -q prints nothing on success, on every subcommand that writes a file (issue 16's polish: a
// script that runs `nmsim run -q` should be able to do the same with merge, blind and export-mat).
#include <gtest/gtest.h>

#include "cli/app.hpp"
#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using Quiet = CliTest;

TEST_F(Quiet, EverySubcommandWithAnOutputFileOffersIt) {
  for (const auto& [name, help] : cli::subcommand_help()) {
    if (help.find("-o,--output") == std::string::npos) continue;
    EXPECT_NE(help.find("-q,--quiet"), std::string::npos) << name << " writes a file but has no -q:\n" << help;
  }
}

TEST_F(Quiet, MergeBlindAndExportMatPrintNothingWithIt) {
  const auto [a, b] = two_shards();
  const fs::path merged = out() / "merged.h5";
  const std::vector<std::vector<std::string>> commands = {
      {"merge", a.string(), b.string(), "-o", merged.string(), "-q"},
      {"blind", merged.string(), "-o", (out() / "blind.h5").string(), "-q"},
      {"export-mat", merged.string(), "-o", (out() / "merged.mat").string(), "-q"}};
  for (const auto& args : commands) {
    const RunResult r = nmsim(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_EQ(r.out, "") << args[0];
    EXPECT_EQ(r.err, "") << args[0];
  }
  EXPECT_TRUE(fs::exists(out() / "blind.h5"));
  EXPECT_TRUE(fs::exists(out() / "merged.mat"));
  // Without it each says what it wrote.
  const RunResult loud = nmsim({"blind", merged.string(), "-o", (out() / "blind2.h5").string()});
  EXPECT_NE(loud.out.find("wrote"), std::string::npos) << loud.out;
}

}  // namespace
}  // namespace nmsim::cli_test
