#pragma once
// The scorer: compares detections with a dataset's ground truth, trial by trial (memory stays
// flat in the trial count), and builds the report (docs/scoring.md). No file access here: the
// caller hands each trial's truth in (pipeline/score_dataset.hpp reads them from a dataset).
//
// Truth for a detection label L in a trial: the trial's event rows labelled L; when it has
// none and L names a label bit (`clonus`, `dystonia`, `myoclonus` ...), the runs of that bit.
// A named channel is scored against that channel's truth, `any` against the union over all
// channels (rows with an empty channel included).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/column_table.hpp"
#include "core/event_table.hpp"
#include "core/label_series.hpp"
#include "scoring/detections.hpp"
#include "scoring/event_matching.hpp"
#include "scoring/intervals.hpp"
#include "scoring/json.hpp"
#include "scoring/strata.hpp"

namespace nmsim::scoring {

struct ScoringConfig {
  std::optional<Collars> collars;             // for every label (else default_collars(label))
  std::map<std::string, Collars> label_collars;  // per label, wins over `collars`
  std::size_t curve_thresholds = 50;          // event-level PR: at most this many score thresholds
  BinEdges bin_edges = default_bin_edges();   // user edges replace defaults of the same name
  std::vector<std::string> strata;            // /index columns to stratify by; empty = all but kSkipped
  std::vector<std::string> labels;            // labels to score; empty = those detected
  Collars collars_for(const std::string& label) const;
};
// /index columns that never make strata by default (identifiers and bookkeeping).
inline const std::vector<std::string> kSkippedIndexColumns{"trial", "subject", "status", "failure_reason", "duration"};

struct TrialTruth {
  std::uint64_t trial = 0;
  double duration_s = 0.0;
  const EventTable* events = nullptr;
  SampleGrid grid;                          // the label grid: the sample grid of the sample metrics
  // Needed only for labels named by a label bit (may be null otherwise).
  const LabelSeries* labels = nullptr;
  const std::vector<std::string>* bit_names = nullptr;
};

class Scorer {
 public:
  // `index` (may be null) gives the trial strata; its `trial` column maps rows to trials.
  Scorer(ScoringConfig config, DetectionTable detections, std::vector<SampleScores> sample_scores,
         const ColumnTable* index);
  ~Scorer();
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  const std::vector<std::string>& labels() const;
  void add_trial(const TrialTruth& truth);
  // The report: settings, then per label the overall figures, per channel, latencies, value
  // errors, curves and strata. `context` members (dataset, detections file ...) come first.
  Json report(const Json& context) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nmsim::scoring
