// End-to-end cost of the standard 30 s ankle-clonus trial (scenarios/ankle_clonus.yaml):
// simulation alone; the engine facade from the file (what nmsim.simulate runs before it hands
// the arrays to Python, tools/bench_python.py); and simulation + EMG + HDF5 write + atomic commit. The "x_realtime"
// counter is simulated seconds per wall second; figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "engine/engine.hpp"
#include "pipeline/dataset_run.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace {

const nmsim::scenario::Scenario& standard_scenario() {
  static const auto s = nmsim::scenario::load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", {});
  return s;
}

void BM_ClonusTrialSimulate(benchmark::State& state) {
  const auto& s = standard_scenario();
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::engine::run_trial(s, 0));
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClonusTrialSimulate)->Unit(benchmark::kMillisecond)->UseRealTime();

// The 15 s jaw-clonus test (scenarios/jaw_clonus.yaml): the 8 ms brainstem loop needs a 0.5 ms
// step, five times the ankle's steps per simulated second.
void BM_JawClonusTrialSimulate(benchmark::State& state) {
  static const auto s = nmsim::scenario::load_scenario(NMSIM_SOURCE_DIR "/scenarios/jaw_clonus.yaml", {});
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::engine::run_trial(s, 0));
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_JawClonusTrialSimulate)->Unit(benchmark::kMillisecond)->UseRealTime();

// YAML, model and run, as nmsim.simulate("ankle_clonus") does without the Python objects.
void BM_ClonusTrialEngineFromFile(benchmark::State& state) {
  for (auto _ : state) {
    const auto sim = nmsim::engine::Simulation::from_file(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml",
                                                          {NMSIM_SOURCE_DIR "/models"});
    benchmark::DoNotOptimize(sim.run(0));
  }
}
BENCHMARK(BM_ClonusTrialEngineFromFile)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ClonusTrialEndToEnd(benchmark::State& state) {
  const auto& s = standard_scenario();
  nmsim::pipeline::DatasetRequest request;
  request.scenario_file = NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml";
  request.output = std::filesystem::temp_directory_path() / "nmsim_bench_trial.h5";
  request.threads = 1;
  for (auto _ : state) nmsim::pipeline::generate_dataset(request);
  std::filesystem::remove(request.output);
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClonusTrialEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
