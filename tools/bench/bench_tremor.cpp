// Cost of the tremor look-alikes: drawing a trial's tremor schedule, evaluating its drive (once
// per pool per right-hand-side stage), and whole trials of the bundled tremor scenarios with
// and without their generator ("x_realtime" = simulated seconds per wall second), so the
// look-alike's own cost per simulated second is the difference. Figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/trial_runner.hpp"
#include "physiology/tremor.hpp"
#include "scenario/overrides.hpp"
#include "scenario/scenario.hpp"

namespace {

using nmsim::physiology::TremorActivity;
using nmsim::physiology::TremorGenerator;
using nmsim::physiology::TremorSchedule;

TremorGenerator essential(double broadband) {
  TremorGenerator g;
  g.muscles = {0, 1, 2, 3};
  g.opposed = {false, false, true, true};
  g.active_in = TremorActivity::Always;
  g.frequency_hz = 6.0;
  g.frequency_sd_hz = 0.25;
  g.frequency_correlation_s = 2.0;
  g.amplitude = 0.08;
  g.amplitude_cv = 0.25;
  g.broadband_sd = broadband;
  return g;
}

TremorSchedule make(std::uint64_t trial, double broadband) {
  return TremorSchedule({essential(broadband)}, {{0.0, 60.0, "rest", false}}, 4, 1, trial);
}

// A 60 s schedule for four muscles; Arg(1): with broadband drive per muscle.
void BM_TremorSchedule60s(benchmark::State& state) {
  const double broadband = state.range(0) ? 0.002 : 0.0;
  std::uint64_t trial = 0;
  for (auto _ : state) benchmark::DoNotOptimize(make(trial++, broadband));
}
BENCHMARK(BM_TremorSchedule60s)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// One drive evaluation (one pool, one right-hand-side stage).
void BM_TremorDrive(benchmark::State& state) {
  const TremorSchedule s = make(0, state.range(0) ? 0.002 : 0.0);
  double t = 0.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.drive(t, 1));
    t += 1e-3;
    if (t > 59.0) t = 0.0;
  }
}
BENCHMARK(BM_TremorDrive)->Arg(0)->Arg(1);

// Arg(0): the scenario as bundled; Arg(1): its generator switched off (`enabled: false`).
void run_scenario(benchmark::State& state, const std::string& name, const std::string& generator) {
  std::vector<nmsim::config::Override> sets;
  if (state.range(0)) sets.push_back(nmsim::config::parse_override("tremor." + generator + ".enabled=false"));
  const auto s = nmsim::scenario::load_scenario(std::string(NMSIM_SOURCE_DIR "/scenarios/") + name + ".yaml", sets);
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::engine::run_trial(s, 0));
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
void BM_EssentialTremorTrial(benchmark::State& state) { run_scenario(state, "essential_tremor", "hand"); }
void BM_ParkinsonianTremorTrial(benchmark::State& state) { run_scenario(state, "parkinsonian_rest_tremor", "rest_tremor"); }
void BM_PhysiologicalTremorTrial(benchmark::State& state) { run_scenario(state, "physiological_tremor", "synchrony"); }
BENCHMARK(BM_EssentialTremorTrial)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ParkinsonianTremorTrial)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PhysiologicalTremorTrial)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
