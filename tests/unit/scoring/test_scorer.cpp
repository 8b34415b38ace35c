// The scorer end to end on hand-built trials: invariants (the truth scored against itself,
// no detections), shifted, fragmented, merged, missed and spurious events, the `any` channel,
// label-bit truth, value errors and strata.
#include <gtest/gtest.h>

#include <cmath>

#include "scoring/scorer.hpp"

namespace nmsim::scoring {
namespace {

const std::vector<std::string> kBits{"clonus", "dystonia", "myoclonus"};

// A 10 s trial at 100 Hz with two channels; clonus episodes on "sol" at [1, 3) and [5, 6),
// on "ta" at [5.5, 7) (with the clonus bit set to match), and a frequency column.
struct Trial {
  EventTable events;
  LabelSeries labels;
  TrialTruth truth(std::uint64_t index) const { return {index, 10.0, &events, {100.0, 0.0, 1000}, &labels, &kBits}; }
  Trial() {
    labels.rate_hz = 100.0;
    labels.channels = {"sol", "ta"};
    labels.data.assign(1000 * 2, 0);
    add(1.0, 3.0, "sol", 6.5);
    add(5.0, 6.0, "sol", 7.0);
    add(5.5, 7.0, "ta", 6.0);
  }
  void add(double a, double b, const std::string& ch, double f) {
    const std::size_t r = events.add(a, b, "clonus_episode", ch);
    events.set_real(r, "frequency", f);
    const std::size_t c = ch == "sol" ? 0 : 1;
    for (auto i = static_cast<std::size_t>(std::lround(a * 100)); i < static_cast<std::size_t>(std::lround(b * 100)); ++i)
      labels.at(i, c) |= 1;
  }
};

DetectionTable from_truth(const Trial& t, std::uint64_t index) {
  DetectionTable d;
  for (std::size_t r = 0; r < t.events.size(); ++r) {
    const std::size_t row = d.add(index, t.events.channel()[r], t.events.label()[r], t.events.start_time()[r],
                                  t.events.stop_time()[r], 1.0);
    d.set_value(row, "frequency", t.events.real_columns().at("frequency")[r]);
  }
  return d;
}

const Json& overall(const Json& report, const std::string& label) {
  return *report.find("labels")->find(label)->find("overall");
}
double num(const Json& j, const std::string& path) {
  const Json* v = j.find_path(path);
  return v != nullptr ? v->number() : NAN;
}

Json score(const DetectionTable& d, const std::vector<const Trial*>& trials, ScoringConfig cfg = {},
           const ColumnTable* index = nullptr) {
  Scorer s(std::move(cfg), d, {}, index);
  for (std::size_t i = 0; i < trials.size(); ++i) s.add_trial(trials[i]->truth(i));
  return s.report(Json::object());
}

TEST(Scorer, TruthAgainstItselfScoresOne) {
  const Trial t;
  const Json r = score(from_truth(t, 0), {&t});
  const Json& o = overall(r, "clonus_episode");
  EXPECT_EQ(num(o, "reference_events"), 3);
  EXPECT_EQ(num(o, "precision"), 1.0);
  EXPECT_EQ(num(o, "recall"), 1.0);
  EXPECT_EQ(num(o, "f1"), 1.0);
  EXPECT_EQ(num(o, "false_alarms_per_minute"), 0.0);
  EXPECT_EQ(num(o, "samples.f1"), 1.0);
  EXPECT_EQ(num(o, "samples.mcc"), 1.0);
  EXPECT_EQ(num(o, "error_classes.reference.correct"), 3);
  EXPECT_EQ(num(o, "onset_latency_mae_s"), 0.0);
  const Json& lab = *r.find("labels")->find("clonus_episode");
  EXPECT_EQ(num(lab, "value_errors.frequency.mae"), 0.0);
  EXPECT_EQ(num(lab, "value_errors.frequency.n"), 3);
  EXPECT_EQ(num(lab, "per_channel.ta.samples.tp"), 150);
  EXPECT_EQ(num(lab, "curves.samples.auroc"), 1.0);
  EXPECT_EQ(num(lab, "curves.event.average_precision"), 1.0);
}

TEST(Scorer, NoDetectionsGivesRecallZero) {
  const Trial t;
  ScoringConfig cfg;
  cfg.labels = {"clonus_episode"};
  const Json r = score({}, {&t}, cfg);
  const Json& o = overall(r, "clonus_episode");
  EXPECT_EQ(num(o, "reference_events"), 2);  // `any`: the overlapping sol and ta episodes merge
  EXPECT_EQ(num(o, "recall"), 0.0);
  EXPECT_TRUE(std::isnan(num(o, "precision")));
  EXPECT_EQ(num(o, "samples.recall"), 0.0);
  EXPECT_EQ(num(o, "error_classes.reference.deleted"), 2);
  EXPECT_EQ(num(o, "trial_level.fn"), 1);
}

TEST(Scorer, ShiftedFragmentedMergedMissedAndSpurious) {
  const Trial t;
  DetectionTable d;
  d.add(0, "sol", "clonus_episode", 1.1, 3.1);   // shifted 100 ms: matched
  d.add(0, "sol", "clonus_episode", 5.0, 5.3);   // fragment of [5, 6) ...
  d.add(0, "sol", "clonus_episode", 5.5, 6.0);   // ... second fragment (matches: offset exact)
  d.add(0, "ta", "clonus_episode", 8.0, 9.0);    // spurious; ta's [5.5, 7) missed
  const Json r = score(d, {&t});
  const Json& o = overall(r, "clonus_episode");
  EXPECT_EQ(num(o, "matched"), 1);  // the shifted one; fragments fail the 200 ms onset collar or 50 % offset
  EXPECT_EQ(num(o, "detections"), 4);
  EXPECT_EQ(num(o, "reference_events"), 3);
  EXPECT_NEAR(num(o, "onset_latency_mean_s"), 0.1, 1e-12);
  EXPECT_NEAR(num(o, "false_alarms_per_minute"), 3.0 / (10.0 / 60.0), 1e-9);
  EXPECT_EQ(num(o, "error_classes.reference.fragmented"), 1);
  EXPECT_EQ(num(o, "error_classes.reference.deleted"), 1);
  EXPECT_EQ(num(o, "error_classes.detections.inserted"), 1);
  EXPECT_EQ(num(o, "error_classes.detections.fragmenting"), 2);
  // Samples on sol: truth 300, detected 200 + 30 + 50 = 280, overlap 190 + 30 + 50 = 270.
  const Json& lab = *r.find("labels")->find("clonus_episode");
  EXPECT_EQ(num(lab, "per_channel.sol.samples.tp"), 270);
  EXPECT_EQ(num(lab, "per_channel.sol.samples.fp"), 10);
  EXPECT_EQ(num(lab, "per_channel.sol.samples.fn"), 30);
}

TEST(Scorer, MergedDetectionAcrossTwoEvents) {
  Trial t;
  DetectionTable d;
  d.add(0, "sol", "clonus_episode", 1.0, 6.0);
  const Json r = score(d, {&t});
  const Json& o = overall(r, "clonus_episode");
  EXPECT_EQ(num(o, "error_classes.reference.merged"), 2);
  EXPECT_EQ(num(o, "error_classes.detections.merging"), 1);
}

TEST(Scorer, AnyChannelScoresTheUnion) {
  const Trial t;
  DetectionTable d;
  d.add(0, "any", "clonus_episode", 1.0, 3.0);
  d.add(0, "any", "clonus_episode", 5.0, 7.0);  // the union of sol [5, 6) and ta [5.5, 7)
  const Json r = score(d, {&t});
  const Json& o = overall(r, "clonus_episode");
  EXPECT_EQ(num(o, "reference_events"), 2);
  EXPECT_EQ(num(o, "recall"), 1.0);
  EXPECT_EQ(num(o, "samples.f1"), 1.0);
}

TEST(Scorer, LabelBitTruthWhenNoEventRowsCarryTheName) {
  const Trial t;
  DetectionTable d;
  d.add(0, "sol", "clonus", 1.0, 3.0);
  d.add(0, "sol", "clonus", 5.0, 6.0);
  const Json r = score(d, {&t});
  EXPECT_EQ(r.find("labels")->find("clonus")->find("truth")->string(), "label bit");
  EXPECT_EQ(num(overall(r, "clonus"), "recall"), 1.0);
  EXPECT_EQ(num(overall(r, "clonus"), "samples.precision"), 1.0);
}

TEST(Scorer, StrataByIndexColumnAndEventColumn) {
  const Trial a, b;
  DetectionTable d = from_truth(a, 0);  // trial 1 gets nothing
  ColumnTable index;
  index.add("trial", std::vector<std::int64_t>{0, 1});
  index.add("phenotype", std::vector<std::string>{"clonus", "borderline"});
  ScoringConfig cfg;
  const Json r = score(d, {&a, &b}, cfg, &index);
  const Json& lab = *r.find("labels")->find("clonus_episode");
  const Json& strata = *lab.find("strata");
  ASSERT_EQ(strata.items().size(), 1u);
  const auto& bins = strata.items()[0].find("strata")->items();
  ASSERT_EQ(bins.size(), 2u);
  EXPECT_EQ(bins[0].find("stratum")->string(), "borderline");
  EXPECT_EQ(num(bins[0], "recall"), 0.0);
  EXPECT_EQ(num(bins[1], "recall"), 1.0);
  bool saw_frequency = false;
  for (const Json& s : lab.find("event_strata")->items())
    if (s.find("column")->string() == "frequency") {
      saw_frequency = true;
      for (const Json& bin : s.find("strata")->items()) EXPECT_EQ(num(bin, "recall"), 0.5);
    }
  EXPECT_TRUE(saw_frequency);
}

TEST(Scorer, MissingIndexColumnsGiveFewerStrata) {
  const Trial t;
  ColumnTable index;
  index.add("trial", std::vector<std::int64_t>{0});
  ScoringConfig cfg;
  cfg.strata = {"critical_gain_ratio", "edge_case"};  // not written yet
  const Json r = score(from_truth(t, 0), {&t}, cfg, &index);
  EXPECT_TRUE(r.find("labels")->find("clonus_episode")->find("strata")->items().empty());
}

TEST(Scorer, SampleScoresGiveCurves) {
  const Trial t;
  SampleScores s;
  s.trial = 0;
  s.label = "clonus";
  s.rate_hz = 100.0;
  s.channels = {"sol"};
  s.data.assign(1000, 0.1f);
  for (int i = 100; i < 300; ++i) s.data[static_cast<std::size_t>(i)] = 0.9f;
  for (int i = 500; i < 600; ++i) s.data[static_cast<std::size_t>(i)] = 0.8f;
  DetectionTable d = detections_from_scores(s, 0.5);
  ASSERT_EQ(d.size(), 2u);
  Scorer sc({}, d, {s}, nullptr);
  sc.add_trial(t.truth(0));
  const Json r = sc.report(Json::object());
  EXPECT_EQ(num(overall(r, "clonus"), "recall"), 1.0);
  EXPECT_EQ(num(*r.find("labels")->find("clonus"), "curves.samples.auroc"), 1.0);
}

}  // namespace
}  // namespace nmsim::scoring
