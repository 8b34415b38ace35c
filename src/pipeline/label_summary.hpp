#pragma once
// What a run or a merge labelled over its written trials, for the summary line it prints:
// clonus counts per muscle (the lead muscle of each trial, docs/labels.md), beats per episode,
// the median and range of the episode frequencies, the highest SCATS grade, and the dystonia
// and myoclonus event counts. Memory does not grow with the number of trials.
#include <cstdint>
#include <string>
#include <vector>

namespace nmsim::pipeline {

class LabelSummary {
 public:
  // One written trial's /index counts (clonus_frequency NaN or 0 when it had no episode).
  void add(std::int64_t clonus_episodes, std::int64_t clonus_beats, double clonus_frequency_hz, std::int64_t clonus_grade,
           std::int64_t dystonia_events, std::int64_t myoclonic_jerks);

  std::uint64_t trials() const { return trials_; }
  std::uint64_t clonus_trials() const { return clonus_trials_; }
  std::uint64_t clonus_episodes() const { return clonus_episodes_; }
  std::uint64_t clonus_beats() const { return clonus_beats_; }
  std::uint64_t dystonia_events() const { return dystonia_events_; }
  std::uint64_t myoclonic_jerks() const { return myoclonic_jerks_; }
  int clonus_grade() const { return clonus_grade_; }
  // Of the trials with clonus (NaN without any): median to 1 mHz, exact range.
  double frequency_median_hz() const;
  double frequency_min_hz() const { return frequency_min_; }
  double frequency_max_hz() const { return frequency_max_; }

  // "clonus: …; dystonia: …; myoclonus: …", naming only what was labelled.
  std::string describe() const;

 private:
  std::uint64_t trials_ = 0, clonus_trials_ = 0, clonus_episodes_ = 0, clonus_beats_ = 0;
  std::uint64_t dystonia_events_ = 0, myoclonic_jerks_ = 0;
  int clonus_grade_ = 0;
  double frequency_min_ = 0.0, frequency_max_ = 0.0;
  std::vector<std::uint32_t> frequency_mhz_;  // histogram of frequencies in 1 mHz bins, grown on demand
};

}  // namespace nmsim::pipeline
