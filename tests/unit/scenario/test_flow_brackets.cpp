#include "scenario/flow_brackets.hpp"

#include <gtest/gtest.h>

namespace nmsim::config::detail {
namespace {

TEST(FlowBrackets, BalancedConfigurationTextHasNoUnclosedCollection) {
  for (const char* ok : {
           "a: {b: 1, c: [1, 2, {d: 3}]}\n",
           "sweep:\n  protocol[2].load_torque: [2, 4]\n",          // brackets inside a plain block key
           "a: 'x { y'\nb: \"p [ q \\\" }\"\nc: 'it''s {'\n",     // quoted brackets, escapes
           "a: 1 # a comment with { and [\n# { another\n",
           "d: >-\n  folded text with { and [\n  more }\ne: 2\n",  // a block scalar's content
           "list:\n  - {a: 1,\n     b: 2}\n  - [3,\n     4]\n",     // flow collections over lines
           "name: a}b\n",                                         // a plain scalar may hold '}'
           "description: Writer's cramp, [mild]\n",               // an apostrophe inside a plain scalar
           "senma: r\"q,\"\n",                                   // a quote after ',' in a plain scalar (fuzzing)
           "paa: e'mem:'ame\n",                                  // a quote after ':' in a plain scalar (fuzzing)
           "a: b['x'\n",                                         // a quote after a '[' that opens nothing
           "a: [\"x\", \"y\"]\nb: x, y]\nc: {d: 1}\n"}) {
    EXPECT_FALSE(find_unclosed_flow(ok).has_value()) << ok;
  }
}

TEST(FlowBrackets, TheOutermostUnclosedCollectionIsReportedWhereItOpens) {
  const auto u = find_unclosed_flow("a: 1\nb: {c: [1, 2], d: {e: 3}\nf: 4\n");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->line, 1u);
  EXPECT_EQ(u->column, 3u);
  EXPECT_EQ(u->bracket, '{');
  const auto v = find_unclosed_flow("- [1, 2\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->bracket, '[');
  EXPECT_EQ(v->column, 2u);
}

TEST(FlowBrackets, AQuoteNeverClosedIsReportedWhereItOpens) {
  const auto u = find_unclosed_flow("a: \"x\"\nname: \"abc\n");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->bracket, '"');
  EXPECT_FALSE(u->stray);
  EXPECT_EQ(u->line, 1u);
  EXPECT_EQ(u->column, 6u);
  // Found by fuzzing --set values (yaml-cpp runs out of memory on `"a","`): the comma comes first.
  const auto w = find_unclosed_flow("\"a\",\"");
  ASSERT_TRUE(w.has_value());
  EXPECT_TRUE(w->stray);
  EXPECT_EQ(w->column, 3u);
  const auto v = find_unclosed_flow("a: [1, 'two\nb: 3\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->bracket, '\'');
  EXPECT_EQ(v->column, 7u);
}

TEST(FlowBrackets, AFlowIndicatorOutsideAnyFlowCollectionIsReported) {
  // Both found by fuzzing: yaml-cpp runs out of memory on them.
  const auto u = find_unclosed_flow("\"q\",\"\" q\"");  // a --set value
  ASSERT_TRUE(u.has_value());
  EXPECT_TRUE(u->stray);
  EXPECT_EQ(u->bracket, ',');
  EXPECT_EQ(u->column, 3u);
  const auto v = find_unclosed_flow("a:\n  b: 1\n   , c: 0.1}\n");  // a mutated scenario
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->stray);
  EXPECT_EQ(v->line, 2u);
  EXPECT_EQ(v->column, 3u);
}

}  // namespace
}  // namespace nmsim::config::detail
