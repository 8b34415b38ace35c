#pragma once
// Shared by the stress suite's tests: a reduction of a bundled dataset scenario generated once per
// test process (its own folder, since ctest runs a suite's tests as concurrent processes), and
// typed access to its /index columns.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <unistd.h>

#include "core/column_table.hpp"
#include "pipeline/dataset_run.hpp"
#include "scenario/overrides.hpp"

namespace nmsim::testing {

template <class T>
const std::vector<T>& column(const ColumnTable& t, const std::string& name) {
  const auto* c = t.find(name);
  if (c == nullptr) throw std::runtime_error("no /index column " + name);
  return std::get<std::vector<T>>(*c);
}

// Generates scenarios/<scenario>.yaml with `subjects` subjects of one trial each (two threads)
// into a fresh folder under the temporary directory; returns the file. remove_reduction cleans up.
inline std::filesystem::path generate_reduction(const std::string& scenario, int subjects) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("nmsim_" + scenario + "_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  pipeline::DatasetRequest r;
  r.scenario_file = fs::path(NMSIM_SOURCE_DIR) / "scenarios" / (scenario + ".yaml");
  r.output = dir / "suite.h5";
  r.threads = 2;
  for (const std::string& set : {"dataset.subjects=" + std::to_string(subjects), std::string("dataset.trials_per_subject=1")})
    r.overrides.push_back(config::parse_override(set));
  pipeline::generate_dataset(r);
  return r.output;
}

inline void remove_reduction(const std::filesystem::path& file) { std::filesystem::remove_all(file.parent_path()); }

}  // namespace nmsim::testing
