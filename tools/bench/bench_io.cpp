// HDF5 write bandwidth vs a raw sequential write of the same bytes (issue #5 target: within
// 2x), for the standard 30 s trial, uncompressed and compressed. Files go to $TMPDIR.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>

#include "io/dataset_writer.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace {

const nmsim::TrialRecord& standard_trial() {
  static const nmsim::TrialRecord r = nmsim::engine::run_trial(
      nmsim::scenario::load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", {}), 0);
  return r;
}

std::int64_t payload_bytes(const nmsim::TrialRecord& r) {
  std::size_t b = r.labels.data.size() * sizeof(nmsim::LabelMask);
  for (const auto& s : r.series) b += s.data.size() * sizeof(float);
  return static_cast<std::int64_t>(b);
}

void BM_Hdf5WriteTrial(benchmark::State& state) {
  const auto& trial = standard_trial();
  const auto out = std::filesystem::temp_directory_path() / "nmsim_bench_io.h5";
  const bool compress = state.range(0) != 0;
  for (auto _ : state) {
    nmsim::io::DatasetWriter w(out, nmsim::io::DatasetWriter::Options{compress, 4, false});
    w.write_trial(trial);
    w.commit();
  }
  state.counters["file_MiB"] = static_cast<double>(std::filesystem::file_size(out)) / 1048576.0;
  std::filesystem::remove(out);
  state.SetBytesProcessed(state.iterations() * payload_bytes(trial));
}
BENCHMARK(BM_Hdf5WriteTrial)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RawWriteSameBytes(benchmark::State& state) {
  const auto& trial = standard_trial();
  const auto out = std::filesystem::temp_directory_path() / "nmsim_bench_io.raw";
  for (auto _ : state) {
    std::FILE* f = std::fopen(out.c_str(), "wb");
    for (const auto& s : trial.series) std::fwrite(s.data.data(), sizeof(float), s.data.size(), f);
    std::fwrite(trial.labels.data.data(), sizeof(nmsim::LabelMask), trial.labels.data.size(), f);
    std::fclose(f);
  }
  std::filesystem::remove(out);
  state.SetBytesProcessed(state.iterations() * payload_bytes(trial));
}
BENCHMARK(BM_RawWriteSameBytes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
