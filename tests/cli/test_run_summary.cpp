// The summary line of `nmsim run` names what the scenario produced: a dystonia scenario's events
// and a myoclonus scenario's jerks (the numbers of /index), never "clonus: 0 episode(s)".
#include <gtest/gtest.h>

#include <variant>

#include "cli_harness.hpp"
#include "io/dataset_reader.hpp"

namespace nmsim::cli_test {
namespace {

using RunSummary = CliTest;

std::int64_t index_count(const fs::path& file, const std::string& column) {
  const ColumnTable index = io::DatasetReader(file).read_index();
  const auto* c = index.find(column);
  if (!c || !std::holds_alternative<std::vector<std::int64_t>>(*c)) {
    ADD_FAILURE() << "no integer column " << column;
    return -1;
  }
  std::int64_t sum = 0;
  for (const std::int64_t v : std::get<std::vector<std::int64_t>>(*c)) sum += v;
  return sum;
}

TEST_F(RunSummary, NamesWhatEachPhenotypeProduced) {
  const fs::path scenarios = fs::path(NMSIM_SOURCE_DIR) / "scenarios";
  struct Case {
    const char* file;
    std::vector<std::string> sets;
    const char* column;
    std::string what, unit;  // "dystonia: 16 events"
  };
  const std::vector<Case> cases = {
      {"cervical_spasms.yaml", {"--set", "protocol[0].duration=6"}, "dystonia_events", "dystonia", "event"},
      {"cortical_reflex_myoclonus.yaml", {}, "myoclonic_jerks", "myoclonus", "jerk"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const fs::path target = out() / (std::string(c.file) + ".h5");
    std::vector<std::string> args{"run", (scenarios / c.file).string(), "-o", target.string()};
    args.insert(args.end(), c.sets.begin(), c.sets.end());
    const RunResult r = nmsim(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::int64_t n = index_count(target, c.column);
    ASSERT_GT(n, 0) << "the scenario produced nothing to summarise";
    const std::string expected = c.what + ": " + std::to_string(n) + " " + c.unit + (n == 1 ? "" : "s");
    EXPECT_NE(r.out.find(expected), std::string::npos) << "expected \"" << expected << "\" in:\n" << r.out;
    EXPECT_EQ(r.out.find(" clonus"), std::string::npos) << r.out;  // " clonus: 0 episodes", not "myoclonus"
  }
}

}  // namespace
}  // namespace nmsim::cli_test
