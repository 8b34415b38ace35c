#include "pipeline/score_dataset.hpp"

#include <algorithm>
#include <set>
#include <variant>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/detection_file.hpp"
#include "pipeline/trial_selection.hpp"

namespace nmsim::pipeline {

scoring::Json score_dataset(const ScoreOptions& o) {
  const io::DatasetReader reader(o.dataset);
  const ColumnTable index = reader.has_index() ? reader.read_index() : ColumnTable{};
  const std::vector<std::uint64_t> trials = select_trials(reader.trial_indices(), index, o.split, o.where);

  // Detections may name any written trial; those outside the selection are left out.
  io::DetectionTargets targets;
  std::map<std::uint64_t, io::DatasetReader::LabelGrid> grids;
  for (auto t : reader.trial_indices()) {
    grids[t] = reader.read_label_grid(t);
    targets.channels[t] = grids[t].channels;
  }
  io::DetectionFile file = io::read_detection_file(o.detections, &targets);
  const std::set<std::uint64_t> selected(trials.begin(), trials.end());
  scoring::DetectionTable detections;
  std::size_t left_out = 0;
  for (std::size_t r = 0; r < file.events.size(); ++r) {
    if (!selected.count(file.events.trial[r])) {
      ++left_out;
      continue;
    }
    const std::size_t row = detections.add(file.events.trial[r], file.events.channel[r], file.events.label[r],
                                           file.events.start[r], file.events.stop[r], file.events.score[r]);
    for (const auto& [name, col] : file.events.values) detections.set_value(row, name, col[r]);
  }
  std::vector<scoring::SampleScores> scores;
  for (auto& s : file.scores) {
    if (!selected.count(s.trial)) continue;
    detections.append(scoring::detections_from_scores(s, o.sample_threshold));
    scores.push_back(std::move(s));
  }

  scoring::Scorer scorer(o.config, std::move(detections), std::move(scores), &index);
  // Label bits are read only when a scored label may need them.
  std::vector<std::string> bit_names;
  if (!trials.empty()) bit_names = reader.label_bit_names(trials.front());
  const bool need_bits = std::any_of(scorer.labels().begin(), scorer.labels().end(), [&](const std::string& l) {
    return std::find(bit_names.begin(), bit_names.end(), l) != bit_names.end();
  });
  for (const auto t : trials) {
    const EventTable events = reader.read_events(t);
    const auto& g = grids[t];
    LabelSeries labels;
    if (need_bits) labels = reader.read_labels(t);
    scorer.add_trial({t, reader.trial_duration(t), &events, {g.rate_hz, g.starting_time_s, g.samples},
                      need_bits ? &labels : nullptr, &bit_names});
  }

  scoring::Json context = scoring::Json::object();
  context.set("dataset", o.dataset.string());
  context.set("detections", o.detections_name.empty() ? o.detections.string() : o.detections_name);
  if (!o.split.empty()) context.set("split", o.split);
  if (!o.where.empty()) {
    scoring::Json where = scoring::Json::array();
    for (const auto& c : o.where) where.push(c.text);
    context.set("where", where);
  }
  context.set("detection_rows_outside_the_scored_trials", static_cast<std::uint64_t>(left_out));
  scoring::Json settings = scoring::Json::object();
  settings.set("curve_thresholds", static_cast<std::uint64_t>(o.config.curve_thresholds));
  settings.set("sample_score_threshold", o.sample_threshold);
  scoring::Json bins = scoring::Json::object();
  for (const auto& [name, edges] : o.config.bin_edges) {
    scoring::Json e = scoring::Json::array();
    for (double x : edges) e.push(x);
    bins.set(name, e);
  }
  settings.set("bin_edges", bins);
  context.set("settings", settings);
  return scorer.report(context);
}

}  // namespace nmsim::pipeline
