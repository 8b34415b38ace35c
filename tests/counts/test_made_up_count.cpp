// Issue 10's acceptance idea for counts: a count registered by a labeller outside the engine (here a
// made-up one, the number of event rows of a trial) reaches the resume parts (one shard is
// interrupted and resumed), /index, merge, the
// run summary and inspect with no other code change. Its own executable: the registration is
// process-wide and would add a column to every other test's /index.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "cli/inspect.hpp"
#include "core/interrupt.hpp"
#include "engine/count_registry.hpp"
#include "io/dataset_reader.hpp"
#include "pipeline/dataset_run.hpp"
#include "pipeline/merge.hpp"
#include "../support/short_ankle_clonus.hpp"

namespace nmsim::testing {
namespace {

namespace fs = std::filesystem;

// The bundled clonus scenario, short, as a dataset of 2 subjects × 2 trials.
std::string small_dataset() {
  return short_ankle_clonus(NMSIM_SOURCE_DIR) + "dataset:\n  subjects: 2\n  trials_per_subject: 2\n";
}

template <class T>
const std::vector<T>& column(const ColumnTable& t, const std::string& name) {
  const auto* c = t.find(name);
  if (c == nullptr || !std::holds_alternative<std::vector<T>>(*c)) throw std::runtime_error("no column " + name);
  return std::get<std::vector<T>>(*c);
}

TEST(GenericCounts, MadeUpCountReachesIndexMergeRunSummaryAndInspect) {
  engine::register_count({"made_up_rows", CountKind::total, "made-up", "event row", "event rows",
                          [](const TrialRecord& r) { return static_cast<double>(r.events.size()); }});
  const fs::path dir = fs::temp_directory_path() / "nmsim_made_up_count";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "s.yaml") << small_dataset();

  std::vector<fs::path> shards;
  std::uint64_t shard_rows = 0;
  for (std::uint64_t k : {1u, 2u}) {
    pipeline::DatasetRequest r;
    r.scenario_file = dir / "s.yaml";
    r.output = dir / ("shard" + std::to_string(k) + ".h5");
    r.shard = pipeline::Shard{k, 2};
    r.threads = 1;
    if (k == 1) {  // interrupted after its first trial and resumed: that trial's count comes from its part
      EXPECT_THROW(pipeline::generate_dataset(r, [](const pipeline::Progress& p) { if (p.done == 1) request_stop(); }),
                   Interrupted);
      clear_stop_request();
      r.resume = true;
    }
    const auto run = pipeline::generate_dataset(r);
    if (k == 1) {
      EXPECT_EQ(run.reused, 1u);
    }
    shards.push_back(r.output);
    // The run summary phrases it from the registry's words.
    shard_rows += run.labels.total("made_up_rows");
    EXPECT_NE(run.labels.describe().find("made-up: " + std::to_string(run.labels.total("made_up_rows")) + " event rows"),
              std::string::npos)
        << run.labels.describe();
  }
  const auto merged = pipeline::merge_shards(shards, dir / "merged.h5", "test merge");
  EXPECT_EQ(merged.labels.total("made_up_rows"), shard_rows);
  EXPECT_NE(merged.labels.describe().find("made-up: " + std::to_string(shard_rows) + " event rows"), std::string::npos)
      << merged.labels.describe();

  // /index: the column follows the built-in counts, and each row is its trial's event rows.
  const io::DatasetReader reader(dir / "merged.h5");
  const ColumnTable index = reader.read_index();
  std::vector<std::string> names;
  for (const auto& c : index.columns()) names.push_back(c.first);
  const auto at = std::find(names.begin(), names.end(), "made_up_rows");
  ASSERT_NE(at, names.end());
  const auto& registry = engine::count_registry();
  const auto spec = std::find_if(registry.begin(), registry.end(), [](const auto& c) { return c.name == "made_up_rows"; });
  ASSERT_NE(spec, registry.begin());
  EXPECT_EQ(*(at - 1), (spec - 1)->name);  // the last built-in count
  const auto& rows = column<std::int64_t>(index, "made_up_rows");
  const auto& trial = column<std::int64_t>(index, "trial");
  ASSERT_EQ(rows.size(), 4u);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto events = reader.read_events(static_cast<std::uint64_t>(trial[i]));
    EXPECT_EQ(rows[i], static_cast<std::int64_t>(events.size())) << "trial " << trial[i];
    EXPECT_GT(rows[i], 0);
    sum += static_cast<std::uint64_t>(rows[i]);
  }
  EXPECT_EQ(sum, shard_rows);

  // inspect reads the file with its extra column as any other (it shows no counts today).
  std::ostringstream out;
  cli::print_dataset_summary(cli::summarize_dataset(dir / "merged.h5"), out);
  EXPECT_NE(out.str().find("trials:     4 planned, 4 written"), std::string::npos) << out.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nmsim::testing
