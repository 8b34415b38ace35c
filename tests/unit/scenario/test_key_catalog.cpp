// The key catalog records what the readers ask for, as patterns, only while recording.
#include <gtest/gtest.h>

#include <algorithm>

#include "scenario/config_reader.hpp"
#include "scenario/key_catalog.hpp"

namespace nmsim::config {
namespace {

const KeyDeclaration* find(const std::vector<KeyDeclaration>& all, const std::string& path) {
  auto it = std::find_if(all.begin(), all.end(), [&](const KeyDeclaration& d) { return d.path == path; });
  return it == all.end() ? nullptr : &*it;
}

void read_example(const Document& doc) {
  const Node root = doc.root();
  for (const auto& [name, muscle] : root.at("muscles").entries()) {
    muscle.real("force", "N", Range::positive());
    muscle.real("delay", "s", Range::closed(0.0, 1.0), 0.04);
  }
  for (const Node& phase : root.at("protocol").elements()) {
    phase.real("duration", "s", Range::positive());
    if (phase.has("task")) phase.string("task");
  }
  root.integer("seed", 0, 10, 3);
}

TEST(KeyCatalog, RecordsPatternsTypesUnitsRangesAndDefaults) {
  const Document doc = Document::load_string(
      "muscles: {soleus: {force: {value: 3549, unit: N, source: \"Arnold et al. 2010\"}}, ta: {force: 900}}\n"
      "protocol: [{duration: 1}, {duration: 2, task: hold}]\n",
      "example.yaml");
  KeyCatalog catalog;
  {
    const KeyCatalog::Recording recording(catalog);
    read_example(doc);
  }
  const auto all = catalog.declarations();
  const KeyDeclaration* force = find(all, "muscles.<name>.force");
  ASSERT_NE(force, nullptr);
  EXPECT_EQ(force->type, "number");
  EXPECT_EQ(force->unit, "N");
  EXPECT_EQ(force->range, "a number > 0");
  EXPECT_EQ(force->has_default, KeyDeclaration::Default::required);
  const KeyDeclaration* delay = find(all, "muscles.<name>.delay");
  ASSERT_NE(delay, nullptr);
  EXPECT_EQ(delay->has_default, KeyDeclaration::Default::value);
  ASSERT_EQ(delay->fallbacks.size(), 1u);
  EXPECT_EQ(delay->fallbacks[0], "0.04");
  const KeyDeclaration* task = find(all, "protocol[].task");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->has_default, KeyDeclaration::Default::optional) << "read only after has(): optional";
  ASSERT_NE(find(all, "protocol[].duration"), nullptr);
  ASSERT_NE(find(all, "seed"), nullptr);
  EXPECT_EQ(find(all, "muscles.soleus.force"), nullptr) << "names become <name>";
  EXPECT_EQ(find(all, "muscles.<name>.force.unit"), nullptr) << "a quantity's parts are not keys";
  const std::string md = key_reference_markdown(all, "an example");
  EXPECT_NE(md.find("| `muscles.<name>.delay` | number | s | a number in [0, 1] | `0.04` |"), std::string::npos) << md;
}

TEST(KeyCatalog, RecordsNothingWithoutARecording) {
  const Document doc = Document::load_string("muscles: {a: {force: 1}}\nprotocol: [{duration: 1}]\n", "x.yaml");
  KeyCatalog catalog;
  read_example(doc);
  EXPECT_TRUE(catalog.declarations().empty());
}

TEST(KeyCatalog, DefaultsThatDependOnTheContextAreAllListed) {
  KeyCatalog catalog;
  {
    const KeyCatalog::Recording recording(catalog);
    for (double fallback : {0.3, 0.1}) {
      const Document doc = Document::load_string("origin: {}\n", "x.yaml");
      doc.root().at("origin").real("refractory", "s", Range::closed(0.0, 10.0), fallback);
    }
  }
  const auto all = catalog.declarations();
  const KeyDeclaration* r = find(all, "origin.refractory");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->fallbacks, (std::vector<std::string>{"0.3", "0.1"}));
  EXPECT_NE(key_reference_markdown(all, "x").find("depends on the context (`0.3`, `0.1`)"), std::string::npos);
}

}  // namespace
}  // namespace nmsim::config
