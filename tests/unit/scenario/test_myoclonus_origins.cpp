#include "input_error_matchers.hpp"
#include "scenario/myoclonus_origins.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/scenario.hpp"

namespace nmsim::scenario {
namespace {

namespace fs = std::filesystem;
using config::Document;
using nmsim::testing::Contains;
using nmsim::testing::error_of;
using physiology::MyoclonusOrigin;

const fs::path kModels = NMSIM_SOURCE_DIR "/models";

OriginPresets bundled() { return OriginPresets(Document::load_file(kModels / kMyoclonusOriginsFile).root()); }

void expect_lognormal(const core::Distribution& d, double median, double lo, double hi) {
  EXPECT_EQ(d.kind, core::Distribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(std::exp(d.center), median);
  EXPECT_DOUBLE_EQ(d.lo, lo);
  EXPECT_DOUBLE_EQ(d.hi, hi);
}

// The values docs/model.md's origin table gives (durations, velocities, cortical modulation).
TEST(MyoclonusOrigins, BundledFileGivesTheDocumentedDefaults) {
  const OriginPresets p = bundled();
  expect_lognormal(p[MyoclonusOrigin::Cortical].duration_s, 0.031, 0.010, 0.050);
  EXPECT_DOUBLE_EQ(p[MyoclonusOrigin::Cortical].volley_frequency_hz, 50.0);
  EXPECT_DOUBLE_EQ(p[MyoclonusOrigin::Cortical].volley_depth, 0.6);
  expect_lognormal(p[MyoclonusOrigin::Subcortical].duration_s, 0.15, 0.10, 0.30);
  EXPECT_DOUBLE_EQ(p[MyoclonusOrigin::Subcortical].spread_velocity_m_s, 40.0);
  expect_lognormal(p[MyoclonusOrigin::Propriospinal].duration_s, 0.2, 0.10, 0.40);
  EXPECT_DOUBLE_EQ(p[MyoclonusOrigin::Propriospinal].spread_velocity_m_s, 5.4);
  expect_lognormal(p[MyoclonusOrigin::Segmental].duration_s, 0.15, 0.05, 0.30);
  expect_lognormal(p[MyoclonusOrigin::Negative].duration_s, 0.15, 0.05, 0.50);
  EXPECT_EQ(p[MyoclonusOrigin::Negative].amplitude.kind, core::Distribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(p[MyoclonusOrigin::Negative].amplitude.center, 1.0);
  for (const auto o : {MyoclonusOrigin::Cortical, MyoclonusOrigin::Subcortical, MyoclonusOrigin::Propriospinal,
                       MyoclonusOrigin::Segmental, MyoclonusOrigin::Negative}) {
    EXPECT_EQ(p[o].origin, o);
    EXPECT_GT(p[o].refractory_s, 0.0) << physiology::origin_name(o);
    EXPECT_TRUE(p[o].muscles.empty() && p[o].process == physiology::MyoclonusGenerator::Process::none);
    if (o != MyoclonusOrigin::Cortical) {
      EXPECT_EQ(p[o].volley_frequency_hz, 0.0) << physiology::origin_name(o);
    }
  }
}

// The bundled file with one edit: errors name the file, line and key of the bad value.
std::string edited(const std::string& from, const std::string& to) {
  std::ifstream in(kModels / kMyoclonusOriginsFile);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find(from);
  if (at == std::string::npos) ADD_FAILURE() << "'" << from << "' is not in the bundled file";
  else text.replace(at, from.size(), to);
  return text;
}

InputError error_for(const std::string& text) {
  return error_of([&] { OriginPresets(Document::load_string(text, "origins.yaml").root()); });
}

TEST(MyoclonusOriginsErrors, AValueWithoutASourceIsRejected) {
  const InputError e = error_for(edited("refractory: {value: 0.1, unit: s, source: \"estimate: repetitive cortical jerks up to ~10 per second\"}",
                                        "refractory: {value: 0.1, unit: s}"));
  EXPECT_EQ(e.key_path(), "cortical.refractory.source");
  EXPECT_EQ(e.where().file, "origins.yaml");
  EXPECT_GT(e.where().line, 0);
  EXPECT_TRUE(Contains(e.what(), "missing required key 'source'"));
}

TEST(MyoclonusOriginsErrors, AnEmptySourceAPlainNumberAndAWrongUnitAreRejected) {
  EXPECT_TRUE(Contains(error_for(edited("source: \"1/7 Hz: repetitive at 1-7 Hz (Brown et al. 1994)\"", "source: \"\"")).what(),
                       "must say where the value comes from"));
  const InputError plain = error_for(edited("spread_velocity: {value: 40.0, unit: m/s, source: \"estimate: fast descending (reticulospinal) conduction giving the rostro-caudal order\"}",
                                            "spread_velocity: 40.0"));
  EXPECT_EQ(plain.key_path(), "subcortical.spread_velocity");
  EXPECT_TRUE(Contains(plain.what(), "every preset names its unit and source"));
  const InputError unit = error_for(edited("volley_frequency: {value: 50.0, unit: Hz", "volley_frequency: {value: 50.0, unit: 1/s"));
  EXPECT_EQ(unit.key_path(), "cortical.volley_frequency.unit");
  EXPECT_TRUE(Contains(unit.what(), "does not match expected 'Hz'"));
}

TEST(MyoclonusOriginsErrors, OutOfRangeValuesMissingOriginsAndUnknownKeysAreRejected) {
  const InputError range = error_for(edited("volley_depth: {value: 0.6,", "volley_depth: {value: 1.6,"));
  EXPECT_EQ(range.key_path(), "cortical.volley_depth.value");
  EXPECT_TRUE(Contains(range.what(), "must be a number in [0, 1], got 1.6"));
  const InputError dist = error_for(edited("median: 0.2, sigma: 0.3, min: 0.10, max: 0.40", "median: 0.2, sigma: 0.3, min: 0.10, max: 4.0"));
  EXPECT_EQ(dist.key_path(), "propriospinal.duration.value.max");
  const InputError missing = error_for(edited("negative:", "negativ:"));
  EXPECT_EQ(missing.key_path(), "negative");
  const InputError unknown = error_for(edited("segmental:\n", "segmental:\n  jitter: {value: 0.1, unit: s, source: x}\n"));
  EXPECT_EQ(unknown.key_path(), "segmental.jitter");
}

// A scenario with myoclonus finds the file next to its model or along the model search path,
// and says where it looked when it is in neither.
class OriginsLookup : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "nmsim-origins-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::copy_file(kModels / "wrist.yaml", dir_ / "wrist.yaml");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string scenario() const {
    std::ifstream in(fs::path(NMSIM_SOURCE_DIR) / "scenarios" / "negative_myoclonus.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "model: wrist";
    return text.replace(text.find(from), from.size(), "model: " + (dir_ / "wrist.yaml").string());
  }
  fs::path dir_;
};

TEST_F(OriginsLookup, MissingEverywhereIsALocatedError) {
  const InputError e = error_of([&] { ScenarioSource::from_text(scenario(), "s.yaml", {})->load({}, std::nullopt); });
  EXPECT_EQ(e.key_path(), "myoclonus");
  EXPECT_EQ(e.where().file, "s.yaml");
  EXPECT_TRUE(Contains(e.what(), (dir_ / kMyoclonusOriginsFile).string()));
}

TEST_F(OriginsLookup, FoundAlongTheSearchPathOrNextToTheModel) {
  const Scenario a = ScenarioSource::from_text(scenario(), "s.yaml", {kModels})->load({}, std::nullopt);
  ASSERT_EQ(a.myoclonus.size(), 1u);
  EXPECT_DOUBLE_EQ(std::exp(a.myoclonus[0].duration_s.center), 0.15);
  // A copy next to the model wins over the search path.
  std::ofstream(dir_ / kMyoclonusOriginsFile) << edited("median: 0.15, sigma: 0.5", "median: 0.2, sigma: 0.5");
  const Scenario b = ScenarioSource::from_text(scenario(), "s.yaml", {kModels})->load({}, std::nullopt);
  EXPECT_DOUBLE_EQ(std::exp(b.myoclonus[0].duration_s.center), 0.2);
}

}  // namespace
}  // namespace nmsim::scenario
