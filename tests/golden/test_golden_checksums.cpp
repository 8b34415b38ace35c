// Behaviour guard: every bundled scenario, run by the built nmsim, gives the same series, labels
// and events as when tests/golden/checksums.txt was written. The checksums are taken over the
// data read back from the HDF5 file (not its bytes, so provenance and timestamps do not count).
// NMSIM_UPDATE_GOLDEN=1 rewrites the file; a commit that does so must say why (docs/testing.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../cli/cli_harness.hpp"
#include "core/checksum.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::golden_test {
namespace {

namespace fs = std::filesystem;
using cli_test::CliTest;
using cli_test::RunResult;

const fs::path kGoldenFile = fs::path(NMSIM_SOURCE_DIR) / "tests" / "golden" / "checksums.txt";

// Dataset scenarios run a few subjects with one trial each, enough for every class and split
// (all their trials would take minutes); every other scenario runs as bundled. A new dataset
// scenario needs an entry here.
const std::map<std::string, std::vector<std::string>> kReductions = {
    {"clonus_dataset", {"dataset.subjects=7", "dataset.trials_per_subject=1"}},
    {"wrist_dataset", {"dataset.subjects=8", "dataset.trials_per_subject=1"}},
    {"myoclonus_origin_dataset", {"dataset.subjects=8", "dataset.trials_per_subject=1"}},
    {"stress_suite", {"dataset.subjects=20", "dataset.trials_per_subject=1"}},  // every class gets a subject
    {"stress_suite_jaw", {"dataset.subjects=8", "dataset.trials_per_subject=1"}},
};

// Order-sensitive hash of values and strings; strings carry their length so that
// ("ab","c") and ("a","bc") differ.
class Hasher {
 public:
  template <class T>
  void pod(const T& v) {
    bytes(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void array(const std::vector<T>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void text(const std::string& s) {
    pod(static_cast<std::uint64_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void texts(const std::vector<std::string>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    for (const auto& s : v) text(s);
  }
  // The hash of everything fed (call once, at the end), in hex.
  std::string finish() {
    sum_.update(pending_.data(), pending_.size());
    pending_.clear();
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(sum_.value()));
    return buf;
  }

 private:
  // WordChecksum takes whole words except in its last call: buffer the tail.
  void bytes(const char* p, std::size_t n) {
    pending_.append(p, n);
    const std::size_t whole = pending_.size() / 8 * 8;
    sum_.update(pending_.data(), whole);
    pending_.erase(0, whole);
  }
  WordChecksum sum_;
  std::string pending_;
};

// One line per trial and item: "<scenario> <trial> <item> <hash>".
std::vector<std::string> checksum_lines(const std::string& scenario, const fs::path& file) {
  std::vector<std::string> lines;
  const io::DatasetReader reader(file);
  for (const std::uint64_t t : reader.trial_indices()) {
    const std::string prefix = scenario + " " + std::to_string(t) + " ";
    for (const std::string& path : reader.series_paths(t)) {
      const TimeSeries s = reader.read_series(t, path);
      Hasher h;
      h.text(s.unit);
      h.pod(s.rate_hz);
      h.pod(s.starting_time_s);
      h.texts(s.channels);
      h.array(s.data);
      lines.push_back(prefix + "series:" + path + " " + h.finish());
    }
    {
      const LabelSeries l = reader.read_labels(t);
      Hasher h;
      h.pod(l.rate_hz);
      h.pod(l.starting_time_s);
      h.texts(l.channels);
      h.texts(reader.label_bit_names(t));
      h.array(l.data);
      lines.push_back(prefix + "labels " + h.finish());
    }
    {
      const EventTable e = reader.read_events(t);
      Hasher h;
      h.texts(reader.event_columns(t));
      h.array(e.start_time());
      h.array(e.stop_time());
      h.texts(e.label());
      h.texts(e.channel());
      h.array(e.parent());
      for (const auto& [name, col] : e.real_columns()) {
        h.text(name);
        h.array(col);
      }
      for (const auto& [name, col] : e.int_columns()) {
        h.text(name);
        h.array(col);
      }
      lines.push_back(prefix + "events " + h.finish());
    }
  }
  return lines;
}

std::vector<std::string> read_golden() {
  std::vector<std::string> lines;
  std::ifstream in(kGoldenFile);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  return lines;
}

bool has_dataset_block(const fs::path& scenario) {
  std::ifstream in(scenario);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("dataset:", 0) == 0) return true;
  return false;
}

using GoldenChecksums = CliTest;

TEST_F(GoldenChecksums, EveryBundledScenarioMatches) {
  std::vector<fs::path> scenarios;
  for (const auto& entry : fs::directory_iterator(fs::path(NMSIM_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".yaml") scenarios.push_back(entry.path());
  std::sort(scenarios.begin(), scenarios.end());
  ASSERT_GE(scenarios.size(), 2u);

  std::vector<std::string> actual;
  for (const fs::path& file : scenarios) {
    const std::string name = file.stem().string();
    std::vector<std::string> args{"run", file.string(), "-o", (out() / (name + ".h5")).string(), "-q"};
    if (const auto it = kReductions.find(name); it != kReductions.end()) {
      for (const auto& set : it->second) args.insert(args.end(), {"--set", set});
    } else {
      EXPECT_FALSE(has_dataset_block(file)) << name << " plans a dataset: give it a reduction in kReductions";
    }
    const RunResult r = nmsim(args);
    ASSERT_EQ(r.exit_code, 0) << name << "\n" << r.err;
    const auto lines = checksum_lines(name, out() / (name + ".h5"));
    EXPECT_FALSE(lines.empty()) << name;
    actual.insert(actual.end(), lines.begin(), lines.end());
  }

  if (const char* update = std::getenv("NMSIM_UPDATE_GOLDEN"); update && std::strcmp(update, "1") == 0) {
    std::ofstream out(kGoldenFile);
    out << "# Golden checksums of every bundled scenario (tests/golden/test_golden_checksums.cpp).\n"
           "# <scenario> <trial> <item> <FNV-1a 64 of the item's data read back from the HDF5 file>\n"
           "# Rewritten by NMSIM_UPDATE_GOLDEN=1; a commit that changes it must say why.\n";
    for (const auto& line : actual) out << line << "\n";
    ASSERT_TRUE(out.good()) << "could not write " << kGoldenFile;
    GTEST_SKIP() << "rewrote " << kGoldenFile << " (" << actual.size() << " checksums)";
  }

  const std::vector<std::string> golden = read_golden();
  ASSERT_FALSE(golden.empty()) << kGoldenFile << " is missing or empty: run with NMSIM_UPDATE_GOLDEN=1";
  std::vector<std::string> want = golden, got = actual, missing, unexpected;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(unexpected));
  std::ostringstream diff;
  for (const auto& l : missing) diff << "  expected: " << l << "\n";
  for (const auto& l : unexpected) diff << "  got:      " << l << "\n";
  EXPECT_TRUE(missing.empty() && unexpected.empty())
      << "behaviour changed (or checksums.txt is stale; NMSIM_UPDATE_GOLDEN=1 rewrites it):\n"
      << diff.str();
}

}  // namespace
}  // namespace nmsim::golden_test
