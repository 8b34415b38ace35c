// LabelSummary::describe, the phenotype part of `nmsim run`'s summary: it names only what was
// labelled (a dystonia or myoclonus run is not reported as "clonus: 0 episodes").
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/label_summary.hpp"

namespace nmsim::pipeline {
namespace {

// A trial's counts as the labellers report them (a NaN frequency: no episode).
Counts trial(double episodes, double beats, double frequency, double grade, double dystonia, double jerks) {
  return {{"clonus_episodes", CountKind::total, episodes}, {"clonus_beats", CountKind::total, beats},
          {"clonus_frequency", CountKind::value, frequency}, {"clonus_grade", CountKind::highest, grade},
          {"dystonia_events", CountKind::total, dystonia},   {"myoclonic_jerks", CountKind::total, jerks}};
}

TEST(LabelSummary, NamesOnlyWhatWasLabelled) {
  LabelSummary dystonia;
  dystonia.add(trial(0, 0, NAN, 0, 3, 0));
  dystonia.add(trial(0, 0, NAN, 0, 1, 0));
  EXPECT_EQ(dystonia.describe(), "dystonia: 4 events");

  LabelSummary myoclonus;
  myoclonus.add(trial(0, 0, 0.0, 0, 0, 1));
  EXPECT_EQ(myoclonus.describe(), "myoclonus: 1 jerk");

  LabelSummary both;
  both.add(trial(0, 0, NAN, 0, 1, 2));
  EXPECT_EQ(both.describe(), "dystonia: 1 event; myoclonus: 2 jerks");

  LabelSummary nothing;
  nothing.add(trial(0, 0, NAN, 0, 0, 0));
  EXPECT_EQ(nothing.describe(), "no clonus, dystonia, myoclonus, tremor or voluntary rhythm labelled");

  LabelSummary clonus;
  clonus.add(trial(1, 4, 7.5, 1, 0, 0));
  const std::string c = clonus.describe();
  EXPECT_EQ(c.rfind("clonus: 1 episode and 4 beats in the lead muscle", 0), 0u) << c;
  EXPECT_EQ(c.find("dystonia"), std::string::npos) << c;
}

}  // namespace
}  // namespace nmsim::pipeline
