// `nmsim SUBCOMMAND --help` ends with examples and the exit codes for every subcommand: the list
// comes from the CLI11 app main() builds (cli::subcommand_help), so a new subcommand without them
// fails here.
#include <gtest/gtest.h>

#include "cli/app.hpp"
#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

using Help = CliTest;

TEST_F(Help, EverySubcommandHasExamplesAndTheExitCodes) {
  const auto subcommands = cli::subcommand_help();
  ASSERT_FALSE(subcommands.empty());
  const std::vector<std::string> codes = {
      std::to_string(cli::kExitOk) + " success",          std::to_string(cli::kExitInternal) + " internal error",
      std::to_string(cli::kExitBadInput) + " bad input",   std::to_string(cli::kExitNumerical) + " numerical failure",
      std::to_string(cli::kExitIo) + " file-system failure", std::to_string(cli::kExitInterrupted) + " interrupted"};
  bool saw_export_mat = false;
  for (const auto& [name, help] : subcommands) {
    saw_export_mat = saw_export_mat || name == "export-mat";
    // At least one example that runs this very subcommand.
    const std::size_t examples = help.find("\nExamples:\n");
    EXPECT_NE(examples, std::string::npos) << name << " --help has no Examples section:\n" << help;
    if (examples != std::string::npos) {
      EXPECT_NE(help.find("  nmsim " + name + " ", examples), std::string::npos) << name << ": no example of it:\n" << help;
    }
    EXPECT_NE(help.find("Exit codes:"), std::string::npos) << name << " --help lacks the exit codes:\n" << help;
    for (const auto& code : codes) EXPECT_NE(help.find(code), std::string::npos) << name << " --help lacks \"" << code << "\"";
    // The executable prints the same text.
    const RunResult r = nmsim({name, "--help"});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    if (examples != std::string::npos) {
      EXPECT_NE(r.out.find(help.substr(examples)), std::string::npos) << "nmsim " << name << " --help printed:\n" << r.out;
    }
  }
  EXPECT_TRUE(saw_export_mat);
}

}  // namespace
}  // namespace nmsim::cli_test
