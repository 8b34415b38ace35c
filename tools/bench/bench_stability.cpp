// Cost of the stability analysis of the standard ankle scenario: the full report that
// `nmsim stability` prints, and the fast critical-gain search that a dataset with
// `relative_to: critical_gain` runs once per trial. Figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include "analysis/stability.hpp"
#include "scenario/scenario.hpp"

namespace {

const nmsim::scenario::Scenario& standard_scenario() {
  static const auto s = nmsim::scenario::load_scenario(NMSIM_SOURCE_DIR "/scenarios/ankle_clonus.yaml", {});
  return s;
}

void BM_StabilityFullReport(benchmark::State& state) {
  const auto& s = standard_scenario();
  const std::size_t phase = nmsim::analysis::default_stability_phase(s.protocol);
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::analysis::analyse_stability(s.model.physiology, s.protocol, phase));
}
BENCHMARK(BM_StabilityFullReport)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CriticalGainPerTrial(benchmark::State& state) {
  const auto& s = standard_scenario();
  const std::size_t phase = nmsim::analysis::default_stability_phase(s.protocol);
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::analysis::critical_gain(s.model.physiology, s.protocol, phase));
}
BENCHMARK(BM_CriticalGainPerTrial)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
