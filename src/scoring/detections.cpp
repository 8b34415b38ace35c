#include "scoring/detections.hpp"

#include <algorithm>

namespace nmsim::scoring {

bool DetectionTable::has_scores() const {
  return std::any_of(score.begin(), score.end(), [](double s) { return !std::isnan(s); });
}

std::size_t DetectionTable::add(std::uint64_t trial_index, std::string channel_name, std::string label_name,
                                double start_s, double stop_s, double score_value) {
  trial.push_back(trial_index);
  channel.push_back(std::move(channel_name));
  label.push_back(std::move(label_name));
  start.push_back(start_s);
  stop.push_back(stop_s);
  score.push_back(score_value);
  for (auto& [name, column] : values) column.push_back(NAN);
  return size() - 1;
}

void DetectionTable::set_value(std::size_t row, const std::string& column, double value) {
  auto [it, inserted] = values.try_emplace(column, size(), NAN);
  it->second[row] = value;
}

void DetectionTable::append(const DetectionTable& other) {
  const std::size_t base = size();
  for (std::size_t r = 0; r < other.size(); ++r)
    add(other.trial[r], other.channel[r], other.label[r], other.start[r], other.stop[r], other.score[r]);
  for (const auto& [name, column] : other.values)
    for (std::size_t r = 0; r < column.size(); ++r)
      if (!std::isnan(column[r])) set_value(base + r, name, column[r]);
}

DetectionTable detections_from_scores(const SampleScores& scores, double threshold) {
  DetectionTable out;
  const std::size_t nc = scores.channels.size(), ns = scores.n_samples();
  for (std::size_t c = 0; c < nc; ++c) {
    std::size_t i = 0;
    while (i < ns) {
      if (!(scores.data[i * nc + c] >= threshold)) {
        ++i;
        continue;
      }
      const std::size_t first = i;
      float best = scores.data[i * nc + c];
      while (i < ns && scores.data[i * nc + c] >= threshold) best = std::max(best, scores.data[i++ * nc + c]);
      out.add(scores.trial, scores.channels[c], scores.label, scores.starting_time_s + static_cast<double>(first) / scores.rate_hz,
              scores.starting_time_s + static_cast<double>(i) / scores.rate_hz, best);
    }
  }
  return out;
}

}  // namespace nmsim::scoring
