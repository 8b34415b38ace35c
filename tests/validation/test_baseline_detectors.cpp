// The baseline detectors on bundled scenarios, scored against the trials' own labels with the
// scorer: what each published method should find in clearly pathological data (and what it
// should not find in its healthy twin).
#include <gtest/gtest.h>

#include <cmath>

#include "detectors/burst_onsets.hpp"
#include "detectors/clonus_wavelet.hpp"
#include "detectors/dystonia_flags.hpp"
#include "detectors/tremor_band.hpp"
#include "phenotype_measures.hpp"
#include "engine/trial_runner.hpp"
#include "scoring/scorer.hpp"

namespace nmsim::testing {
namespace {

struct BundledRun {
  scenario::Scenario s;
  TrialRecord r;
  const TimeSeries* emg = nullptr;
  detectors::TrialInput input() const {
    detectors::TrialInput in;
    in.emg = emg;
    for (const auto& m : s.model.physiology.muscles) in.moment_sign.push_back(m.mechanics.moment_arm_m > 0 ? 1 : -1);
    in.rest_stop_s = r.phase_stop_s.empty() ? 0.0 : r.phase_stop_s.front();
    return in;
  }
  explicit BundledRun(const std::string& name, const std::vector<std::string>& sets = {})
      : s(bundled(name, sets)), r(engine::run_trial(s, 0)) {
    for (const auto& ts : r.series)
      if (ts.path == "emg") emg = &ts;
  }
  // The scorer's report of `d` against this trial's truth.
  scoring::Json score(const scoring::DetectionTable& d, std::vector<std::string> labels) const {
    scoring::ScoringConfig cfg;
    cfg.labels = std::move(labels);
    scoring::Scorer sc(cfg, d, {}, nullptr);
    const std::vector<std::string>& bits = r.labels.bit_names;
    sc.add_trial({0, r.duration_s, &r.events, {r.labels.rate_hz, r.labels.starting_time_s, r.labels.n_samples()},
                  &r.labels, &bits});
    return sc.report(scoring::Json::object());
  }
};

double figure(const scoring::Json& report, const std::string& label, const std::string& path) {
  const scoring::Json* j = report.find("labels")->find(label)->find_path(path);
  return j != nullptr ? j->number() : NAN;
}

TEST(BaselineDetectors, WaveletFindsTheAnkleClonusBeatsAndItsFrequency) {
  const BundledRun run("ankle_clonus");
  const auto d = detectors::detect_clonus_wavelet(run.input(), detectors::clonus_wavelet_parameters());
  const auto rep = run.score(d, {"clonus_beat", "clonus_episode"});
  EXPECT_GT(figure(rep, "clonus_beat", "overall.recall"), 0.9);
  EXPECT_GT(figure(rep, "clonus_beat", "overall.precision"), 0.8);
  EXPECT_GT(figure(rep, "clonus_episode", "overall.matched"), 0.0);
  EXPECT_LT(figure(rep, "clonus_episode", "value_errors.frequency.mae"), 0.3);  // Hz
}

TEST(BaselineDetectors, FortyFiveMsRuleCallsCorticalReflexMyoclonusCortical) {
  const BundledRun run("cortical_reflex_myoclonus");
  const auto d = detectors::detect_myoclonus_class(run.input(), detectors::myoclonus_classifier_parameters());
  const auto rep = run.score(d, {"myoclonic_burst", "myoclonus_cortical"});
  EXPECT_GT(figure(rep, "myoclonic_burst", "overall.recall"), 0.7);
  EXPECT_EQ(figure(rep, "myoclonus_cortical", "overall.trial_level.tp"), 1.0);
  EXPECT_GT(figure(rep, "myoclonus_cortical", "overall.recall"), 0.7);
}

TEST(BaselineDetectors, CoContractionFlagsWritersCrampMoreThanHealthyWriting) {
  const BundledRun cramp("wrist_writers_cramp"), healthy("wrist_healthy_task");
  const auto p = detectors::dystonia_parameters(detectors::DystoniaRule::co_contraction);
  const auto dc = detectors::detect_dystonia(cramp.input(), p, detectors::DystoniaRule::co_contraction);
  const auto dh = detectors::detect_dystonia(healthy.input(), p, detectors::DystoniaRule::co_contraction);
  const auto rep = cramp.score(dc, {"dystonia"});
  EXPECT_GT(figure(rep, "dystonia", "overall.samples.recall"), 0.3);
  double flagged_cramp = 0, flagged_healthy = 0;
  for (std::size_t i = 0; i < dc.size(); ++i) flagged_cramp += dc.stop[i] - dc.start[i];
  for (std::size_t i = 0; i < dh.size(); ++i) flagged_healthy += dh.stop[i] - dh.start[i];
  EXPECT_GT(flagged_cramp, 2.0 * flagged_healthy + 0.5);
}

TEST(BaselineDetectors, TremorBandFindsTheDystonicHeadTremorInItsBand) {
  const BundledRun run("cervical_dystonia");
  const auto d = detectors::detect_tremor_band(run.input(), detectors::tremor_band_parameters());
  ASSERT_GE(d.size(), 1u);
  for (std::size_t i = 0; i < d.size(); ++i) {
    EXPECT_GE(d.values.at("frequency")[i], 3.0);
    EXPECT_LE(d.values.at("frequency")[i], 8.0);
  }
}

}  // namespace
}  // namespace nmsim::testing
