#include "pipeline/detect_dataset.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <variant>

#include "core/error.hpp"
#include "detectors/catalogue.hpp"
#include "detectors/logistic_baseline.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::pipeline {

namespace {

// The trial's resolved moment arms (the last entry named ...muscles.<channel>.moment_arm wins,
// so scenario overrides beat the model's value).
std::vector<int> moment_signs(const io::DatasetReader& r, std::uint64_t t, const std::vector<std::string>& channels) {
  std::vector<int> sign(channels.size(), 0);
  for (const auto& [name, value] : r.read_parameters(t))
    for (std::size_t c = 0; c < channels.size(); ++c) {
      const std::string suffix = "muscles." + channels[c] + ".moment_arm";
      if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        sign[c] = value > 0 ? 1 : value < 0 ? -1 : 0;
    }
  return sign;
}

double rest_stop(const io::DatasetReader& r, std::uint64_t t) {
  const auto phases = r.read_phases(t);
  for (const auto& p : phases)
    if (p.name.rfind("rest", 0) == 0 && p.start_s <= 0.0) return p.stop_s;
  return 0.0;
}

std::map<std::uint64_t, std::string> split_of_trials(const io::DatasetReader& r) {
  std::map<std::uint64_t, std::string> out;
  if (!r.has_index()) return out;
  const ColumnTable index = r.read_index();
  const auto* trial = index.find("trial");
  const auto* split = index.find("split");
  if (trial == nullptr || split == nullptr) return out;
  const auto* t = std::get_if<std::vector<std::int64_t>>(trial);
  const auto* s = std::get_if<std::vector<std::string>>(split);
  if (t == nullptr || s == nullptr) return out;
  for (std::size_t i = 0; i < t->size(); ++i) out[static_cast<std::uint64_t>((*t)[i])] = (*s)[i];
  return out;
}

}  // namespace

DetectResult detect_dataset(const DetectOptions& o) {
  const detectors::DetectorInfo* info = detectors::find_detector(o.detector);
  if (info == nullptr)
    throw InputError({}, "detector", "unknown detector '" + o.detector + "' (valid: " + detectors::detector_names() + ")");
  detectors::Parameters params = info->defaults();
  for (const auto& [name, value] : o.parameters) {
    try {
      params.set(name, value);
    } catch (const std::invalid_argument& e) {
      throw InputError({}, "--param " + name, std::string(e.what()) + " for detector " + o.detector);
    }
  }
  const io::DatasetReader reader(o.dataset);
  const auto trials = reader.trial_indices();
  DetectResult result;
  result.trials = trials.size();
  result.description = "nmsim detect " + o.detector + " on " + o.dataset.filename().string() + ";";
  for (const auto& [k, v] : params.all()) result.description += " " + k + "=" + std::to_string(v);

  const auto load = [&](std::uint64_t t, TimeSeries& emg) {
    emg = reader.read_series(t, "emg");
    detectors::TrialInput in;
    in.trial = t;
    in.emg = &emg;
    in.moment_sign = moment_signs(reader, t, emg.channels);
    in.rest_stop_s = rest_stop(reader, t);
    return in;
  };

  if (info->run != nullptr) {
    for (const auto t : trials) {
      TimeSeries emg;
      result.detections.append(info->run(load(t, emg), params));
    }
    return result;
  }

  // The learned baseline: features of every trial, targets and fit on the train split.
  const auto splits = split_of_trials(reader);
  std::set<std::string> split_names;
  for (const auto& [t, s] : splits)
    if (!s.empty()) split_names.insert(s);
  if (!split_names.count(o.train_split)) {
    std::string valid;
    for (const auto& n : split_names) valid += (valid.empty() ? "" : ", ") + n;
    throw InputError({}, "--train-split",
                     "the dataset has no split '" + o.train_split + "' to train on" +
                         (valid.empty() ? " (it has no splits)" : " (valid: " + valid + ")"));
  }
  const std::vector<std::string> bits = trials.empty() ? std::vector<std::string>{} : reader.label_bit_names(trials.front());
  std::map<std::uint64_t, detectors::TrialWindows> features;
  std::vector<detectors::FeatureRow> train_x;
  std::vector<std::vector<double>> train_y(bits.size());
  for (const auto t : trials) {
    TimeSeries emg;
    const detectors::TrialInput in = load(t, emg);
    auto w = detectors::window_features(in, params);
    const auto sp = splits.find(t);
    if (sp != splits.end() && sp->second == o.train_split) {
      const LabelSeries labels = reader.read_labels(t);
      train_x.insert(train_x.end(), w.rows.begin(), w.rows.end());
      for (std::size_t b = 0; b < bits.size(); ++b) {
        const auto y = detectors::window_targets(w, labels, static_cast<LabelMask>(1u << b));
        train_y[b].insert(train_y[b].end(), y.begin(), y.end());
      }
    }
    features.emplace(t, std::move(w));
  }
  // Thin very large training sets evenly (deterministic).
  const auto cap = static_cast<std::size_t>(params["max_train_windows"]);
  const std::size_t stride = cap > 0 && train_x.size() > cap ? (train_x.size() + cap - 1) / cap : 1;
  std::vector<detectors::FeatureRow> x;
  for (std::size_t i = 0; i < train_x.size(); i += stride) x.push_back(train_x[i]);
  for (std::size_t b = 0; b < bits.size(); ++b) {
    std::vector<double> y;
    double positives = 0;
    for (std::size_t i = 0; i < train_y[b].size(); i += stride) {
      y.push_back(train_y[b][i]);
      positives += train_y[b][i];
    }
    // A label needs examples of both kinds to be learned.
    if (positives < 20 || static_cast<double>(y.size()) - positives < 20) continue;
    detectors::LogisticModel model;
    model.fit(x, y, params["l2"], static_cast<int>(params["max_iterations"]));
    for (const auto t : trials) {
      TimeSeries emg;
      emg.channels = reader.read_label_grid(t).channels;
      detectors::TrialInput in;
      in.trial = t;
      in.emg = &emg;
      result.detections.append(detectors::logistic_detections(in, features.at(t), model, bits[b], params["threshold"]));
    }
    result.description += " model[" + bits[b] + "] trained on " + std::to_string(y.size()) + " windows;";
  }
  return result;
}

}  // namespace nmsim::pipeline
