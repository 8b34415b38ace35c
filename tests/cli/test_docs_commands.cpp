// README and docs/ run the Python tools with /usr/bin/python3, the interpreter that sees Debian's
// numpy, h5py and matplotlib: a bare `python3 tools/x.py` picks whatever python3 comes first on
// the PATH (a virtualenv, conda) and fails there.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "cli_harness.hpp"

namespace nmsim::cli_test {
namespace {

TEST(DocsCommands, PythonToolsAreRunWithDebiansPython) {
  const fs::path root = NMSIM_SOURCE_DIR;
  std::vector<fs::path> files{root / "README.md"};
  for (const auto& e : fs::directory_iterator(root / "docs"))
    if (e.path().extension() == ".md") files.push_back(e.path());
  // "python3 script.py", "python3 -m ...", "python3 -c ..." not preceded by a path.
  const std::regex bare(R"((^|[^/\w-])python3 +(-[mc] |[\w./-]+\.py\b))");
  std::size_t commands = 0;
  for (const auto& f : files) {
    std::istringstream in(read_text(f));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      commands += line.find("/usr/bin/python3 ") != std::string::npos;
      EXPECT_FALSE(std::regex_search(line, bare)) << f.filename().string() << ":" << n << ": " << line;
    }
  }
  EXPECT_GT(commands, 0u) << "no /usr/bin/python3 command found at all";
}

}  // namespace
}  // namespace nmsim::cli_test
