// Resume parts: an exact round trip of a trial record, and any damaged file read as "damaged"
// (so the trial is recomputed) rather than as wrong data, an error or an unbounded read.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/checksum.hpp"
#include "io/trial_part.hpp"
#include "io_test_support.hpp"

namespace nmsim::io::test {
namespace {

constexpr std::uint64_t kRun = 0x1234abcd5678ef01ull;
bool ok(const PartRead& r) { return r.status == PartRead::Status::ok && r.part.has_value(); }
bool damaged(const PartRead& r) { return r.status == PartRead::Status::damaged && !r.part.has_value(); }

TrialPart sample_part() {
  TrialPart p;
  p.trial = 42;
  p.duration_s = 2.0;
  p.counts = {{"clonus_episodes", CountKind::total, 3}, {"clonus_beats", CountKind::total, 17},
              {"clonus_frequency", CountKind::value, 6.75}, {"made_up", CountKind::highest, 2}};
  p.record = make_trial(42);
  p.record->labels.bit_names = {"clonus", "made_up_bit"};
  add_artefacts(*p.record);
  return p;
}

TEST(TrialPart, RoundTripIsExact) {
  ScratchDir dir;
  const TrialPart p = sample_part();
  write_trial_part(dir / "t.part", p, kRun);
  const PartRead read = read_trial_part(dir / "t.part", kRun, 42);
  ASSERT_TRUE(ok(read)) << read.problem;
  const auto& back = read.part;
  EXPECT_EQ(back->trial, 42u);
  EXPECT_FALSE(back->failed);
  ASSERT_EQ(back->counts.size(), p.counts.size());
  for (std::size_t k = 0; k < p.counts.size(); ++k) {
    EXPECT_EQ(back->counts[k].name, p.counts[k].name);
    EXPECT_EQ(back->counts[k].kind, p.counts[k].kind);
    EXPECT_EQ(back->counts[k].value, p.counts[k].value);
  }
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
  EXPECT_EQ(a.labels.bit_names, b.labels.bit_names);
  EXPECT_EQ(a.artefacts.data, b.artefacts.data);
  EXPECT_EQ(a.artefacts.bit_names, b.artefacts.bit_names);
  EXPECT_EQ(a.artefacts.channels, b.artefacts.channels);
  EXPECT_EQ(a.artefacts.rate_hz, b.artefacts.rate_hz);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.parameter_units, b.parameter_units);
  EXPECT_EQ(a.parameter_sources, b.parameter_sources);
  EXPECT_EQ(a.phase_names, b.phase_names);
}

TEST(TrialPart, FailedTrialHasNoRecord) {
  ScratchDir dir;
  TrialPart p;
  p.trial = 7;
  p.failed = true;
  p.failure = "numerical failure at t = 1.0 s: state component 1 is not finite";
  write_trial_part(dir / "f.part", p, kRun);
  const PartRead read = read_trial_part(dir / "f.part", kRun, 7);
  ASSERT_TRUE(ok(read)) << read.problem;
  const auto& back = read.part;
  EXPECT_TRUE(back->failed);
  EXPECT_EQ(back->failure, p.failure);
  EXPECT_FALSE(back->record.has_value());
}

TEST(TrialPart, DamagedFilesReadAsDamaged) {
  ScratchDir dir;
  write_trial_part(dir / "t.part", sample_part(), kRun);
  std::ifstream in(dir / "t.part", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
    return dir / name;
  };
  const auto read = [&](const std::filesystem::path& p) { return read_trial_part(p, kRun, 42); };
  EXPECT_EQ(read(dir / "missing.part").status, PartRead::Status::missing);
  EXPECT_TRUE(damaged(read(write("empty.part", ""))));
  EXPECT_TRUE(damaged(read(write("truncated.part", bytes.substr(0, bytes.size() / 2)))));
  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  EXPECT_TRUE(damaged(read(write("flipped.part", flipped))));
  EXPECT_TRUE(damaged(read(write("foreign.part", "not a part file at all, just text"))));
  EXPECT_TRUE(damaged(read(write("extra.part", bytes + "x"))));
  EXPECT_TRUE(ok(read(write("copy.part", bytes))));
  // No temporary file is left by a successful write.
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().extension(), ".part") << e.path();
}

// A part with a valid checksum from another run (another seed) or of another trial is not reused.
// A part of the previous format (fixed count fields, version 3) is recomputed, with a note that
// says why; so is a part of a later one.
TEST(TrialPart, PartOfAnotherFormatVersionIsDamagedWithANote) {
  ScratchDir dir;
  write_trial_part(dir / "t.part", sample_part(), kRun);
  std::ifstream in(dir / "t.part", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(bytes.substr(0, 8), "NMSIMPT6");
  for (const char version : {'5', '7'}) {
    bytes[7] = version;
    const PartRead r = decode_trial_part(bytes.data(), bytes.size(), kRun, 42);
    EXPECT_TRUE(damaged(r));
    EXPECT_NE(r.problem.find(std::string("of part format ") + version), std::string::npos) << r.problem;
  }
  bytes[0] = 'X';
  EXPECT_EQ(decode_trial_part(bytes.data(), bytes.size(), kRun, 42).problem, "not an nmsim part");
}

TEST(TrialPart, PartOfAnotherRunOrTrialIsDamaged) {
  ScratchDir dir;
  write_trial_part(dir / "t.part", sample_part(), kRun);
  const PartRead other_run = read_trial_part(dir / "t.part", kRun + 1, 42);
  EXPECT_TRUE(damaged(other_run));
  EXPECT_NE(other_run.problem.find("another run"), std::string::npos) << other_run.problem;
  const PartRead other_trial = read_trial_part(dir / "t.part", kRun, 43);
  EXPECT_TRUE(damaged(other_trial));
  EXPECT_NE(other_trial.problem.find("holds trial 42"), std::string::npos) << other_trial.problem;
}

// A folder, a link (even to a good part, or to /dev/zero) or a FIFO under a part's name is damage,
// read without following, blocking or reading without bound.
TEST(TrialPart, NonRegularFilesAreDamagedNotFollowed) {
  ScratchDir dir;
  write_trial_part(dir / "good.part", sample_part(), kRun);
  std::filesystem::create_directory(dir / "folder.part");
  std::filesystem::create_symlink("/dev/zero", dir / "zero.part");
  std::filesystem::create_symlink(dir / "good.part", dir / "link.part");
  ASSERT_EQ(::mkfifo((dir / "fifo.part").c_str(), 0600), 0);
  for (const char* name : {"folder.part", "zero.part", "link.part", "fifo.part"}) {
    const PartRead r = read_trial_part(dir / name, kRun, 42);
    EXPECT_TRUE(damaged(r)) << name;
    EXPECT_FALSE(r.problem.empty()) << name;
  }
  EXPECT_NE(read_trial_part(dir / "folder.part", kRun, 42).problem.find("folder"), std::string::npos);
  EXPECT_NE(read_trial_part(dir / "zero.part", kRun, 42).problem.find("link"), std::string::npos);
}

// Lengths inside a part are checked against what is left, whatever the checksum says.
TEST(TrialPart, HugeDeclaredLengthsAreRejectedWithoutAllocating) {
  std::string bytes = "NMSIMPT6";
  const auto put = [&](std::uint64_t v) { bytes.append(reinterpret_cast<const char*>(&v), 8); };
  put(kRun);
  put(42);
  bytes.push_back(0);          // not failed
  put(0);                      // failure text
  put(0);                      // duration
  put(0);                      // no counts
  put(0); put(0);              // critical and reflex gain
  bytes.push_back(1);          // has a record
  put(0);
  put(0);                      // index, duration
  put(1);                      // one series
  put(0); put(0); put(0);      // path, unit, description
  put(0); put(0);              // rate, starting time
  put(0);                      // no channels
  put(std::uint64_t{1} << 61);  // 2^61 floats
  const std::uint64_t h = word_checksum(bytes.data() + 8, bytes.size() - 8);  // as the writer computes it
  put(h);
  EXPECT_TRUE(damaged(decode_trial_part(bytes.data(), bytes.size(), kRun, 42)));
}

}  // namespace
}  // namespace nmsim::io::test
