// Resume parts: an exact round trip of a trial record, and any damaged file read as "absent"
// (so the trial is recomputed) rather than as wrong data.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "io/trial_part.hpp"
#include "io_test_support.hpp"

namespace nmsim::io::test {
namespace {

TrialPart sample_part() {
  TrialPart p;
  p.trial = 42;
  p.duration_s = 2.0;
  p.clonus_episodes = 3;
  p.clonus_beats = 17;
  p.clonus_frequency_hz = 6.75;
  p.record = make_trial(42);
  return p;
}

TEST(TrialPart, RoundTripIsExact) {
  ScratchDir dir;
  const TrialPart p = sample_part();
  write_trial_part(dir / "t.part", p);
  const auto back = read_trial_part(dir / "t.part");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->trial, 42u);
  EXPECT_FALSE(back->failed);
  EXPECT_EQ(back->clonus_beats, 17);
  EXPECT_EQ(back->clonus_frequency_hz, 6.75);
  ASSERT_TRUE(back->record.has_value());
  const TrialRecord& a = *p.record;
  const TrialRecord& b = *back->record;
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    EXPECT_EQ(a.series[i].path, b.series[i].path);
    EXPECT_EQ(a.series[i].channels, b.series[i].channels);  // incl. non-ASCII names
    ASSERT_EQ(a.series[i].data.size(), b.series[i].data.size());
    EXPECT_EQ(std::memcmp(a.series[i].data.data(), b.series[i].data.data(), a.series[i].data.size() * sizeof(float)), 0);
  }
  EXPECT_EQ(a.labels.data, b.labels.data);
  EXPECT_EQ(a.events.label(), b.events.label());
  EXPECT_EQ(a.events.parent(), b.events.parent());
  EXPECT_EQ(a.events.int_columns(), b.events.int_columns());
  ASSERT_EQ(a.events.real_columns().size(), b.events.real_columns().size());
  for (const auto& [name, col] : a.events.real_columns()) {
    const auto& other = b.events.real_columns().at(name);
    ASSERT_EQ(col.size(), other.size());
    for (std::size_t k = 0; k < col.size(); ++k)
      EXPECT_TRUE(col[k] == other[k] || (std::isnan(col[k]) && std::isnan(other[k]))) << name << k;
  }
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.phase_names, b.phase_names);
}

TEST(TrialPart, FailedTrialHasNoRecord) {
  ScratchDir dir;
  TrialPart p;
  p.trial = 7;
  p.failed = true;
  p.failure = "numerical failure at t = 1.0 s: state component 1 is not finite";
  write_trial_part(dir / "f.part", p);
  const auto back = read_trial_part(dir / "f.part");
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->failed);
  EXPECT_EQ(back->failure, p.failure);
  EXPECT_FALSE(back->record.has_value());
}

TEST(TrialPart, DamagedFilesReadAsAbsent) {
  ScratchDir dir;
  write_trial_part(dir / "t.part", sample_part());
  std::ifstream in(dir / "t.part", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
    return dir / name;
  };
  EXPECT_FALSE(read_trial_part(dir / "missing.part").has_value());
  EXPECT_FALSE(read_trial_part(write("empty.part", "")).has_value());
  EXPECT_FALSE(read_trial_part(write("truncated.part", bytes.substr(0, bytes.size() / 2))).has_value());
  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  EXPECT_FALSE(read_trial_part(write("flipped.part", flipped)).has_value());
  EXPECT_FALSE(read_trial_part(write("foreign.part", "not a part file at all, just text")).has_value());
  EXPECT_FALSE(read_trial_part(write("extra.part", bytes + "x")).has_value());
  EXPECT_TRUE(read_trial_part(write("copy.part", bytes)).has_value());
  // No temporary file is left by a successful write.
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().extension(), ".part") << e.path();
}

}  // namespace
}  // namespace nmsim::io::test
