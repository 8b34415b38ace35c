#include "cli/python_tools.hpp"

#include <cstdlib>

namespace nmsim::cli {
namespace fs = std::filesystem;

namespace {

// One shell word: single-quoted, with embedded quotes closed and escaped.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string python() {
  if (const char* env = std::getenv("NMSIM_PYTHON")) return env;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

fs::path tools_dir() {
  if (const char* env = std::getenv("NMSIM_TOOLS_DIR")) return env;
  return NMSIM_TOOLS_DIR;
}

bool run_python_tool(const std::string& script, const std::vector<std::string>& args, std::string* shown) {
  std::string cmd = python() + " " + quoted((tools_dir() / script).string());
  for (const auto& a : args) cmd += " " + quoted(a);
  if (shown) *shown = cmd;
  return std::system(cmd.c_str()) == 0;
}

}  // namespace nmsim::cli
