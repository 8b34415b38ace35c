#include "pipeline/blind_export.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/output_target.hpp"

namespace nmsim::pipeline {
namespace {

constexpr std::array<const char*, 5> kBlindIndexColumns = {"trial", "subject", "split", "status", "duration"};

// The parts of a trial a blind file keeps: not the model's internals, and not the clean EMG
// beside a degraded one (it would hand the detector what the recording chain took away).
TrialRecord blind_trial(TrialRecord t) {
  std::erase_if(t.series,
                [](const TimeSeries& s) { return s.path.rfind("internals/", 0) == 0 || s.path == "emg_clean"; });
  t.labels = LabelSeries{};
  t.artefacts = LabelSeries{};  // where the artefacts are is part of the answer
  t.parameters.clear();
  t.parameter_units.clear();
  t.parameter_sources.clear();
  EventTable stimuli;
  for (std::size_t i = 0; i < t.events.size(); ++i)
    if (t.events.label()[i].rfind("stimulus_", 0) == 0)
      stimuli.add(t.events.start_time()[i], t.events.stop_time()[i], t.events.label()[i], t.events.channel()[i]);
  t.events = std::move(stimuli);
  return t;
}

}  // namespace

std::filesystem::path answer_key_path(const std::filesystem::path& output) {
  std::filesystem::path key = output;
  key.replace_extension(".key" + output.extension().string());
  return key;
}

void export_blind(const std::filesystem::path& full, const std::filesystem::path& blind, bool force) {
  io::check_output_target(blind, {{full, "dataset"}}, force);
  const io::DatasetReader reader(full);
  if (reader.is_blind()) throw InputError({full.string()}, "", "is already a blind export; export from its answer key");
  const std::vector<std::uint64_t> trials = reader.trial_indices();
  io::DatasetWriter::Options options;
  options.expected_trials = trials.size();
  io::DatasetWriter writer(blind, options);
  writer.mark_blind();
  Provenance kept;
  if (reader.has_provenance()) {
    const Provenance p = reader.read_provenance();
    kept.nmsim_version = p.nmsim_version;
    kept.shard = p.shard;
  }
  writer.write_provenance(kept);
  for (const std::uint64_t t : trials) writer.write_trial(blind_trial(reader.read_trial(t)));
  if (reader.has_index()) {
    const ColumnTable index = reader.read_index();
    ColumnTable out;
    for (const char* name : kBlindIndexColumns)
      if (const auto* column = index.find(name)) out.add(name, *column);
    writer.write_index(out);
  }
  writer.commit();
}

}  // namespace nmsim::pipeline
