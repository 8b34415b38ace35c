#include "pipeline/dataset_run.hpp"

#include "io/dataset_writer.hpp"
#include "nmsim/version.hpp"

namespace nmsim::pipeline {

Provenance make_provenance(const scenario::Scenario& s, const std::string& command_line) {
  Provenance p;
  p.scenario_yaml = s.resolved_yaml;
  p.model_yaml = s.model_yaml;
  p.seed = s.seed;
  p.command_line = command_line;
  p.nmsim_version = kVersion;
  p.scenario_path = s.scenario_path.string();
  p.model_path = s.model_path.string();
  return p;
}

RunSummary generate_dataset(const scenario::Scenario& s, const std::filesystem::path& output,
                            const Provenance& provenance,
                            const std::function<void(std::uint64_t, const TrialStats&)>& on_trial) {
  const auto start = std::chrono::steady_clock::now();
  RunSummary summary;
  summary.output = output;
  // The writer owns a temporary file; if anything below throws, its destructor deletes it.
  io::DatasetWriter writer(output);
  writer.write_provenance(provenance);
  for (std::uint64_t trial = 0; trial < s.trials; ++trial) {
    TrialStats stats;
    const TrialRecord rec = run_trial(s, trial, &stats);
    writer.write_trial(rec);
    summary.trials++;
    summary.simulated_s += rec.duration_s;
    summary.clonus_episodes += stats.clonus_episodes;
    summary.clonus_beats += stats.clonus_beats;
    if (stats.clonus_episodes > 0) summary.clonus_frequency_hz = stats.clonus_frequency_hz;
    if (on_trial) on_trial(trial + 1, stats);
  }
  writer.commit();
  summary.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace nmsim::pipeline
