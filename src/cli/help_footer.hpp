#pragma once
// The end of every `nmsim ... --help`: the command's examples, then the exit codes. One helper,
// so that every subcommand states the codes of cli/app.hpp the same way.
#include <string>

namespace nmsim::cli {

// "\nExamples:\n" + examples (lines indented by two spaces) + "\n" + the exit codes.
std::string help_footer(const std::string& examples);

}  // namespace nmsim::cli
