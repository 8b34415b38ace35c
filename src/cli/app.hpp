#pragma once
// The nmsim command line. Exit codes: 0 success, 1 internal error, 2 bad input (scenario,
// model, options, output path, input files), 3 numerical failure of the integration, 4 the file
// system failed (disk full, quota, I/O error), 130 interrupted by SIGINT, SIGTERM or SIGHUP.
// Nothing is written unless the command succeeds.
#include <string>
#include <utility>
#include <vector>

namespace nmsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitNumerical = 3;
inline constexpr int kExitIo = 4;
inline constexpr int kExitInterrupted = 130;

int main(int argc, char** argv);

// (name, `nmsim NAME --help` text) of every subcommand main() registers, from the same CLI11 app
// definition (tests check that each has examples and the exit codes).
std::vector<std::pair<std::string, std::string>> subcommand_help();

}  // namespace nmsim::cli
