// The observable registry (engine/observables.hpp) is the one declaration of every series: the
// trials write what it declares, and docs/format.md's series table says the same.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/observables.hpp"

namespace nmsim::engine {
namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" `");
  const auto b = s.find_last_not_of(" `");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

struct DocRow {
  std::string path, unit, channels, rate;
};

// The rows of "Series written by nmsim" in docs/format.md; a rate written `"` repeats the row above.
std::vector<DocRow> documented_series() {
  std::ifstream in(NMSIM_SOURCE_DIR "/docs/format.md");
  std::vector<DocRow> rows;
  bool in_section = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#### Series written by nmsim")) {
      in_section = true;
      continue;
    }
    if (!in_section) continue;
    if (!line.starts_with("|")) {
      if (!rows.empty()) break;
      continue;
    }
    std::vector<std::string> cells;
    for (std::size_t at = 1, bar; (bar = line.find('|', at)) != std::string::npos; at = bar + 1)
      cells.push_back(trim(line.substr(at, bar - at)));
    if (cells.size() < 4 || cells[0] == "path" || cells[0].starts_with("---")) continue;
    DocRow r{cells[0], cells[1], cells[2], cells[3]};
    if (r.rate == "\"") r.rate = rows.at(rows.size() - 1).rate;
    rows.push_back(r);
  }
  return rows;
}

std::string rate_name(SampledAt r) { return r == SampledAt::EmgRate ? "EMG rate" : "kinematics rate"; }

TEST(Observables, DocsFormatTableMatchesTheRegistry) {
  const std::vector<DocRow> rows = documented_series();
  ASSERT_FALSE(rows.empty()) << "no series table found in docs/format.md";
  std::set<std::string> documented;
  for (const DocRow& r : rows) {
    documented.insert(r.path);
    const Observable* o = nullptr;
    for (const Observable& x : observables())
      if (x.path == r.path) o = &x;
    ASSERT_NE(o, nullptr) << "docs/format.md lists '" << r.path << "', which engine/observables.cpp does not declare";
    EXPECT_EQ(r.unit, o->unit) << r.path;
    EXPECT_EQ(r.channels, o->channels) << r.path;
    EXPECT_TRUE(r.rate.starts_with(rate_name(o->rate))) << r.path << ": docs say '" << r.rate << "'";
  }
  for (const Observable& o : observables())
    EXPECT_TRUE(documented.count(std::string(o.path))) << "docs/format.md does not list '" << o.path << "'";
}

// cortical_reflex_myoclonus has myoclonus generators and a supraspinal loop, essential_tremor a
// tremor generator: between them, every observable.
TEST(Observables, ATrialWritesExactlyWhatIsDeclared) {
  std::set<std::string> seen;
  for (const char* name : {"cortical_reflex_myoclonus", "essential_tremor"}) {
    const Simulation sim = Simulation::from_file(std::string(NMSIM_SOURCE_DIR "/scenarios/") + name + ".yaml", {});
    const Trial t = sim.run(0);
    for (const TimeSeries& s : t.record.series) {
      const Observable& o = observable(s.path);
      seen.insert(std::string(o.path));
      EXPECT_EQ(s.unit, o.unit) << s.path;
      EXPECT_EQ(s.description, o.description) << s.path;
      const auto& sig = sim.scenario().signals;
      EXPECT_EQ(s.rate_hz, o.rate == SampledAt::EmgRate ? sig.emg.rate_hz : sig.kinematics.rate_hz) << s.path;
    }
  }
  for (const Observable& o : observables())
    if (o.recorded != RecordedWith::StoreClean) {
      EXPECT_TRUE(seen.count(std::string(o.path))) << o.path << " never written";
    }
  EXPECT_THROW((void)observable("kinematics/no_such"), std::logic_error);
}

}  // namespace
}  // namespace nmsim::engine
