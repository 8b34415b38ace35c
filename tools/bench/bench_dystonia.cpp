// Cost of the supraspinal (cortex–basal ganglia–thalamus) loop: its right-hand side alone,
// and whole dystonia trials of the bundled scenarios, reported per simulated second
// ("x_realtime" = simulated seconds per wall second). Figures go to docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "physiology/supraspinal_loop.hpp"
#include "engine/trial_runner.hpp"
#include "scenario/scenario.hpp"

namespace {

using nmsim::physiology::Phase;
using nmsim::physiology::SupraspinalLoop;
using nmsim::physiology::SupraspinalParams;

// One evaluation of the loop's derivatives (patient + healthy twin), `channels` channels.
void BM_SupraspinalDerivatives(benchmark::State& state) {
  SupraspinalParams p;
  p.enabled = true;
  for (int i = 0; i < state.range(0); ++i) p.channels.push_back({"c" + std::to_string(i), {0}, 0.5});
  Phase ph;
  ph.duration_s = 10.0;
  ph.command.assign(p.channels.size(), 0.0);
  ph.command[0] = 0.5;
  SupraspinalLoop loop(p, {ph});
  const auto noise = loop.draw_noise(1, 0, 10.0);
  std::vector<double> x(loop.state_size(), 0.1), dx(x.size()), ll(p.channels.size(), 0.01);
  double t = 0.0;
  for (auto _ : state) {
    loop.derivatives(t, 0, x.data(), ll.data(), dx.data(), noise);
    benchmark::DoNotOptimize(dx.data());
    t += 1e-4;
    if (t > 9.0) t = 0.0;
  }
}
BENCHMARK(BM_SupraspinalDerivatives)->Arg(2)->Arg(4)->Arg(8);

void run_scenario(benchmark::State& state, const std::string& name, const std::vector<std::string>& sets) {
  std::vector<nmsim::config::Override> o;
  for (const auto& s : sets) o.push_back(nmsim::config::parse_override(s));
  const auto s = nmsim::scenario::load_scenario(std::string(NMSIM_SOURCE_DIR "/scenarios/") + name + ".yaml", o);
  for (auto _ : state) benchmark::DoNotOptimize(nmsim::engine::run_trial(s, 0));
  state.counters["x_realtime"] =
      benchmark::Counter(s.duration_s() * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_WritersCrampTrial(benchmark::State& state) { run_scenario(state, "wrist_writers_cramp", {}); }
void BM_CervicalDystoniaTrial(benchmark::State& state) { run_scenario(state, "cervical_dystonia", {}); }
void BM_Dyt1LegTrial(benchmark::State& state) { run_scenario(state, "dyt1_leg_dystonia", {}); }
// The same leg trial without the loop (no commands: the protocol's tasks become rest): the
// difference to BM_Dyt1LegTrial is the loop's cost at the ankle's 2.5 ms step.
void BM_Dyt1LegTrialWithoutLoop(benchmark::State& state) {
  run_scenario(state, "dyt1_leg_dystonia",
               {"parameters.supraspinal.enabled=false", "protocol[1]={name: foot_up, task: dorsiflexion_hold, duration: 8.0}"});
}
BENCHMARK(BM_WritersCrampTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CervicalDystoniaTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Dyt1LegTrial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Dyt1LegTrialWithoutLoop)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
