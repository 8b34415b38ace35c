#pragma once
// Progress of a multi-trial run on stderr: a redrawn bar with rate and ETA when stderr is a
// terminal, a plain line every few seconds otherwise (logs, CI), nothing with --quiet or for a
// single trial.
#include <chrono>
#include <string>

#include "pipeline/dataset_run.hpp"

namespace nmsim::cli {

class ProgressReporter {
 public:
  explicit ProgressReporter(bool quiet);
  ~ProgressReporter();  // ends a drawn bar's line, so that any message after it starts on its own
  void update(const pipeline::Progress& p);
  void finish();
  // A message line that must not be mixed into the bar (always printed, even with --quiet).
  void interject(const std::string& line);

 private:
  bool quiet_;
  bool tty_;
  bool drew_ = false;
  double last_print_s_ = -1e9;
};

}  // namespace nmsim::cli
