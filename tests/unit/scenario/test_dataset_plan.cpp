#include "input_error_matchers.hpp"
#include "core/distribution.hpp"
#include "scenario/dataset_plan.hpp"
#include "scenario/scenario.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace nmsim::scenario {
namespace {

using nmsim::testing::Contains;
using nmsim::testing::error_of;

// The dataset block is indented under `dataset:`; its first line is line 3 of the document.
std::string scenario_with(const std::string& dataset_block) {
  std::string text = "name: t\ndataset:\n";
  std::istringstream in(dataset_block);
  for (std::string line; std::getline(in, line);) text += "  " + line + "\n";
  return text;
}

DatasetPlan plan_text(const std::string& text, std::uint64_t seed = 1, std::uint64_t trials = 1) {
  const config::Document doc = config::Document::load_string(text, "scenario.yaml");
  return plan_dataset(doc.root(), seed, trials);
}

DatasetPlan plan_of(const std::string& dataset_block, std::uint64_t seed = 1) {
  return plan_text(scenario_with(dataset_block), seed);
}

std::vector<TrialPlan> all_trials(const DatasetPlan& plan) {
  std::vector<TrialPlan> out;
  for (std::uint64_t i = 0; i < plan.size(); ++i) out.push_back(plan.trial(i));
  return out;
}

double value_of(const TrialPlan& t, const std::string& path) {
  for (const auto& [p, v] : t.values)
    if (p == path) return v;
  ADD_FAILURE() << "no value for " << path << " in trial " << t.index;
  return NAN;
}

struct Moments {
  double mean = 0, sd = 0;
};
Moments moments(const std::vector<double>& x) {
  Moments m;
  for (double v : x) m.mean += v;
  m.mean /= static_cast<double>(x.size());
  for (double v : x) m.sd += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(m.sd / static_cast<double>(x.size() - 1));
  return m;
}

// Values of one path over all trials.
std::vector<double> column(const DatasetPlan& plan, const std::string& path) {
  std::vector<double> out;
  for (const auto& t : all_trials(plan)) out.push_back(value_of(t, path));
  return out;
}

double Phi(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
double phi(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }

constexpr int kDraws = 20000;
// Tolerances: 5 standard errors, so a correct sampler fails with probability < 1e-6 per check.
constexpr double kZ = 5.0;

// ------------------------------------------------------------------ without a dataset block

TEST(DatasetPlan, WithoutADatasetBlockOneEntryPerTrialAndNoOverrides) {
  const DatasetPlan plan = plan_text("name: t\ntrials: 3\n", 7, 3);
  ASSERT_EQ(plan.size(), 3u);
  for (std::uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(plan.trial(i).index, i);
    EXPECT_EQ(plan.trial(i).subject, 0u);
    EXPECT_TRUE(plan.trial(i).overrides.empty());
    EXPECT_EQ(plan.trial(i).split, "");
    EXPECT_EQ(plan.trial(i).phenotype, "");
  }
  EXPECT_TRUE(plan.split_names().empty());
  EXPECT_TRUE(plan.class_names().empty());
}

TEST(DatasetPlan, DefaultsToOneSubjectWithOneTrial) {
  const DatasetPlan plan = plan_of("{}");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_TRUE(plan.trial(0).overrides.empty());
}

// ------------------------------------------------------------------ determinism and levels

const std::string kTwoLevels =
    "subjects: 6\n"
    "trials_per_subject: 4\n"
    "vary:\n"
    "  - {path: parameters.spinal.reflex_gain, level: subject, distribution: lognormal, median: 4.0, sigma: 0.3, min: 1.0, max: 10.0}\n"
    "  - {path: 'protocol[2].load_torque', level: trial, distribution: normal, mean: 4.0, sd: 0.5, min: 2.0, max: 6.0}\n";

void expect_same(const DatasetPlan& a, const DatasetPlan& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const TrialPlan &x = a.trial(i), &y = b.trial(i);
    EXPECT_EQ(x.index, y.index);
    EXPECT_EQ(x.subject, y.subject);
    EXPECT_EQ(x.phenotype, y.phenotype);
    EXPECT_EQ(x.split, y.split);
    ASSERT_EQ(x.overrides.size(), y.overrides.size());
    for (std::size_t k = 0; k < x.overrides.size(); ++k) {
      EXPECT_EQ(x.overrides[k].path, y.overrides[k].path);
      EXPECT_EQ(x.overrides[k].value_text, y.overrides[k].value_text);
      EXPECT_EQ(x.overrides[k].origin, y.overrides[k].origin);
    }
    EXPECT_EQ(x.values, y.values);  // bit-identical doubles
  }
}

TEST(DatasetPlan, SameSeedSamePlanDifferentSeedDifferentDraws) {
  const DatasetPlan a = plan_of(kTwoLevels, 11);
  expect_same(a, plan_of(kTwoLevels, 11));
  const DatasetPlan c = plan_of(kTwoLevels, 12);
  ASSERT_EQ(c.size(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < a.trial(i).values.size(); ++k)
      EXPECT_NE(a.trial(i).values[k].second, c.trial(i).values[k].second);
}

TEST(DatasetPlan, SubjectValuesAreSharedAndTrialValuesDiffer) {
  const DatasetPlan plan = plan_of(kTwoLevels);
  ASSERT_EQ(plan.size(), 24u);
  std::set<double> subject_gains, loads;
  for (std::uint64_t s = 0; s < 6; ++s) {
    const double gain = value_of(plan.trial(s * 4), "parameters.spinal.reflex_gain");
    subject_gains.insert(gain);
    for (std::uint64_t t = 0; t < 4; ++t) {
      const TrialPlan& tp = plan.trial(s * 4 + t);
      EXPECT_EQ(tp.index, s * 4 + t);  // subjects outer, trials inner
      EXPECT_EQ(tp.subject, s);
      EXPECT_EQ(value_of(tp, "parameters.spinal.reflex_gain"), gain);
      loads.insert(value_of(tp, "protocol[2].load_torque"));
      // Origins name where the entry is written (file:line:column), its key path and the draw.
      EXPECT_EQ(tp.overrides[0].origin, "scenario.yaml:6:7 dataset.vary[0] (subject " + std::to_string(s) + ")");
      EXPECT_EQ(tp.overrides[1].origin, "scenario.yaml:7:7 dataset.vary[1] (trial " + std::to_string(tp.index) + ")");
    }
  }
  EXPECT_EQ(subject_gains.size(), 6u);
  EXPECT_EQ(loads.size(), 24u);
}

TEST(DatasetPlan, AddingATrialLevelParameterKeepsSubjectDraws) {
  const std::string one =
      "subjects: 5\ntrials_per_subject: 2\nvary:\n"
      "  - {path: a.b, level: subject, distribution: uniform, min: 0, max: 1}\n";
  const DatasetPlan a = plan_of(one);
  const DatasetPlan b = plan_of(one + "  - {path: a.c, level: trial, distribution: uniform, min: 0, max: 1}\n");
  const DatasetPlan c = plan_of("subjects: 5\ntrials_per_subject: 7\nvary:\n"
                                "  - {path: a.b, level: subject, distribution: uniform, min: 0, max: 1}\n");
  for (std::uint64_t s = 0; s < 5; ++s) {
    EXPECT_EQ(value_of(a.trial(s * 2), "a.b"), value_of(b.trial(s * 2), "a.b"));
    EXPECT_EQ(value_of(a.trial(s * 2), "a.b"), value_of(c.trial(s * 7), "a.b"));
  }
}

TEST(DatasetPlan, OverrideTextRoundTripsTheDrawnDouble) {
  const DatasetPlan plan = plan_of(kTwoLevels);
  for (const auto& t : all_trials(plan))
    for (std::size_t k = 0; k < t.overrides.size(); ++k) {
      EXPECT_EQ(t.overrides[k].path, t.values[k].first);
      EXPECT_EQ(std::strtod(t.overrides[k].value_text.c_str(), nullptr), t.values[k].second) << t.overrides[k].value_text;
    }
  // Given values keep their short form (integers stay integers for integer keys).
  const DatasetPlan given = plan_of("sweep: {labels.clonus.min_beats: [3, 12]}\n");
  EXPECT_EQ(given.trial(0).overrides[0].value_text, "3");
  EXPECT_EQ(given.trial(1).overrides[0].value_text, "12");
}

// ------------------------------------------------------------------ distributions

DatasetPlan draws(const std::string& entry) {
  return plan_of("subjects: 1\ntrials_per_subject: " + std::to_string(kDraws) + "\nvary:\n  - " + entry + "\n");
}

TEST(DatasetDistributions, Uniform) {
  const auto x = column(draws("{path: a, level: trial, distribution: uniform, min: 2, max: 5}"), "a");
  for (double v : x) {
    EXPECT_GE(v, 2.0);
    EXPECT_LE(v, 5.0);
  }
  const double sd = 3.0 / std::sqrt(12.0);
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, 3.5, kZ * sd / std::sqrt(kDraws));
  EXPECT_NEAR(m.sd, sd, kZ * sd / std::sqrt(2.0 * kDraws) * 1.5);  // uniform kurtosis < normal: generous
}

TEST(DatasetDistributions, Normal) {
  const Moments m = moments(column(draws("{path: a, level: trial, distribution: normal, mean: -3, sd: 2}"), "a"));
  EXPECT_NEAR(m.mean, -3.0, kZ * 2.0 / std::sqrt(kDraws));
  EXPECT_NEAR(m.sd, 2.0, kZ * 2.0 / std::sqrt(2.0 * kDraws));
}

TEST(DatasetDistributions, LognormalMedianAndLogSpread) {
  // Subject level: one draw per subject.
  auto x = column(plan_of("subjects: " + std::to_string(kDraws) +
                     "\nvary: [{path: a, level: subject, distribution: lognormal, median: 4, sigma: 0.3}]\n"),
             "a");
  std::vector<double> logs;
  for (double v : x) {
    EXPECT_GT(v, 0.0);
    logs.push_back(std::log(v));
  }
  const Moments m = moments(logs);
  EXPECT_NEAR(m.mean, std::log(4.0), kZ * 0.3 / std::sqrt(kDraws));
  EXPECT_NEAR(m.sd, 0.3, kZ * 0.3 / std::sqrt(2.0 * kDraws));
  std::nth_element(x.begin(), x.begin() + kDraws / 2, x.end());
  // The sample median's SD is 1/(2 f(m) sqrt(n)); for the lognormal f(m) = 1/(m sigma sqrt(2 pi)).
  EXPECT_NEAR(x[kDraws / 2], 4.0, kZ * 4.0 * 0.3 * std::sqrt(2.0 * std::numbers::pi) / (2.0 * std::sqrt(kDraws)));
}

// Mean and SD of N(mu, sd) truncated to [lo, hi].
Moments truncated_normal(double mu, double sd, double lo, double hi) {
  const double a = (lo - mu) / sd, b = (hi - mu) / sd, z = Phi(b) - Phi(a);
  const double mean_z = (phi(a) - phi(b)) / z;
  const double var_z = 1.0 + (a * phi(a) - b * phi(b)) / z - mean_z * mean_z;
  return {mu + sd * mean_z, sd * std::sqrt(var_z)};
}

TEST(DatasetDistributions, TruncatedNormalStaysInBoundsWithTheRightMoments) {
  struct Case {
    double mu, sd, lo, hi;
  };
  for (const Case c : {Case{4.0, 0.5, 3.5, 6.0}, Case{0.0, 1.0, 5.0, 6.0}, Case{0.0, 1.0, -7.0, -6.5}, Case{1.0, 2.0, -0.5, 0.5}}) {
    const auto f = [](double v) { return std::to_string(v); };
    const auto x = column(draws("{path: a, level: trial, distribution: normal, mean: " + f(c.mu) + ", sd: " + f(c.sd) +
                                ", min: " + f(c.lo) + ", max: " + f(c.hi) + "}"),
                          "a");
    for (double v : x) {
      ASSERT_GE(v, c.lo);
      ASSERT_LE(v, c.hi);
    }
    const Moments want = truncated_normal(c.mu, c.sd, c.lo, c.hi), got = moments(x);
    EXPECT_NEAR(got.mean, want.mean, kZ * want.sd / std::sqrt(kDraws)) << c.lo << " " << c.hi;
    EXPECT_NEAR(got.sd, want.sd, kZ * want.sd / std::sqrt(2.0 * kDraws) * 1.5) << c.lo << " " << c.hi;
  }
}

TEST(DatasetDistributions, TruncatedLognormalStaysInBounds) {
  const auto x = column(draws("{path: a, level: trial, distribution: lognormal, median: 4.0, sigma: 0.3, min: 3.0, max: 10.0}"), "a");
  const Moments want = truncated_normal(std::log(4.0), 0.3, std::log(3.0), std::log(10.0));
  std::vector<double> logs;
  for (double v : x) {
    ASSERT_GE(v, 3.0);
    ASSERT_LE(v, 10.0);
    logs.push_back(std::log(v));
  }
  EXPECT_NEAR(moments(logs).mean, want.mean, kZ * want.sd / std::sqrt(kDraws));
}

TEST(DatasetDistributions, ChoiceFrequenciesFollowTheWeights) {
  const auto x = column(draws("{path: a, level: trial, distribution: choice, values: [1, 2, 3, 4], weights: [0.5, 0.25, 0, 0.25]}"), "a");
  std::map<double, int> n;
  for (double v : x) ++n[v];
  EXPECT_EQ(n.count(3.0), 0u);  // zero weight: never drawn
  for (const auto& [value, p] : std::vector<std::pair<double, double>>{{1, 0.5}, {2, 0.25}, {4, 0.25}})
    EXPECT_NEAR(n[value] / double(kDraws), p, kZ * std::sqrt(p * (1 - p) / kDraws)) << value;
  // Without weights: equal chances.
  const auto y = column(draws("{path: a, level: trial, distribution: choice, values: [7, 8]}"), "a");
  const double sevens = static_cast<double>(std::count(y.begin(), y.end(), 7.0));
  EXPECT_NEAR(sevens / kDraws, 0.5, kZ * 0.5 / std::sqrt(kDraws));
}

TEST(DatasetDistributions, NormalQuantileInvertsTheCdf) {
  // Above the mean only moderate x: 1 - Q(x) itself loses the digits of the upper tail.
  for (double x : {-37.0, -20.0, -8.0, -3.0, -1.0, -1e-3, 0.0, 0.5, 2.0}) {
    const double p = x <= 0 ? core::normal_upper_tail(-x) : 1.0 - core::normal_upper_tail(x);
    const double tol = 1e-12 * std::max(1.0, std::abs(x));
    EXPECT_NEAR(core::normal_quantile(p), x, tol) << x;
  }
}

// ------------------------------------------------------------------ sweep, classes, splits

TEST(DatasetPlan, SweepCoversTheCartesianProductFirstKeySlowest) {
  const DatasetPlan plan = plan_of(
      "subjects: 2\ntrials_per_subject: 2\n"
      "sweep:\n"
      "  parameters.defaults.reflex.delay: [0.03, 0.04, 0.05]\n"
      "  protocol[2].load_torque: [2, 4]\n");
  ASSERT_EQ(plan.size(), 24u);
  std::set<std::pair<double, double>> seen;
  for (std::uint64_t i = 0; i < 24; ++i) {
    const TrialPlan& t = plan.trial(i);
    const std::uint64_t g = i / 4;
    EXPECT_EQ(t.index, i);
    EXPECT_EQ(t.subject, i / 2);  // global subject ids: grid point × subjects + subject
    EXPECT_EQ(value_of(t, "parameters.defaults.reflex.delay"), (std::vector<double>{0.03, 0.04, 0.05})[g / 2]);
    EXPECT_EQ(value_of(t, "protocol[2].load_torque"), (std::vector<double>{2, 4})[g % 2]);
    EXPECT_TRUE(t.overrides[0].origin.ends_with(" dataset.sweep.parameters.defaults.reflex.delay (grid point " + std::to_string(g) + ")"))
        << t.overrides[0].origin;
    EXPECT_TRUE(t.overrides[0].origin.starts_with("scenario.yaml:")) << t.overrides[0].origin;
    seen.emplace(t.values[0].second, t.values[1].second);
  }
  EXPECT_EQ(seen.size(), 6u);
}

std::map<std::uint64_t, std::string> by_subject(const DatasetPlan& plan, bool split) {
  std::map<std::uint64_t, std::string> out;
  for (const auto& t : all_trials(plan)) {
    const std::string& label = split ? t.split : t.phenotype;
    const auto [it, added] = out.emplace(t.subject, label);
    EXPECT_EQ(it->second, label) << "subject " << t.subject << " has trials in two " << (split ? "splits" : "classes");
  }
  return out;
}

std::map<std::string, int> tally(const std::map<std::uint64_t, std::string>& labels) {
  std::map<std::string, int> n;
  for (const auto& [s, l] : labels) ++n[l];
  return n;
}

TEST(DatasetPlan, ClassCountsFollowTheLargestRemainderAndSetValues) {
  const DatasetPlan plan = plan_of(
      "subjects: 7\ntrials_per_subject: 3\n"
      "classes:\n"
      "  healthy: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 1.0}}\n"
      "  clonus: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 6.0}}\n"
      "  none: {proportion: 0}\n");
  EXPECT_EQ(plan.class_names(), (std::vector<std::string>{"healthy", "clonus", "none"}));
  const auto labels = by_subject(plan, false);
  EXPECT_EQ(tally(labels), (std::map<std::string, int>{{"healthy", 4}, {"clonus", 3}}));  // tie → first
  for (const auto& t : all_trials(plan)) {
    EXPECT_EQ(value_of(t, "parameters.spinal.reflex_gain"), t.phenotype == "healthy" ? 1.0 : 6.0);
    EXPECT_TRUE(t.overrides[0].origin.ends_with(" dataset.classes." + t.phenotype + ".set.parameters.spinal.reflex_gain (subject " +
                                                std::to_string(t.subject) + ")"))
        << t.overrides[0].origin;
  }
  // 30 / 50 / 20 of 9: quotas 2.7 / 4.5 / 1.8 → floors 2 / 4 / 1, the two spare go to .8 and .7.
  const auto three = tally(by_subject(plan_of("subjects: 9\nclasses: {a: {proportion: 0.3}, b: {proportion: 0.5}, c: {proportion: 0.2}}\n"), false));
  EXPECT_EQ(three, (std::map<std::string, int>{{"a", 3}, {"b", 4}, {"c", 2}}));
}

TEST(DatasetPlan, ClassTagsReachEveryTrialOfTheClassAndThePlanListsThemOnce) {
  const DatasetPlan plan = plan_of(
      "subjects: 6\n"
      "classes:\n"
      "  a: {proportion: 0.5, tags: [near_threshold, lookalike_2]}\n"
      "  b: {proportion: 0.25, tags: [lookalike_2, mixed]}\n"
      "  c: {proportion: 0.25}\n");
  EXPECT_EQ(plan.tag_names(), (std::vector<std::string>{"near_threshold", "lookalike_2", "mixed"}));
  for (const auto& t : all_trials(plan)) {
    const std::vector<std::string> expected = t.phenotype == "a"   ? std::vector<std::string>{"near_threshold", "lookalike_2"}
                                              : t.phenotype == "b" ? std::vector<std::string>{"lookalike_2", "mixed"}
                                                                   : std::vector<std::string>{};
    EXPECT_EQ(t.tags, expected) << t.phenotype;
  }
  EXPECT_TRUE(plan_of("subjects: 2\nclasses: {a: {proportion: 1}}\n").tag_names().empty());
}

TEST(DatasetPlan, ClassVaryEntriesAreDrawnOnlyForThatClassesSubjects) {
  const DatasetPlan plan = plan_of(
      "subjects: 8\ntrials_per_subject: 2\n"
      "classes:\n"
      "  low: {proportion: 0.5, vary: [{path: g, level: subject, distribution: uniform, min: 0.2, max: 0.6}]}\n"
      "  high: {proportion: 0.5, vary: [{path: g, level: subject, distribution: uniform, min: 1.3, max: 2.5},\n"
      "                                 {path: h, level: trial, distribution: uniform, min: 0, max: 1}]}\n"
      "vary:\n  - {path: v, level: trial, distribution: uniform, min: 0, max: 1}\n");
  std::map<std::uint64_t, double> g_of_subject;
  for (const auto& t : all_trials(plan)) {
    const double g = value_of(t, "g");
    EXPECT_EQ(t.phenotype == "low" ? (g >= 0.2 && g <= 0.6) : (g >= 1.3 && g <= 2.5), true) << t.phenotype << " " << g;
    const bool has_h = std::any_of(t.values.begin(), t.values.end(), [](const auto& pv) { return pv.first == "h"; });
    EXPECT_EQ(has_h, t.phenotype == "high");
    EXPECT_TRUE(std::isfinite(value_of(t, "v")));
    const auto [it, fresh] = g_of_subject.emplace(t.subject, g);
    if (!fresh) {
      EXPECT_EQ(it->second, g) << "a subject-level class draw is shared by the subject's trials";
    }
  }
  // Class entries come after the global ones, so adding them leaves the global draws alone.
  const DatasetPlan without = plan_of("subjects: 8\ntrials_per_subject: 2\nclasses: {low: {proportion: 0.5}, high: {proportion: 0.5}}\n"
                                      "vary:\n  - {path: v, level: trial, distribution: uniform, min: 0, max: 1}\n");
  for (std::uint64_t i = 0; i < plan.size(); ++i) EXPECT_EQ(value_of(plan.trial(i), "v"), value_of(without.trial(i), "v"));
}

TEST(DatasetPlan, RelativeToCriticalGainIsLeftForTheRunToResolve) {
  const DatasetPlan plan = plan_of(
      "subjects: 4\n"
      "vary:\n  - {path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 0.6, max: 2.5, relative_to: critical_gain}\n");
  EXPECT_TRUE(plan.has_relative());
  EXPECT_EQ(plan.value_paths(), (std::vector<std::string>{"parameters.spinal.reflex_gain"}));
  for (const auto& t : all_trials(plan)) {
    EXPECT_TRUE(t.overrides.empty()) << "the absolute gain is not known to the plan";
    ASSERT_EQ(t.relative.size(), 1u);
    EXPECT_EQ(t.relative[0].path, "parameters.spinal.reflex_gain");
    EXPECT_GE(t.relative[0].ratio, 0.6);
    EXPECT_LE(t.relative[0].ratio, 2.5);
    EXPECT_EQ(t.relative[0].origin, "scenario.yaml:5:7 dataset.vary[0] (subject " + std::to_string(t.subject) + ")");
  }
  EXPECT_FALSE(plan_of("subjects: 2\n").has_relative());
}

TEST(DatasetPlan, ValuePathsListEverySetPathInFirstSeenOrder) {
  // The classes set different paths; a class first met after trial 0 adds its paths at the end.
  const std::string block =
      "subjects: 6\ntrials_per_subject: 2\nsweep: {s: [1, 2]}\n"
      "classes: {x: {proportion: 0.5, set: {c.x: 1}}, y: {proportion: 0.5, set: {c.y: 2}}}\n"
      "vary:\n  - {path: v, level: trial, distribution: uniform, min: 0, max: 1}\n";
  std::set<std::string> first_class;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const DatasetPlan plan = plan_of(block, seed);
    std::vector<std::string> expected;
    for (const auto& t : all_trials(plan))
      for (const auto& [path, v] : t.values)
        if (std::find(expected.begin(), expected.end(), path) == expected.end()) expected.push_back(path);
    EXPECT_EQ(plan.value_paths(), expected) << "seed " << seed;
    first_class.insert(plan.trial(0).phenotype);
  }
  EXPECT_EQ(first_class.size(), 2u) << "the seeds should give trial 0 either class";
  EXPECT_EQ(plan_text("name: t\ntrials: 2\n", 1, 2).value_paths().size(), 0u);
}

TEST(DatasetPlan, TrialsDoNotDependOnTheOrderTheyAreDerivedIn) {
  const DatasetPlan plan = plan_of(kTwoLevels);
  const auto forward = all_trials(plan);
  for (std::uint64_t i = plan.size(); i-- > 0;) {
    const TrialPlan t = plan.trial(i);
    EXPECT_EQ(t.index, forward[i].index);
    EXPECT_EQ(t.values, forward[i].values);
  }
}

TEST(DatasetPlan, ClassesAreAssignedPerGridPointAndShuffledBySeed) {
  const std::string block =
      "subjects: 10\nsweep: {a: [1, 2, 3]}\nclasses: {x: {proportion: 0.3}, y: {proportion: 0.7}}\n";
  const DatasetPlan plan = plan_of(block);
  const auto labels = by_subject(plan, false);
  for (std::uint64_t g = 0; g < 3; ++g) {
    int x = 0;
    for (std::uint64_t s = 0; s < 10; ++s) x += labels.at(g * 10 + s) == "x";
    EXPECT_EQ(x, 3);
  }
  bool differs = false;
  for (std::uint64_t seed = 2; seed < 6; ++seed) differs |= by_subject(plan_of(block, seed), false) != labels;
  EXPECT_TRUE(differs);
}

TEST(DatasetPlan, SplitsAreExactPerSubjectAndStratifiedByClass) {
  const DatasetPlan plan = plan_of(
      "subjects: 20\ntrials_per_subject: 3\n"
      "splits: {train: 0.7, validation: 0.15, test: 0.15}\n");
  EXPECT_EQ(plan.split_names(), (std::vector<std::string>{"train", "validation", "test"}));
  EXPECT_EQ(tally(by_subject(plan, true)), (std::map<std::string, int>{{"train", 14}, {"validation", 3}, {"test", 3}}));

  const DatasetPlan strat = plan_of(
      "subjects: 20\n"
      "classes: {a: {proportion: 0.5}, b: {proportion: 0.5}}\n"
      "splits: {train: 0.5, test: 0.5}\n");
  std::map<std::pair<std::string, std::string>, int> cells;
  for (const auto& t : all_trials(strat)) ++cells[{t.phenotype, t.split}];
  for (const auto& [cell, n] : cells) EXPECT_EQ(n, 5) << cell.first << "/" << cell.second;
  EXPECT_EQ(cells.size(), 4u);
}

// ------------------------------------------------------------------ errors

struct Expected {
  std::string block;
  std::string key_path;
  int line;
  std::string detail;
};

void expect_error(const Expected& e) {
  const InputError err = error_of([&] { plan_of(e.block); });
  EXPECT_EQ(err.where().file, "scenario.yaml") << e.block;
  EXPECT_EQ(err.key_path(), e.key_path) << e.block;
  EXPECT_EQ(err.where().line, e.line) << e.block;
  EXPECT_TRUE(Contains(err.detail(), e.detail)) << e.block;
}

const std::string kVary = "vary:\n  - ";  // the entry is on line 4

TEST(DatasetPlanErrors, VaryEntries) {
  const std::vector<Expected> cases = {
      {kVary + "{path: a, level: subject, distribution: gamma, min: 1, max: 2}", "dataset.vary[0].distribution", 4, "gamma"},
      {kVary + "{path: a, level: subject, distribution: normal, mean: 1}", "dataset.vary[0].sd", 4, "missing required key 'sd'"},
      {kVary + "{level: subject, distribution: uniform, min: 1, max: 2}", "dataset.vary[0].path", 4, "missing required key 'path'"},
      {kVary + "{path: a, level: subject, distribution: normal, mean: 1, sd: 0}", "dataset.vary[0].sd", 4, "must be > 0"},
      {kVary + "{path: a, level: subject, distribution: lognormal, median: 1, sigma: -1}", "dataset.vary[0].sigma", 4, "must be > 0"},
      {kVary + "{path: a, level: subject, distribution: lognormal, median: 0, sigma: 1}", "dataset.vary[0].median", 4, "must be > 0"},
      {kVary + "{path: a, level: subject, distribution: lognormal, median: 1, sigma: 1, min: 0}", "dataset.vary[0].min", 4, "must be > 0"},
      {kVary + "{path: a, level: subject, distribution: uniform, min: 2, max: 2}", "dataset.vary[0].max", 4, "greater than min"},
      {kVary + "{path: a, level: subject, distribution: normal, mean: 0, sd: 1, min: 3, max: 1}", "dataset.vary[0].max", 4, "greater than min"},
      {kVary + "{path: a, level: subject, distribution: normal, mean: 4, sd: 0.5, min: 40, max: 41}", "dataset.vary[0].min", 4, "effectively none"},
      {kVary + "{path: a, level: subject, distribution: normal, mean: 4, sd: 0.5, max: -30}", "dataset.vary[0].max", 4, "effectively none"},
      {kVary + "{path: a, level: subject, distribution: lognormal, median: 4, sigma: 0.1, min: 1000}", "dataset.vary[0].min", 4, "effectively none"},
      {kVary + "{path: a, level: subject, distribution: choice, values: [1, 2], weights: [1, -1]}", "dataset.vary[0].weights[1]", 4, "must be a number >= 0"},
      {kVary + "{path: a, level: subject, distribution: choice, values: [1, 2], weights: [1]}", "dataset.vary[0].weights", 4, "2 weights"},
      {kVary + "{path: a, level: subject, distribution: choice, values: [1, 2], weights: [0, 0]}", "dataset.vary[0].weights", 4, "positive"},
      {kVary + "{path: a, level: subject, distribution: choice, values: []}", "dataset.vary[0].values", 4, "non-empty"},
      {kVary + "{path: a, level: subject, distribution: choice, values: [1, x]}", "dataset.vary[0].values[1]", 4, "'x'"},
      {kVary + "{path: a, level: visit, distribution: uniform, min: 1, max: 2}", "dataset.vary[0].level", 4, "visit"},
      {kVary + "{path: a, distribution: uniform, min: 1, max: 2}", "dataset.vary[0].level", 4, "missing required key 'level'"},
      {kVary + "{path: a, level: trial, distribution: uniform, min: 1, max: 2, sd: 3}", "dataset.vary[0].sd", 4, "unknown key 'sd'"},
      {kVary + "{path: 'a..b', level: trial, distribution: uniform, min: 1, max: 2}", "dataset.vary[0].path", 4, "empty segment"},
      {kVary + "{path: seed, level: trial, distribution: uniform, min: 1, max: 2}", "dataset.vary[0].path", 4, "cannot be varied"},
      {kVary + "{path: a, level: trial, distribution: uniform, min: 1, max: 2}\n  - {path: a, level: subject, distribution: uniform, min: 1, max: 2}",
       "dataset.vary[1].path", 5, "also set by dataset.vary[0]"},
      {kVary + "{path: 'protocol[2]', level: trial, distribution: uniform, min: 1, max: 2}\n  - {path: protocol.2.load_torque, level: subject, distribution: uniform, min: 1, max: 2}",
       "dataset.vary[1].path", 5, "overlaps 'protocol[2]'"},
      {"vary: {path: a}", "dataset.vary", 3, "expected a list"},
      {kVary + "{path: a, level: subject, distribution: uniform, min: 1, max: 2, relative_to: critical_gain}", "dataset.vary[0].relative_to", 4,
       "only parameters.spinal.reflex_gain"},
      {kVary + "{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: 1, max: 2, relative_to: delay}",
       "dataset.vary[0].relative_to", 4, "critical_gain"},
      {kVary + "{path: parameters.spinal.reflex_gain, level: subject, distribution: uniform, min: -1, max: 2, relative_to: critical_gain}",
       "dataset.vary[0].min", 4, ""},
      {"classes: {a: {proportion: 1, set: {x: 1}, vary: [{path: x, level: subject, distribution: uniform, min: 1, max: 2}]}}",
       "dataset.classes.a.vary[0].path", 3, "also set by dataset.classes.a.set.x"},
      {"classes: {a: {proportion: 1, vary: {path: x}}}", "dataset.classes.a.vary", 3, "expected a list"},
  };
  for (const auto& c : cases) expect_error(c);
}

TEST(DatasetPlanErrors, CountsSweepClassesAndSplits) {
  const std::vector<Expected> cases = {
      {"subjects: 0", "dataset.subjects", 3, "must be"},
      {"trials_per_subject: -2", "dataset.trials_per_subject", 3, "must be"},
      {"subjects: 20000000", "dataset.subjects", 3, "must be"},
      {"subjects: 10000\ntrials_per_subject: 1001", "dataset", 3, "at most 10000000 trials"},
      {"subjects: 1000\nsweep: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}\ntrials_per_subject: 1000", "dataset", 3, "at most 10000000 trials"},
      {"subject: 3", "dataset.subject", 3, "did you mean 'subjects'"},
      {"sweep:\n  a.b: []", "dataset.sweep.a.b", 4, "non-empty list"},
      {"sweep: {}", "dataset.sweep", 3, "expected a map"},
      {"sweep:\n  a.b: [1, 2]\nvary:\n  - {path: a.b, level: trial, distribution: uniform, min: 1, max: 2}", "dataset.sweep.a.b", 4,
       "also set by dataset.vary[0]"},
      {"sweep:\n  a.b: [1, 2]\nclasses:\n  x: {proportion: 1, set: {a.b: 3}}", "dataset.classes.x.set.a.b", 6, "also set by dataset.sweep"},
      {"classes:\n  x: {proportion: -0.5}\n  y: {proportion: 1.5}", "dataset.classes.x.proportion", 4, "must be a number in [0, 1]"},
      {"classes:\n  x: {proportion: 0.5}\n  y: {proportion: 0.4}", "dataset.classes", 4, "sum to 0.9"},
      {"classes:\n  x: {proportion: 0.5, colour: red}\n  y: {proportion: 0.5}", "dataset.classes.x.colour", 4, "unknown key 'colour'"},
      {"subjects: 3\nclasses:\n  x: {proportion: 0.9}\n  y: {proportion: 0.1}", "dataset.classes.y", 6, "would get no subjects"},
      {"subjects: 3\nsplits: {train: 0.9, test: 0.1}", "dataset.splits.test", 4, "would get no subjects"},
      {"splits: {train: 0.9, test: 0}", "dataset.splits.test", 3, "must be a number in (0, 1]"},
      {"classes:\n  x: {proportion: 1, tags: [Near threshold]}", "dataset.classes.x.tags[0]", 4, "is not a tag name"},
      {"classes:\n  x: {proportion: 1, tags: [a, a]}", "dataset.classes.x.tags[1]", 4, "listed twice"},
      {"classes:\n  x: {proportion: 1, tags: near}", "dataset.classes.x.tags", 4, "expected a list of tag names"},
      {"subjects: 10\nsplits:\n  train: 0.7\n  test: 0.2", "dataset.splits", 5, "sum to 0.9"},
  };
  for (const auto& c : cases) expect_error(c);
}

TEST(DatasetPlanErrors, ProportionsWithinTheToleranceAreAccepted) {
  EXPECT_NO_THROW(plan_of("subjects: 3\nsplits: {a: 0.3333333333, b: 0.3333333333, c: 0.3333333334}\n"));
  expect_error({"subjects: 3\nsplits: {a: 0.333333, b: 0.333333, c: 0.333333}", "dataset.splits", 4, "must sum to 1"});
}

TEST(DatasetPlanErrors, TrialsKeyBesideADatasetIsAmbiguous) {
  const InputError e = error_of([] { plan_text("name: t\ntrials: 4\ndataset: {subjects: 2}\n"); });
  EXPECT_EQ(e.key_path(), "trials");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_TRUE(Contains(e.detail(), "trials_per_subject"));
}

// ------------------------------------------------------------------ end to end with the loader

const std::string kDatasetBlock =
    "dataset:\n"
    "  subjects: 3\n"
    "  trials_per_subject: 2\n"
    "  vary:\n"
    "    - {path: parameters.spinal.reflex_gain, level: subject, distribution: lognormal, median: 4.0, sigma: 0.3, min: 1.0, max: 10.0}\n"
    "    - {path: 'protocol[2].load_torque', level: trial, distribution: normal, mean: 4.0, sd: 0.5, min: 2.0, max: 6.0}\n"
    "  sweep:\n"
    "    parameters.defaults.reflex.delay: [0.035, 0.045]\n"
    "  splits: {train: 0.67, test: 0.33}\n";

class TempScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nmsim-dataset-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    std::ifstream in(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml");
    std::stringstream text;
    text << in.rdbuf();
    file_ = dir_ / "clonus_dataset.yaml";
    std::ofstream(file_) << text.str() << kDatasetBlock;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  DatasetPlan plan() const {
    const config::Document doc = config::Document::load_file(file_);
    return plan_dataset(doc.root(), 1, 1);
  }

  static void expect_applied(const Scenario& s, const TrialPlan& t) {
    EXPECT_EQ(s.model.physiology.spinal.reflex_gain, value_of(t, "parameters.spinal.reflex_gain"));
    EXPECT_EQ(s.protocol.at(2).load_torque_Nm, value_of(t, "protocol[2].load_torque"));
    for (const auto& m : s.model.physiology.muscles)
      EXPECT_EQ(m.reflex.delay_s, value_of(t, "parameters.defaults.reflex.delay"));
  }

  std::filesystem::path dir_, file_;
};

// Works today: the plan's overrides are applied to the stock scenario (no dataset block there).
TEST_F(TempScenario, EveryPlannedTrialLoadsWithTheStockScenario) {
  const DatasetPlan p = plan();
  ASSERT_EQ(p.size(), 12u);
  for (const auto& t : all_trials(p)) {
    const Scenario s = load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", t.overrides, t.index);
    expect_applied(s, t);
  }
}

// Needs load_scenario to accept the top-level `dataset` key.
TEST_F(TempScenario, APlannedTrialLoadsFromTheScenarioThatHoldsTheDataset) {
  const DatasetPlan p = plan();
  for (const auto& t : {p.trial(0), p.trial(p.size() - 1)}) {
    const Scenario s = load_scenario(file_, t.overrides, t.index, {NMSIM_SOURCE_DIR "/models"});
    expect_applied(s, t);
  }
}

// A drawn value the loader rejects is reported at the plan entry that produced it.
TEST_F(TempScenario, TheLoaderNamesThePlanEntryOfARejectedValue) {
  const std::vector<config::Override> bad{{"protocol[2].load_torque", "500", "dataset.vary[1] (trial 3)"}};
  const InputError e = error_of([&] { load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", bad); });
  EXPECT_EQ(e.where().file, "dataset.vary[1] (trial 3)");
  EXPECT_EQ(e.key_path(), "protocol[2].load_torque");
}

// The example in docs/datasets.md, appended to the stock scenario, plans and loads.
TEST_F(TempScenario, DocsExampleLoads) {
  std::ifstream in(NMSIM_SOURCE_DIR "/docs/datasets.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string md = doc.str();
  const std::size_t start = md.find("```yaml\ndataset:");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = md.find("```\n", start + 8);
  std::ifstream base(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml");
  std::stringstream text;
  text << base.rdbuf();
  std::ofstream(file_) << text.str() << md.substr(start + 8, end - start - 8);

  const DatasetPlan p = plan();
  ASSERT_EQ(p.size(), 200u);
  EXPECT_EQ(p.class_names(), (std::vector<std::string>{"healthy", "clonus"}));
  EXPECT_EQ(tally(by_subject(p, true)), (std::map<std::string, int>{{"train", 28}, {"validation", 6}, {"test", 6}}));
  for (const auto& t : {p.trial(0), p.trial(117), p.trial(p.size() - 1)}) {
    const Scenario s = load_scenario(file_, t.overrides, t.index, {NMSIM_SOURCE_DIR "/models"});
    EXPECT_EQ(s.model.physiology.spinal.reflex_gain, t.phenotype == "healthy" ? 1.0 : 6.0);
    EXPECT_EQ(s.protocol.at(1).target_speed_rad_s, value_of(t, "protocol[1].target_speed"));
    EXPECT_EQ(s.signals.emg.noise_rms_v, value_of(t, "signals.emg.noise_rms"));
    EXPECT_EQ(s.model.physiology.joint.inertia_kg_m2, value_of(t, "parameters.joint.inertia"));
  }
}

}  // namespace
}  // namespace nmsim::scenario
