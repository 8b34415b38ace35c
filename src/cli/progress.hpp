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
  // For a run of one trial of `duration_s`: shows how much of it is simulated (the integrator
  // reports through core/trial_progress.hpp), on the same terms as the trial count.
  void follow_single_trial(double duration_s);

 private:
  bool quiet_;
  bool tty_;
  bool drew_ = false;
  double last_print_s_ = -1e9;
  double single_total_s_ = 0.0;
  std::chrono::steady_clock::time_point single_start_;
  void single_trial(double simulated_s);
};

}  // namespace nmsim::cli
