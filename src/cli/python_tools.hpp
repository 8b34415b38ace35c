#pragma once
// The Python scripts in tools/ that subcommands call for their plots (`score --plot`,
// `sweep --plot`): which interpreter and where the scripts are.
#include <filesystem>
#include <string>
#include <vector>

namespace nmsim::cli {

// Debian's /usr/bin/python3, which sees Debian's python3-matplotlib; $NMSIM_PYTHON overrides.
std::string python();
// The source tree's tools/ folder; $NMSIM_TOOLS_DIR overrides.
std::filesystem::path tools_dir();
// Runs tools/SCRIPT with `args` (each passed as one argument); true if it exited 0. `shown` is
// the command as a person would type it, for messages.
bool run_python_tool(const std::string& script, const std::vector<std::string>& args, std::string* shown = nullptr);

}  // namespace nmsim::cli
