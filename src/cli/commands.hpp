#pragma once
// Subcommands share how a scenario is named and overridden on the command line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace nmsim::cli {

struct ScenarioOptions {
  std::string path;
  std::vector<std::string> sets;        // raw "--set a.b=v" values, in order
  std::optional<std::string> seed_text;   // as typed; parsed strictly into `seed`
  std::optional<std::uint64_t> seed;
  scenario::Scenario load() const;
  std::vector<config::Override> overrides() const;
};

struct RunOptions {
  ScenarioOptions scenario;
  std::string output;
  bool quiet = false;
  unsigned threads = 0;  // 0 = all hardware threads
  bool fail_fast = false;
  bool resume = false;
  bool compress = false;
  bool force = false;
  std::string shard;     // "K/N" or empty
  bool blind = false;    // write OUT without the answers and OUT.key.h5 with them
  std::string command_line;
};

// nmsim blind FULL -o OUT: a blind export of an existing dataset (pipeline/blind_export.hpp).
int blind_command(const std::string& full, const std::string& output, bool force, bool quiet);
// nmsim export-mat DATASET -o OUT.mat: the dataset as a MAT v5 file (io/mat_export.hpp).
int export_mat_command(const std::string& dataset, const std::string& output, bool force, bool quiet);

struct StabilityCommandOptions {
  ScenarioOptions scenario;
  std::string phase;  // empty = default phase
};

class MpiSession;
// Under mpirun (session size > 1) every rank generates its shard and rank 0 merges them.
int run_command(const RunOptions& options, const MpiSession& mpi);
int validate_command(const ScenarioOptions& options);
int stability_command(const StabilityCommandOptions& options);
// Lists the bundled scenarios (name, file, description).
int scenarios_command();
// Prints docs/scenarios.md: every key the readers declare while loading the bundled scenarios
// and planning their datasets (scenario/key_catalog.hpp).
int key_reference_command();

}  // namespace nmsim::cli
