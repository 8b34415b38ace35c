// Trial selection for scoring: conditions on /index columns, splits, and what is bad input.
#include "pipeline/trial_selection.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace nmsim::pipeline {
namespace {

ColumnTable index_table() {
  ColumnTable t;
  t.add("trial", std::vector<std::int64_t>{10, 11, 12, 13});
  t.add("split", std::vector<std::string>{"train", "test", "train", "test"});
  t.add("gain_ratio", std::vector<double>{0.5, 1.0, 1.5, 2.0});
  return t;
}

std::vector<std::uint64_t> pick(const std::vector<std::string>& where, const std::string& split = "") {
  std::vector<TrialCondition> c;
  for (const auto& w : where) c.push_back(parse_trial_condition(w, "--where"));
  // Trial 14 is written but not indexed: a condition never selects it.
  return select_trials({10, 11, 12, 13, 14}, index_table(), split, c);
}

TEST(TrialSelection, EveryOperatorComparesAsWritten) {
  using V = std::vector<std::uint64_t>;
  EXPECT_EQ(pick({}), (V{10, 11, 12, 13, 14}));
  EXPECT_EQ(pick({"gain_ratio>=1.5"}), (V{12, 13}));
  EXPECT_EQ(pick({"gain_ratio>1.5"}), (V{13}));
  EXPECT_EQ(pick({"gain_ratio<=1"}), (V{10, 11}));
  EXPECT_EQ(pick({"gain_ratio<1"}), (V{10}));
  EXPECT_EQ(pick({"gain_ratio=1.0"}), (V{11}));
  EXPECT_EQ(pick({"gain_ratio!=1e0"}), (V{10, 12, 13}));
  EXPECT_EQ(pick({"split=test"}), (V{11, 13}));
  EXPECT_EQ(pick({"split!=test", "gain_ratio>1"}), (V{12}));
  EXPECT_EQ(pick({"gain_ratio>1"}, "test"), (V{13}));
  EXPECT_EQ(pick({"trial<12"}), (V{10, 11}));
}

TEST(TrialSelection, ParsesTheLongestOperatorAndKeepsTheText) {
  const TrialCondition c = parse_trial_condition("gain_ratio>=1.5", "--where");
  EXPECT_EQ(c.column, "gain_ratio");
  EXPECT_EQ(c.op, TrialCondition::Op::GreaterEqual);
  EXPECT_EQ(c.value, "1.5");
  EXPECT_EQ(c.text, "gain_ratio>=1.5");
  EXPECT_EQ(parse_trial_condition("a!=b", "--where").op, TrialCondition::Op::NotEqual);
  EXPECT_EQ(parse_trial_condition("a<=-2", "--where").value, "-2");
}

TEST(TrialSelection, MalformedConditionsAndUnknownNamesAreInputErrors) {
  for (const char* text : {"", "gain_ratio", ">=1", "gain_ratio>=", "gain_ratio!1"})
    EXPECT_THROW(parse_trial_condition(text, "--where"), InputError) << text;
  EXPECT_THROW(pick({"ratio>1"}), InputError);
  EXPECT_THROW(pick({"gain_ratio>x"}), InputError);
  EXPECT_THROW(pick({"gain_ratio>1e999"}), InputError);
  EXPECT_THROW(pick({"gain_ratio>nan"}), InputError);
  EXPECT_THROW(pick({"split>test"}), InputError);
  EXPECT_THROW(pick({}, "validation"), InputError);
  try {
    pick({"ratio>1"});
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "--where");
    EXPECT_NE(e.detail().find("columns: trial, split, gain_ratio"), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace nmsim::pipeline
