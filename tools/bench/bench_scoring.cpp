// Scoring speed (issue #12 target: 10,000 trials' detections in seconds). Synthetic trials
// shaped like the clonus benchmark's: 12 s at 2 kHz, 3 channels, per channel one clonus
// episode of 40 beats; the detections are the truth jittered by a few ms, with 10 % of the
// beats missed, 10 % spurious ones and a score each. BM_ScoreTrials times the scorer alone
// (matching, error classes, samples, curves, strata, the report); reading a dataset file is
// timed by `nmsim score` (docs/performance.md).
#include <benchmark/benchmark.h>

#include <random>

#include "scoring/report_markdown.hpp"
#include "scoring/scorer.hpp"

namespace {

using namespace nmsim;

struct SyntheticSet {
  std::vector<EventTable> events;
  scoring::DetectionTable detections;
  ColumnTable index;
};

const SyntheticSet& synthetic(std::size_t trials) {
  static std::map<std::size_t, SyntheticSet> cache;
  if (auto it = cache.find(trials); it != cache.end()) return it->second;
  SyntheticSet s;
  std::mt19937_64 rng(12);
  std::normal_distribution<double> jitter(0.0, 0.005);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const char* channels[] = {"soleus", "gastrocnemius", "tibialis_anterior"};
  std::vector<std::int64_t> trial_col;
  std::vector<std::string> phenotype;
  std::vector<double> ratio;
  for (std::size_t t = 0; t < trials; ++t) {
    EventTable e;
    for (const char* ch : channels) {
      const double t0 = 1.2 + u(rng);
      const std::size_t ep = e.add(t0, t0 + 40 / 6.8, "clonus_episode", ch);
      e.set_real(ep, "frequency", 6.8);
      const std::size_t d = s.detections.add(t, ch, "clonus_episode", t0 + jitter(rng), t0 + 40 / 6.8 + jitter(rng), u(rng));
      s.detections.set_value(d, "frequency", 6.8 + jitter(rng));
      for (int b = 0; b < 40; ++b) {
        const double a = t0 + b / 6.8;
        e.add(a, a + 0.06, "clonus_beat", ch, static_cast<std::int64_t>(ep));
        if (u(rng) > 0.1) s.detections.add(t, ch, "clonus_beat", a + jitter(rng), a + 0.06 + jitter(rng), u(rng));
        if (u(rng) < 0.1) s.detections.add(t, ch, "clonus_beat", a + 0.07, a + 0.1, 0.5 * u(rng));
      }
    }
    s.events.push_back(std::move(e));
    trial_col.push_back(static_cast<std::int64_t>(t));
    phenotype.push_back(t % 3 == 0 ? "healthy" : t % 3 == 1 ? "borderline" : "clonus");
    ratio.push_back(0.6 + 1.9 * u(rng));
  }
  s.index.add("trial", trial_col);
  s.index.add("phenotype", phenotype);
  s.index.add("critical_gain_ratio", ratio);
  return cache.emplace(trials, std::move(s)).first->second;
}

void BM_ScoreTrials(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const SyntheticSet& s = synthetic(n);
  for (auto _ : state) {
    scoring::Scorer scorer({}, s.detections, {}, &s.index);
    for (std::size_t t = 0; t < n; ++t) scorer.add_trial({t, 12.0, &s.events[t], {2000.0, 0.0, 24000}, nullptr, nullptr});
    const scoring::Json report = scorer.report(scoring::Json::object());
    benchmark::DoNotOptimize(report.dump().size() + scoring::report_markdown(report).size());
  }
  state.counters["detections"] = static_cast<double>(s.detections.size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_ScoreTrials)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
