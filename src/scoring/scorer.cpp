#include "scoring/scorer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>
#include <variant>

#include "scoring/curves.hpp"
#include "scoring/error_classes.hpp"
#include "scoring/intervals.hpp"
#include "scoring/metrics.hpp"

namespace nmsim::scoring {

Collars ScoringConfig::collars_for(const std::string& label) const {
  if (auto it = label_collars.find(label); it != label_collars.end()) return it->second;
  return collars ? *collars : default_collars(label);
}

namespace {

// Everything that adds up over trials: one per trial and label, summed per stratum.
struct Tally {
  std::uint64_t trials = 0;
  double minutes = 0.0;
  std::uint64_t reference = 0, detections = 0, matched = 0;
  ErrorClasses classes;
  Confusion samples;
  Confusion trial_level;  // trial positive = at least one reference event / detection
  PairSums onset, offset, duration;
  std::vector<std::uint64_t> curve_matched, curve_detections;  // per event-PR threshold

  Tally& operator+=(const Tally& o) {
    trials += o.trials;
    minutes += o.minutes;
    reference += o.reference;
    detections += o.detections;
    matched += o.matched;
    classes += o.classes;
    samples += o.samples;
    trial_level += o.trial_level;
    onset += o.onset;
    offset += o.offset;
    duration += o.duration;
    if (curve_matched.size() < o.curve_matched.size()) {
      curve_matched.resize(o.curve_matched.size(), 0);
      curve_detections.resize(o.curve_detections.size(), 0);
    }
    for (std::size_t k = 0; k < o.curve_matched.size(); ++k) {
      curve_matched[k] += o.curve_matched[k];
      curve_detections[k] += o.curve_detections[k];
    }
    return *this;
  }
};

// Per channel: events and samples, over all trials.
struct ChannelTally {
  std::uint64_t reference = 0, detections = 0, matched = 0;
  Confusion samples;
};

// Reference events and what became of them, for the event-column strata.
struct ReferenceRecords {
  std::map<std::string, std::vector<double>> values;  // column -> value per event (NaN = missing)
  std::set<std::string> integer_columns;
  std::vector<char> matched;
  std::vector<double> onset_error;  // NaN unless matched
  void add(const std::map<std::string, double>& row, bool is_matched, double onset) {
    const std::size_t n = matched.size();
    for (const auto& [name, v] : row) {
      auto [it, inserted] = values.try_emplace(name, n, NAN);
      it->second.push_back(v);
    }
    for (auto& [name, col] : values)
      if (col.size() == n) col.push_back(NAN);
    matched.push_back(is_matched ? 1 : 0);
    onset_error.push_back(onset);
  }
};

struct LabelState {
  std::string name;
  Collars collars;
  std::vector<std::string> channels;
  bool scored = false;              // any detection has a score, or sample scores exist
  std::vector<double> thresholds;   // event-PR thresholds, descending
  std::uint64_t trials_with_event_truth = 0, trials_with_bit_truth = 0;
  std::vector<std::uint64_t> trial_ids;
  std::vector<Tally> per_trial;
  std::map<std::string, ChannelTally> per_channel;
  std::vector<double> onset_errors, offset_errors;
  std::map<std::string, PairSums> value_errors;  // "duration" and shared numeric columns
  ScoreCounts sample_scores, trial_scores;
  ReferenceRecords references;
};

double max_score(const std::vector<Interval>& v) {
  double m = NAN;
  for (const auto& iv : v)
    if (!std::isnan(iv.score) && !(m >= iv.score)) m = iv.score;
  return m;
}

}  // namespace

struct Scorer::Impl {
  ScoringConfig config;
  DetectionTable det;
  std::vector<SampleScores> sample_scores;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> det_rows, score_rows;
  std::vector<std::string> label_names;
  std::vector<LabelState> labels;
  std::vector<Stratification> strata;
  std::unordered_map<std::uint64_t, std::size_t> index_row;  // trial -> /index row
  std::uint64_t trials = 0;
  double minutes = 0.0;

  // Truth intervals of `label` on `channel` ("any": all channels, merged).
  std::vector<Interval> truth(const TrialTruth& t, const std::string& label, const std::string& channel,
                              bool& from_events) const {
    std::vector<Interval> out;
    const EventTable& ev = *t.events;
    const bool any = channel == kAnyChannel;
    bool has_rows = false;
    for (std::size_t r = 0; r < ev.size(); ++r) {
      if (ev.label()[r] != label) continue;
      has_rows = true;
      if (any || ev.channel()[r] == channel) out.push_back({ev.start_time()[r], ev.stop_time()[r], NAN, r});
    }
    from_events = has_rows;
    if (!has_rows && t.bit_names != nullptr && t.labels != nullptr) {
      const auto bit = std::find(t.bit_names->begin(), t.bit_names->end(), label);
      if (bit != t.bit_names->end()) {
        const auto mask = static_cast<LabelMask>(1u << (bit - t.bit_names->begin()));
        const LabelSeries& ls = *t.labels;
        const std::size_t nc = ls.channels.size(), ns = ls.n_samples();
        std::vector<std::size_t> cols;
        for (std::size_t c = 0; c < nc; ++c)
          if (any || ls.channels[c] == channel) cols.push_back(c);
        std::size_t i = 0;
        const auto on = [&](std::size_t s) {
          for (std::size_t c : cols)
            if (ls.data[s * nc + c] & mask) return true;
          return false;
        };
        while (i < ns) {
          if (!on(i)) {
            ++i;
            continue;
          }
          const std::size_t first = i;
          while (i < ns && on(i)) ++i;
          out.push_back({ls.starting_time_s + static_cast<double>(first) / ls.rate_hz,
                         ls.starting_time_s + static_cast<double>(i) / ls.rate_hz, NAN,
                         std::numeric_limits<std::size_t>::max()});
        }
      }
    }
    if (any) return merged(std::move(out));
    sort_by_start(out);
    return out;
  }

  std::map<std::string, double> reference_values(const TrialTruth& t, const Interval& iv) const {
    std::map<std::string, double> row{{"duration", iv.length()}};
    if (iv.row == std::numeric_limits<std::size_t>::max()) return row;
    for (const auto& [name, col] : t.events->real_columns()) row[name] = col[iv.row];
    for (const auto& [name, col] : t.events->int_columns())
      row[name] = col[iv.row] == EventTable::kMissingInt ? NAN : static_cast<double>(col[iv.row]);
    return row;
  }

  void score_label(LabelState& L, const TrialTruth& t, const SampleGrid& grid) {
    Tally tally;
    tally.trials = 1;
    tally.minutes = t.duration_s / 60.0;
    tally.curve_matched.assign(L.thresholds.size(), 0);
    tally.curve_detections.assign(L.thresholds.size(), 0);
    bool truth_any = false, det_any = false, events_used = false, bits_used = false;
    double trial_score = NAN;
    const SampleScores* raw = nullptr;
    if (auto it = score_rows.find(t.trial); it != score_rows.end())
      for (std::size_t k : it->second)
        if (sample_scores[k].label == L.name) raw = &sample_scores[k];

    for (const std::string& channel : L.channels) {
      bool from_events = false;
      const std::vector<Interval> ref = truth(t, L.name, channel, from_events);
      (from_events ? events_used : bits_used) = !ref.empty() || (from_events ? events_used : bits_used);
      std::vector<Interval> dets;
      if (auto it = det_rows.find(t.trial); it != det_rows.end())
        for (std::size_t r : it->second)
          if (det.label[r] == L.name && det.channel[r] == channel) dets.push_back({det.start[r], det.stop[r], det.score[r], r});
      sort_by_start(dets);
      truth_any = truth_any || !ref.empty();
      det_any = det_any || !dets.empty();
      const double ms = max_score(dets);
      if (!std::isnan(ms) && !(trial_score >= ms)) trial_score = ms;

      // Event level.
      const auto matches = match_events(ref, dets, L.collars);
      ChannelTally& ct = L.per_channel[channel];
      ct.reference += ref.size();
      ct.detections += dets.size();
      ct.matched += matches.size();
      tally.reference += ref.size();
      tally.detections += dets.size();
      tally.matched += matches.size();
      tally.classes += error_classes(ref, dets);
      std::vector<double> onset_of_ref(ref.size(), NAN);
      for (const Match& m : matches) {
        const Interval& r = ref[m.reference];
        const Interval& d = dets[m.detection];
        onset_of_ref[m.reference] = d.start - r.start;
        tally.onset.add(0.0, d.start - r.start);
        tally.offset.add(0.0, d.stop - r.stop);
        tally.duration.add(r.length(), d.length());
        L.onset_errors.push_back(d.start - r.start);
        L.offset_errors.push_back(d.stop - r.stop);
        L.value_errors["duration"].add(r.length(), d.length());
        if (r.row != std::numeric_limits<std::size_t>::max())
          for (const auto& [name, col] : det.values) {
            const double y = col[d.row];
            const auto rc = t.events->real_columns().find(name);
            if (std::isnan(y) || rc == t.events->real_columns().end() || std::isnan(rc->second[r.row])) continue;
            L.value_errors[name].add(rc->second[r.row], y);
          }
      }
      for (std::size_t i = 0; i < ref.size(); ++i)
        L.references.add(reference_values(t, ref[i]), !std::isnan(onset_of_ref[i]), onset_of_ref[i]);
      std::vector<Interval> kept;
      kept.reserve(dets.size());
      for (std::size_t k = 0; k < L.thresholds.size(); ++k) {
        kept.clear();
        for (const auto& d : dets)
          if (d.score >= L.thresholds[k]) kept.push_back(d);
        tally.curve_detections[k] += kept.size();
        tally.curve_matched[k] += match_events(ref, kept, L.collars).size();
      }

      // Sample level.
      const auto truth_ranges = covered_samples(merged(ref), grid);
      const auto det_ranges = covered_samples(dets, grid);
      Confusion c;
      c.tp = overlap_samples(truth_ranges, det_ranges);
      const std::uint64_t npos = total_samples(truth_ranges), ndet = total_samples(det_ranges);
      c.fp = ndet - c.tp;
      c.fn = npos - c.tp;
      c.tn = grid.samples - (npos + ndet - c.tp);
      ct.samples += c;
      tally.samples += c;
      if (!L.scored) continue;
      std::size_t raw_col = raw == nullptr ? 0 : raw->channels.size();
      if (raw != nullptr)
        raw_col = static_cast<std::size_t>(std::find(raw->channels.begin(), raw->channels.end(), channel) - raw->channels.begin());
      if (raw != nullptr && raw_col < raw->channels.size()) {
        // Per-sample scores on their own grid; truth looked up sample by sample.
        const SampleGrid g{raw->rate_hz, raw->starting_time_s, raw->n_samples()};
        const auto tr = covered_samples(merged(ref), g);
        std::size_t k = 0;
        for (std::size_t i = 0; i < g.samples; ++i) {
          while (k < tr.size() && tr[k].end <= i) ++k;
          const bool pos = k < tr.size() && tr[k].first <= i;
          L.sample_scores.add(raw->data[i * raw->channels.size() + raw_col], pos ? 1 : 0, pos ? 0 : 1);
        }
      } else {
        std::uint64_t scored_pos = 0, scored_all = 0;
        for (const auto& r : det_ranges) {
          const std::vector<SampleRange> one{r};
          const std::uint64_t pos = overlap_samples(truth_ranges, one);
          L.sample_scores.add(r.score, pos, (r.end - r.first) - pos);
          scored_pos += pos;
          scored_all += r.end - r.first;
        }
        L.sample_scores.add(NAN, npos - scored_pos, (grid.samples - scored_all) - (npos - scored_pos));
      }
    }
    tally.trial_level.tp = truth_any && det_any;
    tally.trial_level.fn = truth_any && !det_any;
    tally.trial_level.fp = !truth_any && det_any;
    tally.trial_level.tn = !truth_any && !det_any;
    if (L.scored) L.trial_scores.add(det_any ? trial_score : NAN, truth_any ? 1 : 0, truth_any ? 0 : 1);
    L.trials_with_event_truth += events_used;
    L.trials_with_bit_truth += bits_used;
    L.trial_ids.push_back(t.trial);
    L.per_trial.push_back(std::move(tally));
  }
};

Scorer::Scorer(ScoringConfig config, DetectionTable detections, std::vector<SampleScores> sample_scores,
               const ColumnTable* index)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.config = std::move(config);
  m.det = std::move(detections);
  m.sample_scores = std::move(sample_scores);
  for (std::size_t r = 0; r < m.det.size(); ++r) m.det_rows[m.det.trial[r]].push_back(r);
  for (std::size_t k = 0; k < m.sample_scores.size(); ++k) m.score_rows[m.sample_scores[k].trial].push_back(k);

  std::set<std::string> names(m.config.labels.begin(), m.config.labels.end());
  if (names.empty()) {
    names.insert(m.det.label.begin(), m.det.label.end());
    for (const auto& s : m.sample_scores) names.insert(s.label);
  }
  m.label_names.assign(names.begin(), names.end());
  for (const auto& name : m.label_names) {
    LabelState L;
    L.name = name;
    L.collars = m.config.collars_for(name);
    std::set<std::string> channels;
    std::vector<double> scores;
    for (std::size_t r = 0; r < m.det.size(); ++r) {
      if (m.det.label[r] != name) continue;
      channels.insert(m.det.channel[r]);
      if (!std::isnan(m.det.score[r])) scores.push_back(m.det.score[r]);
    }
    for (const auto& s : m.sample_scores)
      if (s.label == name) {
        channels.insert(s.channels.begin(), s.channels.end());
        L.scored = true;
      }
    if (channels.empty()) channels.insert(kAnyChannel);
    L.channels.assign(channels.begin(), channels.end());
    L.scored = L.scored || !scores.empty();
    // Event-PR thresholds: the distinct scores, thinned to evenly spaced quantiles.
    std::sort(scores.begin(), scores.end(), std::greater<>());
    scores.erase(std::unique(scores.begin(), scores.end()), scores.end());
    if (scores.size() > m.config.curve_thresholds && m.config.curve_thresholds > 1) {
      std::vector<double> thin;
      for (std::size_t k = 0; k < m.config.curve_thresholds; ++k)
        thin.push_back(scores[k * (scores.size() - 1) / (m.config.curve_thresholds - 1)]);
      scores = std::move(thin);
    }
    L.thresholds = std::move(scores);
    m.labels.push_back(std::move(L));
  }

  if (index != nullptr) {
    m.strata = stratify_index(*index, m.config.strata, kSkippedIndexColumns, m.config.bin_edges);
    if (const auto* col = index->find("trial"))
      if (const auto* t = std::get_if<std::vector<std::int64_t>>(col))
        for (std::size_t i = 0; i < t->size(); ++i) m.index_row[static_cast<std::uint64_t>((*t)[i])] = i;
  }
}

Scorer::~Scorer() = default;

const std::vector<std::string>& Scorer::labels() const { return impl_->label_names; }

void Scorer::add_trial(const TrialTruth& truth) {
  Impl& m = *impl_;
  for (LabelState& L : m.labels) m.score_label(L, truth, truth.grid);
  ++m.trials;
  m.minutes += truth.duration_s / 60.0;
}

namespace {

Json collars_json(const Collars& c) {
  Json j = Json::object();
  j.set("onset_s", c.onset_s);
  j.set("offset_s", c.offset_s);
  j.set("offset_fraction", c.offset_fraction);
  return j;
}

Json classes_json(const ErrorClasses& c) {
  Json ref = Json::object(), det = Json::object();
  ref.set("correct", c.reference_correct);
  ref.set("deleted", c.deleted);
  ref.set("fragmented", c.fragmented);
  ref.set("merged", c.merged);
  ref.set("fragmented_and_merged", c.fragmented_merged);
  det.set("correct", c.detection_correct);
  det.set("inserted", c.inserted);
  det.set("fragmenting", c.fragmenting);
  det.set("merging", c.merging);
  det.set("fragmenting_and_merging", c.fragmenting_merging);
  Json j = Json::object();
  j.set("reference", ref);
  j.set("detections", det);
  return j;
}

Json tally_json(const Tally& t, const std::vector<double>& thresholds) {
  const double p = ratio(static_cast<double>(t.matched), static_cast<double>(t.detections));
  const double r = ratio(static_cast<double>(t.matched), static_cast<double>(t.reference));
  Json j = Json::object();
  j.set("trials", t.trials);
  j.set("minutes", t.minutes);
  j.set("reference_events", t.reference);
  j.set("detections", t.detections);
  j.set("matched", t.matched);
  j.set("precision", p);
  j.set("recall", r);
  j.set("f1", ratio(2.0 * static_cast<double>(t.matched), static_cast<double>(t.reference + t.detections)));
  j.set("false_alarms_per_minute", ratio(static_cast<double>(t.detections - t.matched), t.minutes));
  j.set("onset_latency_mean_s", t.onset.bias());
  j.set("onset_latency_mae_s", t.onset.mae());
  j.set("offset_latency_mean_s", t.offset.bias());
  j.set("offset_latency_mae_s", t.offset.mae());
  j.set("duration_error_mae_s", t.duration.mae());
  if (!thresholds.empty()) {
    double ap = NAN;
    event_pr_json(thresholds, t.curve_matched, t.curve_detections, t.reference, &ap);
    j.set("event_average_precision", ap);
  }
  j.set("error_classes", classes_json(t.classes));
  j.set("samples", to_json(t.samples));
  Json trial = to_json(t.trial_level);
  trial.set("sensitivity", t.trial_level.recall());
  trial.set("specificity", t.trial_level.specificity());
  trial.set("balanced_accuracy", (t.trial_level.recall() + t.trial_level.specificity()) / 2.0);
  j.set("trial_level", trial);
  return j;
}

}  // namespace

Json Scorer::report(const Json& context) const {
  const Impl& m = *impl_;
  Json root = Json::object();
  root.set("nmsim_score_report", 1);
  for (const auto& [k, v] : context.members()) root.set(k, v);
  root.set("trials_scored", m.trials);
  root.set("minutes_scored", m.minutes);
  Json conventions = Json::object();
  conventions.set("matching", "one-to-one, most matches then least total |onset error| + |offset error|");
  conventions.set("onset_collar", "|detected onset - reference onset| <= onset_s");
  conventions.set("offset_tolerance", "|detected offset - reference offset| <= max(offset_s, offset_fraction x reference length)");
  conventions.set("false_alarms", "detections left unmatched by the collar matching, per minute of scored recording");
  conventions.set("error_classes", "Ward, Lukowicz & Gellersen 2011, from any positive overlap");
  conventions.set("samples", "label grid of each trial; an interval covers samples with time in [start, stop)");
  conventions.set("trial_level", "a trial is positive when it holds at least one reference event, detected when it holds at least one detection");
  root.set("conventions", conventions);

  Json labels = Json::object();
  std::vector<std::string> warnings;
  for (const LabelState& L : m.labels) {
    Tally total;
    for (const auto& t : L.per_trial) total += t;
    Json lj = Json::object();
    lj.set("truth", L.trials_with_event_truth > 0 && L.trials_with_bit_truth > 0 ? "event rows and label bit"
                    : L.trials_with_bit_truth > 0                                 ? "label bit"
                                                                                  : "event rows");
    Json ch = Json::array();
    for (const auto& c : L.channels) ch.push(c);
    lj.set("channels", ch);
    lj.set("collars", collars_json(L.collars));
    lj.set("overall", tally_json(total, L.thresholds));
    if (total.reference == 0)
      warnings.push_back("label '" + L.name + "' has no reference events in the scored trials (is it spelled as in docs/labels.md?)");

    Json per_channel = Json::object();
    for (const auto& [name, c] : L.per_channel) {
      Json cj = Json::object();
      cj.set("reference_events", c.reference);
      cj.set("detections", c.detections);
      cj.set("matched", c.matched);
      cj.set("precision", ratio(static_cast<double>(c.matched), static_cast<double>(c.detections)));
      cj.set("recall", ratio(static_cast<double>(c.matched), static_cast<double>(c.reference)));
      cj.set("samples", to_json(c.samples));
      per_channel.set(name, cj);
    }
    lj.set("per_channel", per_channel);

    Json latency = Json::object();
    latency.set("onset", distribution_json(L.onset_errors, -L.collars.onset_s, L.collars.onset_s, 20));
    double off_range = L.collars.offset_s;
    for (double e : L.offset_errors) off_range = std::max(off_range, std::abs(e));
    latency.set("offset", distribution_json(L.offset_errors, -off_range, off_range, 20));
    lj.set("latency_s", latency);

    Json errors = Json::object();
    for (const auto& [name, sums] : L.value_errors) errors.set(name, to_json(sums));
    lj.set("value_errors", errors);

    if (L.scored) {
      Json curves = Json::object();
      curves.set("event", event_pr_json(L.thresholds, total.curve_matched, total.curve_detections, total.reference));
      curves.set("samples", L.sample_scores.curves_json());
      curves.set("trials", L.trial_scores.curves_json());
      lj.set("curves", curves);
    }

    // Trial strata.
    Json strata = Json::array();
    for (const Stratification& s : m.strata) {
      std::vector<Tally> bins(s.names.size());
      for (std::size_t i = 0; i < L.trial_ids.size(); ++i) {
        const auto row = m.index_row.find(L.trial_ids[i]);
        if (row == m.index_row.end()) continue;
        const int b = s.of_row[row->second];
        if (b >= 0) bins[static_cast<std::size_t>(b)] += L.per_trial[i];
      }
      Json sj = Json::object();
      sj.set("column", s.column);
      Json bj = Json::array();
      for (std::size_t b = 0; b < bins.size(); ++b) {
        if (bins[b].trials == 0) continue;
        Json one = tally_json(bins[b], L.thresholds);
        one.set("stratum", s.names[b]);
        bj.push(one);
      }
      sj.set("strata", bj);
      strata.push(sj);
    }
    lj.set("strata", strata);

    // Reference-event strata: recall and onset error by event column.
    Json event_strata = Json::array();
    for (const auto& [column, values] : L.references.values) {
      bool integer = true;
      for (double v : values) integer = integer && (std::isnan(v) || v == std::floor(v));
      const Stratification s = stratify_numbers(column, values, integer && column != "duration", m.config.bin_edges);
      if (s.names.empty()) continue;
      std::vector<std::uint64_t> n(s.names.size(), 0), hit(s.names.size(), 0);
      std::vector<PairSums> onset(s.names.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        const int b = s.of_row[i];
        if (b < 0) continue;
        ++n[static_cast<std::size_t>(b)];
        if (L.references.matched[i]) {
          ++hit[static_cast<std::size_t>(b)];
          onset[static_cast<std::size_t>(b)].add(0.0, L.references.onset_error[i]);
        }
      }
      Json sj = Json::object();
      sj.set("column", column);
      Json bj = Json::array();
      for (std::size_t b = 0; b < s.names.size(); ++b) {
        Json one = Json::object();
        one.set("stratum", s.names[b]);
        one.set("reference_events", n[b]);
        one.set("matched", hit[b]);
        one.set("recall", ratio(static_cast<double>(hit[b]), static_cast<double>(n[b])));
        one.set("onset_latency_mean_s", onset[b].bias());
        one.set("onset_latency_mae_s", onset[b].mae());
        bj.push(one);
      }
      sj.set("strata", bj);
      event_strata.push(sj);
    }
    lj.set("event_strata", event_strata);
    labels.set(L.name, lj);
  }
  Json w = Json::array();
  for (const auto& s : warnings) w.push(s);
  root.set("warnings", w);
  root.set("labels", labels);
  return root;
}

}  // namespace nmsim::scoring
