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
           "a: \"x\",\"y\"\n"}) {
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
  // Found by fuzzing --set values: yaml-cpp runs out of memory on `"a","`.
  const auto u = find_unclosed_flow("\"a\",\"");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->bracket, '"');
  EXPECT_EQ(u->line, 0u);
  EXPECT_EQ(u->column, 4u);
  const auto v = find_unclosed_flow("a: [1, 'two\nb: 3\n");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->bracket, '\'');
  EXPECT_EQ(v->column, 7u);
}

}  // namespace
}  // namespace nmsim::config::detail
