#include "input_error_matchers.hpp"
#include "scenario/config_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace nmsim::config {
namespace {

using nmsim::testing::Contains;
using nmsim::testing::error_of;

void expect_at(const InputError& e, const std::string& file, int line, int column) {
  EXPECT_EQ(e.where().file, file) << e.what();
  EXPECT_EQ(e.where().line, line) << e.what();
  EXPECT_EQ(e.where().column, column) << e.what();
}

Document load(const std::string& text) { return Document::load_string(text, "test.yaml"); }

// ------------------------------------------------------------------ happy paths

TEST(ConfigReader, ReadsScalarsAndNestedMapsWithPathsAndMarks) {
  const Document doc = load(
      "name: soleus\n"
      "muscles:\n"
      "  soleus:\n"
      "    tau_act: 0.015\n"
      "    f_max: 3549\n"
      "enabled: true\n"
      "count: 12\n"
      "method: rk4\n");
  const Node root = doc.root();
  EXPECT_EQ(root.string("name"), "soleus");
  const Node soleus = root.at("muscles").at("soleus");
  EXPECT_EQ(soleus.path(), "muscles.soleus");
  EXPECT_DOUBLE_EQ(soleus.real("tau_act", "s", Range::positive()), 0.015);
  EXPECT_DOUBLE_EQ(soleus.real("f_max", "N", Range::positive()), 3549.0);
  EXPECT_TRUE(root.boolean("enabled"));
  EXPECT_EQ(root.integer("count", 0, 100), 12);
  EXPECT_EQ(root.choice("method", {"euler", "rk4"}), "rk4");

  const Node tau = soleus.at("tau_act");
  EXPECT_EQ(tau.path(), "muscles.soleus.tau_act");
  EXPECT_EQ(tau.mark().file, "test.yaml");
  EXPECT_EQ(tau.mark().line, 4);
  EXPECT_EQ(tau.mark().column, 14);
  EXPECT_TRUE(tau.is_scalar());
  EXPECT_TRUE(soleus.is_map());
  EXPECT_EQ(soleus.size(), 2u);
  EXPECT_NO_THROW(soleus.finish());
  EXPECT_NO_THROW(root.at("muscles").finish());
  EXPECT_NO_THROW(root.finish());
}

TEST(ConfigReader, SequencesGiveIndexedPathsAndMarks) {
  const Document doc = load(
      "protocol:\n"
      "  - {kind: rest, duration: 2}\n"
      "  - kind: stretch\n"
      "    duration: 1.5\n");
  const auto items = doc.root().at("protocol").elements();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].path(), "protocol[1]");
  EXPECT_DOUBLE_EQ(items[1].real("duration", "s", Range::positive()), 1.5);
  EXPECT_EQ(items[1].at("duration").path(), "protocol[1].duration");
  EXPECT_EQ(items[1].at("duration").mark().line, 4);
  EXPECT_EQ(items[0].at("kind").mark().line, 2);
  EXPECT_EQ(items[0].at("kind").mark().column, 12);
}

TEST(ConfigReader, OptionalValuesUseFallbacksOnlyWhenAbsent) {
  const Document doc = load("a: 2\nflag: false\nword: hello\n");
  const Node root = doc.root();
  EXPECT_DOUBLE_EQ(root.real("a", "1", Range::any(), 7.0), 2.0);
  EXPECT_DOUBLE_EQ(root.real("b", "1", Range::any(), 7.0), 7.0);
  EXPECT_EQ(root.integer("n", 0, 10, 3), 3);
  EXPECT_FALSE(root.boolean("flag", true));
  EXPECT_TRUE(root.boolean("other", true));
  EXPECT_EQ(root.string("word", "x"), "hello");
  EXPECT_EQ(root.string("missing", "x"), "x");
  EXPECT_EQ(root.choice("mode", {"fast", "slow"}, "slow"), "slow");
  EXPECT_FALSE(root.find("nothing").has_value());
  EXPECT_TRUE(root.has("word"));
  EXPECT_NO_THROW(root.finish());
}

TEST(ConfigReader, FallbackOutsideItsOwnRangeIsAnInternalError) {
  const Document doc = load("a: 1\n");
  EXPECT_THROW(doc.root().real("b", "s", Range::positive(), -1.0), InternalError);
  EXPECT_THROW(doc.root().choice("c", {"x"}, "y"), InternalError);
}

TEST(ConfigReader, EntriesAreInFileOrderAndCountAsRead) {
  const Document doc = load("zeta: 1\nalpha: 2\nmid: 3\n");
  const auto entries = doc.root().entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first, "zeta");
  EXPECT_EQ(entries[2].first, "mid");
  EXPECT_EQ(entries[1].second.path(), "alpha");
  EXPECT_NO_THROW(doc.root().finish());
}

TEST(ConfigReader, AnchorsAndAliasesAreExpanded) {
  const Document doc = load("base: &b {tau: 0.02}\ncopy: *b\n");
  EXPECT_DOUBLE_EQ(doc.root().at("copy").real("tau", "s", Range::positive()), 0.02);
  EXPECT_EQ(doc.root().at("copy").at("tau").path(), "copy.tau");
}

TEST(ConfigReader, NodesStayValidAfterTheDocumentIsMoved) {
  Document doc = load("a:\n  b: 4\n");
  const Node a = doc.root().at("a");
  Document moved = std::move(doc);
  EXPECT_DOUBLE_EQ(a.real("b", "1", Range::any()), 4.0);
  EXPECT_EQ(moved.file(), "test.yaml");
  EXPECT_EQ(moved.text(), "a:\n  b: 4\n");
}

// ------------------------------------------------------------------ quantity mappings and the log

TEST(ConfigReader, QuantityMappingCarriesValueUnitAndSource) {
  const Document doc = load(
      "f_max: {value: 3549, unit: N, source: \"Arnold et al. 2010\"}\n"
      "ratio:\n"
      "  value: 0.5\n"
      "  unit: 1\n"
      "  note: dimensionless fraction\n");
  EXPECT_DOUBLE_EQ(doc.root().real("f_max", "N", Range::positive()), 3549.0);
  EXPECT_DOUBLE_EQ(doc.root().real("ratio", "1", Range::closed(0, 1)), 0.5);
  const auto& log = doc.log();
  ASSERT_EQ(log.entries().size(), 2u);
  EXPECT_EQ(log.entries()[0].first, "f_max");
  EXPECT_EQ(log.details()[0].unit, "N");
  EXPECT_EQ(log.details()[0].source, "Arnold et al. 2010");
  EXPECT_EQ(log.details()[1].source, "");
  EXPECT_NO_THROW(doc.root().finish());
}

TEST(ConfigReader, QuantityUnitMismatchIsReportedAtTheUnit) {
  const Document doc = load("tau:\n  value: 15\n  unit: ms\n");
  const InputError e = error_of([&] { doc.root().real("tau", "s", Range::positive()); });
  EXPECT_EQ(e.detail(), "unit 'ms' does not match expected 's'");
  EXPECT_EQ(e.key_path(), "tau.unit");
  expect_at(e, "test.yaml", 3, 9);
}

TEST(ConfigReader, QuantityNeedsValueAndUnitAndNoOtherKeys) {
  const Document doc = load(
      "a: {value: 1}\n"
      "b: {unit: s}\n"
      "c: {value: 1, unit: s, valu: 2}\n"
      "d: {value: -1, unit: s}\n"
      "e: {value: [1], unit: s}\n");
  InputError e = error_of([&] { doc.root().real("a", "s", Range::any()); });
  EXPECT_TRUE(Contains(e.detail(), "missing required key 'unit' in a quantity mapping"));
  expect_at(e, "test.yaml", 1, 4);
  e = error_of([&] { doc.root().real("b", "s", Range::any()); });
  EXPECT_TRUE(Contains(e.detail(), "missing required key 'value'"));
  EXPECT_EQ(e.key_path(), "b.value");
  e = error_of([&] { doc.root().real("c", "s", Range::any()); });
  EXPECT_TRUE(Contains(e.detail(), "unknown key 'valu' in a quantity mapping; expected one of: value, unit, source, note"));
  EXPECT_TRUE(Contains(e.detail(), "did you mean 'value'?"));
  expect_at(e, "test.yaml", 3, 24);
  e = error_of([&] { doc.root().real("d", "s", Range::positive()); });
  EXPECT_EQ(e.detail(), "must be a number > 0, got -1");
  EXPECT_EQ(e.key_path(), "d.value");
  expect_at(e, "test.yaml", 4, 12);
  e = error_of([&] { doc.root().real("e", "s", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a number in s, got a list");
}

TEST(ConfigReader, ParameterLogRecordsEveryNumberInReadOrderIncludingFallbacks) {
  const Document doc = load("spinal:\n  gain: 2.5\n  delay: {value: 0.03, unit: s}\nn: 4\n");
  const Node spinal = doc.root().at("spinal");
  spinal.real("delay", "s", Range::positive());
  spinal.real("gain", "1", Range::non_negative());
  spinal.real("threshold", "1", Range::any(), 0.1);
  doc.root().integer("n", 1, 10);
  const auto& entries = doc.log().entries();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0], (std::pair<std::string, double>{"spinal.delay", 0.03}));
  EXPECT_EQ(entries[1], (std::pair<std::string, double>{"spinal.gain", 2.5}));
  EXPECT_EQ(entries[2], (std::pair<std::string, double>{"spinal.threshold", 0.1}));
  EXPECT_EQ(entries[3], (std::pair<std::string, double>{"n", 4.0}));
  EXPECT_EQ(doc.log().details()[1].unit, "1");
}

// ------------------------------------------------------------------ error classes

TEST(ConfigReaderErrors, SyntaxErrorUsesTheParserPosition) {
  const InputError e = error_of([] { load("a: 1\n  b: 2\n"); });
  EXPECT_TRUE(Contains(e.detail(), "YAML syntax error"));
  expect_at(e, "test.yaml", 2, 4);
  EXPECT_TRUE(Contains(std::string(e.what()), "test.yaml:2:4"));
}

TEST(ConfigReaderErrors, UnclosedFlowSequenceIsASyntaxError) {
  // Reported where the '[' opens (flow_brackets.hpp explains yaml-cpp's refusal), not where
  // the parser gives up.
  const InputError e = error_of([] { load("a: [1, 2\nb: 3\n"); });
  EXPECT_TRUE(Contains(e.detail(), "YAML syntax error"));
  EXPECT_TRUE(Contains(e.detail(), "'[' is never closed"));
  expect_at(e, "test.yaml", 1, 4);
}

TEST(ConfigReader, TextYamlCppReadsIsNeverRefusedByTheBracketScan) {
  // Found by fuzzing --set: the emitted provenance `paa: e'mem:'ame` was refused by the scan
  // (it took the quote after ':' for an opening one) although it is a plain scalar.
  const Document doc = load("paa: e'mem:'ame\nb: x['y'\n");
  EXPECT_EQ(doc.root().string("paa"), "e'mem:'ame");
  EXPECT_EQ(doc.root().string("b"), "x['y'");
}

TEST(ConfigReader, EscapesNextLineAndNoBreakSpaceDecodeToUtf8) {
  // yaml-cpp 0.7 decodes \N and \_ to one Latin-1 byte (found by fuzzing --set); stored as UTF-8.
  const Document doc = load("a: \"x\\N y\\_z\"\n\"k\\_\": 1\n");
  EXPECT_EQ(doc.root().string("a"), "x\xC2\x85 y\xC2\xA0z");
  EXPECT_EQ(doc.root().string("k\xC2\xA0"), "1");
}

TEST(ConfigReaderErrors, EmptyDocumentWhereAMapIsNeeded) {
  for (const std::string text : {"", "# only a comment\n"}) {
    const Document doc = load(text);
    EXPECT_TRUE(doc.root().is_null());
    const InputError e = error_of([&] { doc.root().real("duration", "s", Range::positive()); });
    EXPECT_EQ(e.detail(), "the document is empty; expected a map of key: value pairs");
    expect_at(e, "test.yaml", 1, 1);
  }
}

TEST(ConfigReaderErrors, RootThatIsNotAMap) {
  const Document doc = load("- 1\n- 2\n");
  const InputError e = error_of([&] { doc.root().at("a"); });
  EXPECT_EQ(e.detail(), "expected a map of key: value pairs, got a list");
  expect_at(e, "test.yaml", 1, 1);
}

TEST(ConfigReaderErrors, DuplicateKeyReportsTheSecondOccurrence) {
  const InputError e = error_of([] { load("muscle:\n  tau: 1\n  gain: 2\n  tau: 3\n"); });
  EXPECT_EQ(e.detail(), "duplicate key 'tau' (first given at test.yaml:2:3)");
  EXPECT_EQ(e.key_path(), "muscle.tau");
  expect_at(e, "test.yaml", 4, 3);
}

TEST(ConfigReaderErrors, DuplicateKeyInFlowMap) {
  const InputError e = error_of([] { load("x: {a: 1, a: 2}\n"); });
  EXPECT_TRUE(Contains(e.detail(), "duplicate key 'a'"));
  expect_at(e, "test.yaml", 1, 11);
}

TEST(ConfigReaderErrors, UnknownKeyNamesExpectedKeysAndSuggestsATypo) {
  const Document doc = load("soleus:\n  tau_act: 0.01\n  tau_deac: 0.04\n  zzz: 1\n");
  const Node m = doc.root().at("soleus");
  m.real("tau_act", "s", Range::positive());
  m.real("tau_deact", "s", Range::positive(), 0.04);
  const InputError e = error_of([&] { m.finish(); });
  EXPECT_EQ(e.detail(), "unknown key 'tau_deac'; expected one of: tau_act, tau_deact; did you mean 'tau_deact'?");
  EXPECT_EQ(e.key_path(), "soleus.tau_deac");
  expect_at(e, "test.yaml", 3, 3);
}

TEST(ConfigReaderErrors, UnknownKeyWithoutCloseMatchHasNoSuggestion) {
  const Document doc = load("duration: 3\ncompletely_different: 1\n");
  doc.root().real("duration", "s", Range::positive());
  const InputError e = error_of([&] { doc.root().finish(); });
  EXPECT_EQ(e.detail(), "unknown key 'completely_different'; expected one of: duration");
  expect_at(e, "test.yaml", 2, 1);
}

TEST(ConfigReaderErrors, UnknownKeyInAMapThatTakesNoKeys) {
  const Document doc = load("extra: 1\n");
  const InputError e = error_of([&] { doc.root().finish(); });
  EXPECT_EQ(e.detail(), "unknown key 'extra'; this map takes no keys");
}

TEST(ConfigReaderErrors, MissingRequiredKeyPointsAtTheMap) {
  const Document doc = load("top: 1\nspinal:\n  gain: 2\n");
  const InputError e = error_of([&] { doc.root().at("spinal").real("delay", "s", Range::positive()); });
  EXPECT_EQ(e.detail(), "missing required key 'delay'");
  EXPECT_EQ(e.key_path(), "spinal.delay");
  expect_at(e, "test.yaml", 3, 3);
  EXPECT_EQ(std::string(e.what()), "test.yaml:3:3: key 'spinal.delay': missing required key 'delay'");
}

TEST(ConfigReaderErrors, WrongTypes) {
  const Document doc = load(
      "num: hello\n"
      "scalar: {a: 1}\n"
      "list: {a: 1}\n"
      "map: [1, 2]\n"
      "empty:\n"
      "text: [x]\n");
  const Node r = doc.root();
  InputError e = error_of([&] { r.real("num", "s", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a number in s, got 'hello'");
  expect_at(e, "test.yaml", 1, 6);
  e = error_of([&] { r.integer("scalar", 0, 9); });
  EXPECT_EQ(e.detail(), "expected an integer, got a map");
  expect_at(e, "test.yaml", 2, 9);
  e = error_of([&] { r.at("list").elements(); });
  EXPECT_EQ(e.detail(), "expected a list, got a map");
  expect_at(e, "test.yaml", 3, 7);
  e = error_of([&] { r.at("map").at("a"); });
  EXPECT_EQ(e.detail(), "expected a map of key: value pairs, got a list");
  EXPECT_EQ(e.key_path(), "map");
  expect_at(e, "test.yaml", 4, 6);
  e = error_of([&] { r.real("empty", "1", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a dimensionless number, got an empty value");
  expect_at(e, "test.yaml", 5, 1);  // yaml-cpp marks an empty value at the next token; we use the key
  e = error_of([&] { r.string("text"); });
  EXPECT_EQ(e.detail(), "expected a text value, got a list");
}

TEST(ConfigReaderErrors, QuotedNumberIsNotANumber) {
  const Document doc = load("a: \"2.5\"\n");
  const InputError e = error_of([&] { doc.root().real("a", "s", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a number in s, got the quoted text \"2.5\" (remove the quotes)");
}

TEST(ConfigReaderErrors, NonNumericText) {
  for (const std::string bad : {"1.2.3", "0x10", "1_000", "12abc", "e5", "1e", "--1", "."}) {
    const Document doc = load("a: " + bad + "\n");
    const InputError e = error_of([&] { doc.root().real("a", "s", Range::any()); });
    EXPECT_EQ(e.detail(), "expected a number in s, got '" + bad + "'") << bad;
    expect_at(e, "test.yaml", 1, 4);
  }
}

TEST(ConfigReaderErrors, AcceptedNumberSpellings) {
  const Document doc = load("a: +1.5\nb: -2e-3\nc: .5\nd: 3.\ne: 1E2\n");
  const Node r = doc.root();
  EXPECT_DOUBLE_EQ(r.real("a", "1", Range::any()), 1.5);
  EXPECT_DOUBLE_EQ(r.real("b", "1", Range::any()), -0.002);
  EXPECT_DOUBLE_EQ(r.real("c", "1", Range::any()), 0.5);
  EXPECT_DOUBLE_EQ(r.real("d", "1", Range::any()), 3.0);
  EXPECT_DOUBLE_EQ(r.real("e", "1", Range::any()), 100.0);
}

TEST(ConfigReaderErrors, NonFiniteNumbersAreRejected) {
  for (const std::string bad : {".nan", ".NaN", ".inf", "-.inf", "+.Inf", "nan", "inf", "-Infinity"}) {
    const Document doc = load("x: " + bad + "\n");
    const InputError e = error_of([&] { doc.root().real("x", "1", Range::any()); });
    EXPECT_EQ(e.detail(), "must be a finite number, got '" + bad + "'") << bad;
    expect_at(e, "test.yaml", 1, 4);
  }
  const Document huge = load("x: 1e999\n");
  const InputError e = error_of([&] { huge.root().real("x", "1", Range::any()); });
  EXPECT_TRUE(Contains(e.detail(), "must be a finite number"));
}

TEST(ConfigReaderErrors, OutOfRange) {
  const Document doc = load("gain: -0.01\nfrac: 1.5\nq: 0\n");
  InputError e = error_of([&] { doc.root().real("gain", "1", Range::positive()); });
  EXPECT_EQ(e.detail(), "must be a number > 0, got -0.01");
  EXPECT_EQ(e.key_path(), "gain");
  expect_at(e, "test.yaml", 1, 7);
  e = error_of([&] { doc.root().real("frac", "1", Range::closed(0, 1)); });
  EXPECT_EQ(e.detail(), "must be a number in [0, 1], got 1.5");
  expect_at(e, "test.yaml", 2, 7);
  e = error_of([&] { doc.root().real("q", "1", Range::open_closed(0, 1)); });
  EXPECT_EQ(e.detail(), "must be a number in (0, 1], got 0");
  EXPECT_TRUE(doc.log().entries().empty());  // rejected values are not logged
}

TEST(ConfigReaderErrors, IntegerGivenAFractionOrOutOfRange) {
  const Document doc = load("n: 2.5\nm: 1e3\nk: 0\nbig: 99999999999999999999\nq: \"3\"\n");
  InputError e = error_of([&] { doc.root().integer("n", 0, 10); });
  EXPECT_EQ(e.detail(), "must be an integer (no fraction or exponent), got 2.5");
  expect_at(e, "test.yaml", 1, 4);
  e = error_of([&] { doc.root().integer("m", 0, 10000); });
  EXPECT_TRUE(Contains(e.detail(), "must be an integer"));
  e = error_of([&] { doc.root().integer("k", 1, 10); });
  EXPECT_EQ(e.detail(), "must be an integer in [1, 10], got 0");
  e = error_of([&] { doc.root().integer("big", 0, std::numeric_limits<long long>::max()); });
  EXPECT_EQ(e.detail(), "must be an integer >= 0, got 99999999999999999999");
  e = error_of([&] { doc.root().integer("q", 0, 10); });
  EXPECT_EQ(e.detail(), "expected an integer, got the quoted text \"3\"");
}

TEST(ConfigReaderErrors, BooleansAreOnlyTrueOrFalse) {
  for (const std::string bad : {"yes", "no", "on", "True", "1", "\"true\""}) {
    const Document doc = load("flag: " + bad + "\n");
    const InputError e = error_of([&] { doc.root().boolean("flag"); });
    EXPECT_TRUE(Contains(e.detail(), "must be true or false, got ")) << bad;
    expect_at(e, "test.yaml", 1, 7);
  }
  EXPECT_FALSE(load("flag: false\n").root().boolean("flag"));
}

TEST(ConfigReaderErrors, ChoiceNotInTheList) {
  const Document doc = load("method: rk5\nother: [a]\n");
  InputError e = error_of([&] { doc.root().choice("method", {"euler", "rk4", "dopri5"}); });
  EXPECT_EQ(e.detail(), "must be one of: euler, rk4, dopri5; got 'rk5'; did you mean 'rk4'?");
  expect_at(e, "test.yaml", 1, 9);
  e = error_of([&] { doc.root().choice("other", {"a", "b"}); });
  EXPECT_EQ(e.detail(), "must be one of: a, b; got a list");
}

TEST(ConfigReaderErrors, NonScalarAndEmptyKeysAreRejected) {
  InputError e = error_of([] { load("? [a, b]\n: 1\n"); });
  EXPECT_EQ(e.detail(), "map keys must be plain text, got a list");
  EXPECT_EQ(e.where().line, 1);
  e = error_of([] { load("\"\": 1\n"); });
  EXPECT_TRUE(Contains(e.detail(), "got an empty key"));
}

TEST(ConfigReaderErrors, ExplicitTagsAreRejected) {
  const InputError e = error_of([] { load("a: 1\nb: !!float 3\n"); });
  EXPECT_EQ(e.detail(), "explicit YAML tags ('tag:yaml.org,2002:float') are not supported; write the value without a tag");
  EXPECT_EQ(e.key_path(), "b");
  expect_at(e, "test.yaml", 2, 4);
}

TEST(ConfigReaderErrors, BlockTextIsShownOnOneLine) {
  const Document doc = load("a: |\n  3\n  4\n");
  const InputError e = error_of([&] { doc.root().real("a", "s", Range::any()); });
  EXPECT_EQ(e.detail(), "expected a number in s, got the quoted text \"3\\n4\\n\" (remove the quotes)");
}

TEST(ConfigReaderErrors, SecondYamlDocumentIsRejected) {
  const InputError e = error_of([] { load("a: 1\n---\nb: 2\n"); });
  EXPECT_TRUE(Contains(e.detail(), "second YAML document"));
  EXPECT_EQ(e.where().line, 3);
}

// yaml-cpp 0.7's LoadAll never returns on these (yaml_documents.hpp); each is a located error.
TEST(ConfigReaderErrors, TextLeftOverAfterAValueIsASyntaxErrorNotAHang) {
  struct Case {
    const char* text;
    int line, column;
    const char* rest;
  };
  for (const Case& c : {Case{"\"q,\"\"q Xu9\",\"\"q Xu 00e9\"\n", 1, 5, "'\"q Xu9\",\"\"q Xu 00e9\"'"},  // fuzzing
                        Case{"!aer_x,fegaip\n", 1, 7, "',fegaip'"},                   // a tag, then ','
                        Case{"[1, 2] x\n", 1, 8, "'x'"}}) {
    const InputError e = error_of([&] { load(c.text); });
    EXPECT_EQ(e.detail(), std::string("YAML syntax error: unexpected ") + c.rest + " after the end of the value")
        << c.text;
    expect_at(e, "test.yaml", c.line, c.column);
  }
}

TEST(ConfigReaderErrors, FailReportsAtTheNode) {
  const Document doc = load("a:\n  b: 1\n");
  const InputError e = error_of([&] { doc.root().at("a").at("b").fail("must exceed c"); });
  EXPECT_EQ(e.detail(), "must exceed c");
  EXPECT_EQ(e.key_path(), "a.b");
  expect_at(e, "test.yaml", 2, 6);
}

// ------------------------------------------------------------------ pathological input

TEST(ConfigReaderLimits, DeepNestingBeyondOurLimitIsAClearError) {
  const int depth = kMaxDepth + 50;
  const std::string text = "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
  const InputError e = error_of([&] { load(text); });
  EXPECT_TRUE(Contains(e.detail(), "nested deeper than " + std::to_string(kMaxDepth)));
  EXPECT_EQ(e.where().line, 1);
}

TEST(ConfigReaderLimits, VeryDeepNestingDoesNotCrash) {
  const std::string flow = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_TRUE(Contains(error_of([&] { load(flow); }).detail(), "nested too deeply"));
  std::string block;
  for (int i = 0; i < 3000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  EXPECT_TRUE(Contains(error_of([&] { load(block); }).detail(), "nested"));
}

TEST(ConfigReaderLimits, RecursiveAliasIsAnError) {
  const InputError e = error_of([] { load("x: &a [*a]\n"); });
  EXPECT_TRUE(Contains(e.detail(), "recursive alias"));
  EXPECT_LE(e.key_path().size(), 83u);  // the endless path is cut short
  EXPECT_EQ(e.key_path().substr(0, 7), "x[0][0]");
}

TEST(ConfigReaderLimits, AliasBombIsRefused) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    // Built with appends: g++ 12 gives a false -Wrestrict on "literal" + std::string here.
    const std::string name = std::to_string(i);
    const std::string prev = std::to_string(i - 1);
    text.append("a").append(name).append(": &a").append(name).append(" [*a").append(prev);
    for (int j = 1; j < 10; ++j) text.append(", *a").append(prev);
    text.append("]\n");
  }
  const InputError e = error_of([&] { load(text); });
  EXPECT_TRUE(Contains(e.detail(), "more than " + std::to_string(kMaxValues) + " values"));
}

TEST(ConfigReaderLimits, LargeFlatDocumentWithinLimitsLoads) {
  std::string text = "values: [";
  for (int i = 0; i < 50000; ++i) text += (i ? ", " : "") + std::to_string(i);
  text += "]\n";
  const Document doc = load(text);
  EXPECT_EQ(doc.root().at("values").elements().size(), 50000u);
}

// ------------------------------------------------------------------ files

class ConfigReaderFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nmsim_config_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ConfigReaderFiles, LoadsAFileAndNamesItInMarks) {
  const auto file = dir_ / "model.yaml";
  std::ofstream(file) << "tau: 0.5\nbad: x\n";
  const Document doc = Document::load_file(file);
  EXPECT_EQ(doc.file(), file.string());
  EXPECT_DOUBLE_EQ(doc.root().real("tau", "s", Range::positive()), 0.5);
  const InputError e = error_of([&] { doc.root().real("bad", "s", Range::positive()); });
  expect_at(e, file.string(), 2, 6);
  EXPECT_TRUE(Contains(std::string(e.what()), file.string() + ":2:6"));
}

TEST_F(ConfigReaderFiles, MissingFileOrDirectoryIsAnInputErrorNamingIt) {
  const auto missing = dir_ / "nope.yaml";
  InputError e = error_of([&] { Document::load_file(missing); });
  EXPECT_EQ(e.where().file, missing.string());
  EXPECT_TRUE(Contains(e.detail(), "does not exist"));
  e = error_of([&] { Document::load_file(dir_); });
  EXPECT_TRUE(Contains(e.detail(), "is a directory"));
}

// ------------------------------------------------------------------ Range

TEST(ConfigRange, ContainsAndDescribe) {
  EXPECT_FALSE(Range::positive().contains(0.0));
  EXPECT_TRUE(Range::positive().contains(1e-300));
  EXPECT_TRUE(Range::non_negative().contains(0.0));
  EXPECT_FALSE(Range::closed(0, 1).contains(1.0000001));
  EXPECT_TRUE(Range::open_closed(0, 1).contains(1.0));
  EXPECT_FALSE(Range::open_closed(0, 1).contains(0.0));
  EXPECT_FALSE(Range::any().contains(std::nan("")));
  EXPECT_EQ(Range::any().describe(), "a number");
  EXPECT_EQ(Range::positive().describe(), "a number > 0");
  EXPECT_EQ(Range::non_negative().describe(), "a number >= 0");
  EXPECT_EQ(Range::closed(0.5, 2).describe(), "a number in [0.5, 2]");
  EXPECT_EQ(Range::open_closed(0, 1).describe(), "a number in (0, 1]");
  Range below;
  below.max = 3;
  below.max_open = true;
  EXPECT_EQ(below.describe(), "a number < 3");
}

}  // namespace
}  // namespace nmsim::config
