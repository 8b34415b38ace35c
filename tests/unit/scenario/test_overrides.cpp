#include "input_error_matchers.hpp"
#include "scenario/overrides.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace nmsim::config {
namespace {

using nmsim::testing::Contains;
using nmsim::testing::error_of;

Document load(const std::string& text, const std::string& name = "scenario.yaml") {
  return Document::load_string(text, name);
}

void set(Document& doc, const std::vector<std::string>& args) {
  std::vector<Override> overrides;
  for (const auto& a : args) overrides.push_back(parse_override(a));
  apply_overrides(doc, overrides);
}

const std::string kScenario =
    "duration: 10\n"
    "parameters:\n"
    "  spinal:\n"
    "    reflex_gain: 1.0\n"
    "protocol:\n"
    "  - {kind: rest, duration: 2}\n"
    "  - {kind: stretch, duration: 3}\n";

// ------------------------------------------------------------------ parse_override

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  const Override o = parse_override("parameters.spinal.reflex_gain=2.5");
  EXPECT_EQ(o.path, "parameters.spinal.reflex_gain");
  EXPECT_EQ(o.value_text, "2.5");
  EXPECT_EQ(o.origin, "--set parameters.spinal.reflex_gain=2.5");
  const Override eq = parse_override(" label = a=b");
  EXPECT_EQ(eq.path, "label");
  EXPECT_EQ(eq.value_text, " a=b");
}

TEST(ParseOverride, RejectsMissingEqualsEmptyAndMalformedPaths) {
  InputError e = error_of([] { parse_override("duration"); });
  EXPECT_TRUE(Contains(e.detail(), "no '=' found"));
  EXPECT_EQ(e.where().file, "--set duration");
  EXPECT_EQ(e.where().line, 0);
  e = error_of([] { parse_override("=3"); });
  EXPECT_TRUE(Contains(e.detail(), "path before '=' is empty"));
  e = error_of([] { parse_override("a..b=3"); });
  EXPECT_TRUE(Contains(e.detail(), "empty segment"));
  EXPECT_EQ(e.key_path(), "a..b");
  e = error_of([] { parse_override("a[x]=3"); });
  EXPECT_TRUE(Contains(e.detail(), "list index 'x' must be a whole number"));
  e = error_of([] { parse_override("a[1=3"); });
  EXPECT_TRUE(Contains(e.detail(), "malformed list index"));
  e = error_of([] { parse_override("a[1]b=3"); });
  EXPECT_TRUE(Contains(e.detail(), "malformed list index"));
}

// ------------------------------------------------------------------ apply_overrides

TEST(ApplyOverrides, ReplacesAValueAndMarksItWithTheArgument) {
  Document doc = load(kScenario);
  set(doc, {"parameters.spinal.reflex_gain=2.5", "duration=30"});
  const Node spinal = doc.root().at("parameters").at("spinal");
  EXPECT_DOUBLE_EQ(spinal.real("reflex_gain", "1", Range::positive()), 2.5);
  EXPECT_DOUBLE_EQ(doc.root().real("duration", "s", Range::positive()), 30.0);
  const SourceMark m = spinal.at("reflex_gain").mark();
  EXPECT_EQ(m.file, "--set parameters.spinal.reflex_gain=2.5");
  EXPECT_EQ(m.line, 0);
  EXPECT_EQ(m.column, 0);
  EXPECT_EQ(doc.root().at("protocol").mark().file, "scenario.yaml");  // untouched values keep theirs
  EXPECT_EQ(doc.text(), kScenario);                                    // text() is the original
}

TEST(ApplyOverrides, ErrorsAboutAnOverriddenValuePointAtTheArgument) {
  Document doc = load(kScenario);
  set(doc, {"duration=-5"});
  const InputError e = error_of([&] { doc.root().real("duration", "s", Range::positive()); });
  EXPECT_EQ(e.where().file, "--set duration=-5");
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(std::string(e.what()), "--set duration=-5: key 'duration': must be a number > 0, got -5");
}

TEST(ApplyOverrides, MalformedValuesAreLocatedErrorsNotHangs) {
  // Found by fuzzing --set: yaml-cpp 0.7's LoadAll ran out of memory on each of them.
  for (const char* arg : {"parameters.sp?a=!aer_x,fegaip", "rsname=\"q,\"\"q Xu9\",\"\"q Xu 00e9\"",
                          "name=\"q Xu 00e9\",\"\"q Xu 00e9\"", "label=\"a\",\"b\""}) {
    Document doc = load(kScenario);
    const InputError e = error_of([&] { set(doc, {arg}); });
    EXPECT_EQ(e.where().file, std::string("--set ") + arg);
    EXPECT_TRUE(Contains(e.detail(), "YAML syntax error")) << arg << ": " << e.detail();
  }
}

TEST(ApplyOverrides, CreatesMissingMapKeys) {
  Document doc = load(kScenario);
  set(doc, {"parameters.muscles.soleus.tau_act=0.02"});
  const Node soleus = doc.root().at("parameters").at("muscles").at("soleus");
  EXPECT_DOUBLE_EQ(soleus.real("tau_act", "s", Range::positive()), 0.02);
  EXPECT_EQ(soleus.mark().file, "--set parameters.muscles.soleus.tau_act=0.02");
  EXPECT_EQ(soleus.path(), "parameters.muscles.soleus");
}

TEST(ApplyOverrides, UnknownKeyFromAnOverrideIsReportedAtTheArgument) {
  Document doc = load(kScenario);
  set(doc, {"parameters.spinal.reflex_gian=3"});
  const Node spinal = doc.root().at("parameters").at("spinal");
  spinal.real("reflex_gain", "1", Range::positive());
  const InputError e = error_of([&] { spinal.finish(); });
  EXPECT_EQ(e.where().file, "--set parameters.spinal.reflex_gian=3");
  EXPECT_TRUE(Contains(e.detail(), "did you mean 'reflex_gain'?"));
}

TEST(ApplyOverrides, IndexesListsWithBracketsOrDots) {
  Document doc = load(kScenario);
  set(doc, {"protocol[1].duration=4.5", "protocol.0.kind=hold"});
  const auto items = doc.root().at("protocol").elements();
  EXPECT_DOUBLE_EQ(items[1].real("duration", "s", Range::positive()), 4.5);
  EXPECT_EQ(items[0].string("kind"), "hold");
  EXPECT_EQ(items[0].at("kind").mark().file, "--set protocol.0.kind=hold");
  EXPECT_EQ(items[0].at("duration").mark().file, "scenario.yaml");
}

TEST(ApplyOverrides, DigitKeysInMapsAreKeys) {
  Document doc = load("table:\n  1: a\n");
  set(doc, {"table.1=b"});
  EXPECT_EQ(doc.root().at("table").string("1"), "b");
}

TEST(ApplyOverrides, IndexPastTheEndIsAnError) {
  Document doc = load(kScenario);
  const InputError e = error_of([&] { set(doc, {"protocol[2].duration=1"}); });
  EXPECT_EQ(e.detail(), "index 2 is past the end of 'protocol' (2 items)");
  EXPECT_EQ(e.where().file, "--set protocol[2].duration=1");
  EXPECT_EQ(e.key_path(), "protocol[2].duration");
}

TEST(ApplyOverrides, IndexingIntoAScalarOrWrongContainerIsAnError) {
  Document doc = load(kScenario);
  InputError e = error_of([&] { set(doc, {"duration.x=1"}); });
  EXPECT_EQ(e.detail(), "cannot go into 'duration': it is '10' (at scenario.yaml:1:11), not a map or list");
  EXPECT_EQ(e.where().file, "--set duration.x=1");
  e = error_of([&] { set(doc, {"protocol.first=1"}); });
  EXPECT_EQ(e.detail(), "'protocol' is a list; use an index such as protocol[0]");
  e = error_of([&] { set(doc, {"parameters[0]=1"}); });
  EXPECT_EQ(e.detail(), "'parameters' is a map; use a key, not [0]");
}

TEST(ApplyOverrides, FlowValuesBecomeTreesWithTheOriginMark) {
  Document doc = load(kScenario);
  set(doc, {"weights=[1, 2, 3]", "parameters.spinal={reflex_gain: 4, delay: 0.03}"});
  const auto w = doc.root().at("weights").elements();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_DOUBLE_EQ(w[2].as_real("1", Range::any()), 3.0);
  EXPECT_EQ(w[2].path(), "weights[2]");
  const Node spinal = doc.root().at("parameters").at("spinal");
  EXPECT_DOUBLE_EQ(spinal.real("reflex_gain", "1", Range::any()), 4.0);
  EXPECT_EQ(spinal.at("delay").mark().file, "--set parameters.spinal={reflex_gain: 4, delay: 0.03}");
  EXPECT_EQ(spinal.size(), 2u);  // replaced, not merged
}

TEST(ApplyOverrides, BadValueSyntaxIsReportedAtTheArgument) {
  Document doc = load(kScenario);
  const InputError e = error_of([&] { set(doc, {"duration=[1, 2"}); });
  EXPECT_TRUE(Contains(e.detail(), "YAML syntax error"));
  EXPECT_EQ(e.where().file, "--set duration=[1, 2");
  EXPECT_EQ(e.key_path(), "duration");
}

TEST(ApplyOverrides, EmptyValueIsNullAndEmptyDocumentGetsAMap) {
  Document doc = load("");
  set(doc, {"a.b=", "c=7"});
  EXPECT_TRUE(doc.root().at("a").at("b").is_null());
  EXPECT_EQ(doc.root().integer("c", 0, 9), 7);
  const InputError e = error_of([&] { doc.root().at("a").real("b", "s", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a number in s, got an empty value");
  EXPECT_EQ(e.where().file, "--set a.b=");
}

// ------------------------------------------------------------------ merge

const std::string kModel =
    "muscles:\n"
    "  soleus:\n"
    "    tau_act: {value: 0.015, unit: s}\n"
    "    f_max: 3549\n"
    "spinal:\n"
    "  reflex_gain: 1.0\n"
    "  delays: [0.03, 0.04]\n";

TEST(DocumentMerge, MapsMergeRecursivelyAndKeepSourceMarks) {
  Document model = load(kModel, "model.yaml");
  const Document scenario = load(
      "duration: 5\n"
      "parameters:\n"
      "  muscles:\n"
      "    soleus:\n"
      "      f_max: 4000\n"
      "  spinal:\n"
      "    delays: [0.05]\n",
      "scenario.yaml");
  model.merge("", scenario, "parameters");
  const Node soleus = model.root().at("muscles").at("soleus");
  EXPECT_DOUBLE_EQ(soleus.real("f_max", "N", Range::positive()), 4000.0);
  EXPECT_DOUBLE_EQ(soleus.real("tau_act", "s", Range::positive()), 0.015);  // kept
  const SourceMark m = soleus.at("f_max").mark();
  EXPECT_EQ(m.file, "scenario.yaml");
  EXPECT_EQ(m.line, 5);
  EXPECT_EQ(m.column, 14);
  EXPECT_EQ(soleus.at("tau_act").mark().file, "model.yaml");
  const auto delays = model.root().at("spinal").at("delays").elements();
  ASSERT_EQ(delays.size(), 1u);  // sequences replace
  EXPECT_DOUBLE_EQ(delays[0].as_real("s", Range::positive()), 0.05);
  EXPECT_EQ(model.root().at("spinal").real("reflex_gain", "1", Range::any()), 1.0);
}

TEST(DocumentMerge, UnknownMergedKeyIsReportedAtTheScenarioLine) {
  Document model = load(kModel, "model.yaml");
  const Document scenario = load("parameters:\n  spinal:\n    reflex_gian: 2\n", "scenario.yaml");
  model.merge("", scenario, "parameters");
  const Node spinal = model.root().at("spinal");
  spinal.real("reflex_gain", "1", Range::any());
  spinal.at("delays").elements();
  const InputError e = error_of([&] { spinal.finish(); });
  EXPECT_EQ(e.where().file, "scenario.yaml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 5);
  // The key path is the one the user wrote, in the file the mark points into.
  EXPECT_EQ(e.key_path(), "parameters.spinal.reflex_gian");
}

TEST(DocumentMerge, MergedValuesKeepTheirScenarioPathInErrorsAndTheModelPathInTheLog) {
  Document model = load(kModel, "model.yaml");
  const Document scenario = load("parameters:\n  spinal:\n    reflex_gain: -2\n", "scenario.yaml");
  model.merge("", scenario, "parameters");
  const Node spinal = model.root().at("spinal");
  const InputError e = error_of([&] { spinal.real("reflex_gain", "1", Range::non_negative()); });
  EXPECT_EQ(e.key_path(), "parameters.spinal.reflex_gain");
  EXPECT_EQ(e.where().file, "scenario.yaml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_DOUBLE_EQ(spinal.real("reflex_gain", "1", Range::any()), -2.0);
  ASSERT_FALSE(model.log().entries().empty());
  EXPECT_EQ(model.log().entries().back().first, "spinal.reflex_gain");
}

TEST(DocumentMerge, SourcePathCountsAsReadAndMissingSourceIsANoOp) {
  Document model = load(kModel, "model.yaml");
  const Document scenario = load("duration: 5\nparameters:\n  spinal:\n    reflex_gain: 3\n", "scenario.yaml");
  model.merge("", scenario, "parameters");
  scenario.root().real("duration", "s", Range::positive());
  EXPECT_NO_THROW(scenario.root().finish());

  const Document bare = load("duration: 5\n", "bare.yaml");
  const std::string before = model.emit();
  model.merge("", bare, "parameters");
  EXPECT_EQ(model.emit(), before);
}

TEST(DocumentMerge, IntoASubPathCreatesIt) {
  Document target = load("a: 1\n", "t.yaml");
  const Document source = load("x:\n  y: 2\n", "s.yaml");
  target.merge("b.c", source, "x");
  EXPECT_EQ(target.root().at("b").at("c").integer("y", 0, 9), 2);
  EXPECT_EQ(target.root().at("b").at("c").at("y").mark().file, "s.yaml");
}

TEST(DocumentMerge, ScalarReplacesMap) {
  Document target = load("a:\n  b: 1\n", "t.yaml");
  const Document source = load("p:\n  a: 5\n", "s.yaml");
  target.merge("", source, "p");
  const InputError e = error_of([&] { target.root().at("a").at("b"); });
  EXPECT_EQ(e.detail(), "expected a map of key: value pairs, got '5'");
  EXPECT_EQ(e.where().file, "s.yaml");
  EXPECT_EQ(e.where().line, 2);
}

// ------------------------------------------------------------------ emit

TEST(DocumentEmit, WritesTheEffectiveTreeAndRoundTrips) {
  Document doc = load(kScenario + "name: \"quoted: text\"\nflag: \"true\"\nempty: {}\nnothing:\n");
  set(doc, {"duration=30", "parameters.spinal.extra=[1, {a: 2}]"});
  const std::string text = doc.emit();
  EXPECT_TRUE(Contains(text, "duration: 30\n"));
  EXPECT_TRUE(Contains(text, "  - kind: stretch\n    duration: 3\n"));
  EXPECT_TRUE(Contains(text, "name: \"quoted: text\"\n"));

  const Document again = load(text, "emitted.yaml");
  const Node r = again.root();
  EXPECT_DOUBLE_EQ(r.real("duration", "s", Range::positive()), 30.0);
  EXPECT_DOUBLE_EQ(r.at("parameters").at("spinal").real("reflex_gain", "1", Range::any()), 1.0);
  const auto extra = r.at("parameters").at("spinal").at("extra").elements();
  ASSERT_EQ(extra.size(), 2u);
  EXPECT_EQ(extra[1].integer("a", 0, 9), 2);
  EXPECT_EQ(r.at("protocol").elements()[1].string("kind"), "stretch");
  EXPECT_EQ(r.string("name"), "quoted: text");
  EXPECT_THROW(r.boolean("flag"), InputError);  // a quoted "true" stays text
  EXPECT_EQ(r.at("empty").size(), 0u);
  EXPECT_TRUE(r.at("nothing").is_null());
  EXPECT_EQ(again.emit(), text);  // emitting is stable
}

TEST(DocumentEmit, QuotesAwkwardKeysAndEscapes) {
  const Document doc = load("\"a key\": \"line\\nbreak\"\n\"null\": 1\n");
  const std::string text = doc.emit();
  EXPECT_EQ(text, "\"a key\": \"line\\nbreak\"\n\"null\": 1\n");
  EXPECT_EQ(load(text).root().string("a key"), "line\nbreak");
}

}  // namespace
}  // namespace nmsim::config
