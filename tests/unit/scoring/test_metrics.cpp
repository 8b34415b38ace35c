// Confusion figures, agreement and curves against values computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "scoring/curves.hpp"
#include "scoring/metrics.hpp"
#include "scoring/strata.hpp"

namespace nmsim::scoring {
namespace {

TEST(Confusion, KnownValues) {
  const Confusion c{90, 10, 30, 870};
  EXPECT_DOUBLE_EQ(c.precision(), 0.9);
  EXPECT_DOUBLE_EQ(c.recall(), 0.75);
  EXPECT_NEAR(c.f1(), 2 * 0.9 * 0.75 / 1.65, 1e-12);
  // MCC = (90*870 - 10*30) / sqrt(100*120*880*900)
  EXPECT_NEAR(c.mcc(), (90.0 * 870 - 300) / std::sqrt(100.0 * 120 * 880 * 900), 1e-12);
  EXPECT_TRUE(std::isnan(Confusion{}.precision()));
}

TEST(PairSums, IdenticalValuesAgreePerfectly) {
  PairSums p;
  for (double x : {4.0, 5.5, 6.2, 7.0}) p.add(x, x);
  EXPECT_DOUBLE_EQ(p.mae(), 0.0);
  EXPECT_NEAR(p.icc(), 1.0, 1e-12);
  EXPECT_NEAR(p.pearson(), 1.0, 1e-12);
}

TEST(PairSums, IccAgainstAHandComputedExample) {
  // x = 1,2,3,4 and y = x + 1: a constant bias lowers absolute agreement.
  // Rows: means 1.5..4.5, MSR = 2*var(row means)*(n-1)/(n-1) = 2*1.6667 = 3.3333,
  // MSC = 4*((2.5-3)^2 + (3.5-3)^2) = 2, MSE = 0 -> ICC(A,1) = 3.3333 / (3.3333 + 2*2/4) = 0.76923.
  PairSums p;
  for (double x : {1.0, 2.0, 3.0, 4.0}) p.add(x, x + 1.0);
  EXPECT_DOUBLE_EQ(p.bias(), 1.0);
  EXPECT_NEAR(p.icc(), (10.0 / 3.0) / (10.0 / 3.0 + 1.0), 1e-12);
}

TEST(ScoreCounts, PerfectRankingHasUnitAreas) {
  ScoreCounts s;
  s.add(0.9, 10, 0);
  s.add(0.8, 5, 0);
  s.add(0.2, 0, 20);
  s.add(NAN, 0, 100);
  EXPECT_DOUBLE_EQ(s.auroc(), 1.0);
  EXPECT_DOUBLE_EQ(s.average_precision(), 1.0);
}

TEST(ScoreCounts, KnownAreas) {
  // Scores: 0.9 (pos), 0.7 (neg), 0.5 (pos), 0.3 (neg). AUROC = 3/4; AP = 1/2*1 + 1/2*2/3.
  ScoreCounts s;
  s.add(0.9, 1, 0);
  s.add(0.7, 0, 1);
  s.add(0.5, 1, 0);
  s.add(0.3, 0, 1);
  EXPECT_DOUBLE_EQ(s.auroc(), 0.75);
  EXPECT_NEAR(s.average_precision(), 0.5 + 0.5 * 2.0 / 3.0, 1e-12);
}

TEST(ScoreCounts, UndetectedPositivesCountAsLowestTies) {
  ScoreCounts s;
  s.add(0.9, 1, 0);
  s.add(NAN, 1, 1);  // one positive and one negative never detected
  // ROC: (0, 0.5) then (1, 1): area = 0.5 * (0.5 + 1) / 2 + ... = 0.75
  EXPECT_DOUBLE_EQ(s.auroc(), 0.75);
  EXPECT_DOUBLE_EQ(s.average_precision(), 0.5);
}

TEST(Strata, TextNumbersAndBins) {
  const auto t = stratify_text("phenotype", {"b", "a", "", "b"});
  ASSERT_EQ(t.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.of_row, (std::vector<int>{1, 0, -1, 1}));
  const auto few = stratify_numbers("grade", {1, 2, 2, -1}, true, {});
  EXPECT_EQ(few.names, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(few.of_row[3], -1);
  const auto ratio = stratify_numbers("critical_gain_ratio", {0.5, 1.0, 1.1, 3.0, NAN, 0.96, 0.97, 2.5},
                                      false, default_bin_edges());
  EXPECT_EQ(ratio.names.front(), "[-inf, 0.8)");
  EXPECT_EQ(ratio.names.back(), "[2, inf)");
  EXPECT_EQ(ratio.of_row[4], -1);
  EXPECT_EQ(ratio.of_row[1], ratio.of_row[5]);  // 1.0 and 0.96 share [0.95, 1.05)
  std::vector<double> many;
  for (int i = 0; i < 100; ++i) many.push_back(i);
  const auto q = stratify_numbers("something", many, false, {});
  EXPECT_EQ(q.names.size(), 4u);  // quartiles
}

}  // namespace
}  // namespace nmsim::scoring
