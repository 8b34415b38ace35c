// Cost of myoclonus: drawing a trial's volley schedule, evaluating the volley drive (once per
// pool per right-hand side), and whole trials of the bundled myoclonus scenarios
// ("x_realtime" = simulated seconds per wall second). Figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "physiology/myoclonus.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace {

using nmsim::physiology::MyoclonusGenerator;
using nmsim::physiology::MyoclonusOrigin;
using nmsim::physiology::MyoclonusSchedule;

MyoclonusGenerator poisson_generator() {
  MyoclonusGenerator g;
  g.origin = MyoclonusOrigin::Propriospinal;
  g.muscles = {0, 1, 2, 3};
  g.process = MyoclonusGenerator::Process::poisson;
  g.rate_hz = 2.0;
  g.refractory_s = 0.1;
  g.amplitude = nmsim::core::Distribution::constant(0.3);
  g.duration_s = nmsim::core::Distribution::constant(0.2);
  g.spread_velocity_m_s = 5.4;
  g.origin_position_m = 0.25;
  return g;
}

MyoclonusSchedule make(std::uint64_t trial) {
  return MyoclonusSchedule({poisson_generator()}, {0.21, 0.29, 0.25, 0.37}, {"rest"}, {0.0, 60.0}, {}, 1, trial);
}

// A 60 s schedule (~120 jerks, 480 volleys).
void BM_MyoclonusSchedule60s(benchmark::State& state) {
  std::uint64_t trial = 0;
  for (auto _ : state) benchmark::DoNotOptimize(make(trial++));
}
BENCHMARK(BM_MyoclonusSchedule60s)->Unit(benchmark::kMicrosecond);

// One drive evaluation (one pool, one right-hand-side stage).
void BM_MyoclonusDrive(benchmark::State& state) {
  const MyoclonusSchedule s = make(0);
  double t = 0.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.drive(t, 1));
    t += 1e-3;
    if (t > 59.0) t = 0.0;
  }
}
BENCHMARK(BM_MyoclonusDrive);

void run_scenario(benchmark::State& state, const std::string& name) {
  const auto s = nmsim::scenario::load_scenario(std::string(NMSIM_SOURCE_DIR "/scenarios/") + name + ".yaml", {});
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::engine::run_trial(s, 0));
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
void BM_CorticalMyoclonusTrial(benchmark::State& state) { run_scenario(state, "cortical_reflex_myoclonus"); }
void BM_StartleTrial(benchmark::State& state) { run_scenario(state, "brainstem_startle"); }
void BM_PropriospinalTrial(benchmark::State& state) { run_scenario(state, "propriospinal_myoclonus"); }
void BM_NegativeMyoclonusTrial(benchmark::State& state) { run_scenario(state, "negative_myoclonus"); }
BENCHMARK(BM_CorticalMyoclonusTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StartleTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PropriospinalTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_NegativeMyoclonusTrial)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
