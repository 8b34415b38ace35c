#include "cli/help_footer.hpp"

#include "cli/app.hpp"

namespace nmsim::cli {

std::string help_footer(const std::string& examples) {
  using std::to_string;
  return "\nExamples:\n" + examples + "\nExit codes: " + to_string(kExitOk) + " success; " + to_string(kExitInternal) +
         " internal error; " + to_string(kExitBadInput) +
         " bad input (the message names file:line:column and the key);\n" + to_string(kExitNumerical) +
         " numerical failure of the integration; " + to_string(kExitIo) +
         " file-system failure (disk full, quota, I/O error);\n" + to_string(kExitInterrupted) +
         " interrupted (Ctrl-C, SIGTERM, SIGHUP).";
}

}  // namespace nmsim::cli
