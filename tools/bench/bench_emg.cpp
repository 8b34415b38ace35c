// EMG synthesis throughput. Target: a 30 s, 3-muscle trial at 2 kHz in well under 15 ms
// (the whole pipeline must run ≥ 500× real time).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/random.hpp"
#include "signals/emg.hpp"
#include "signals/motor_unit_pool.hpp"

namespace {

using nmsim::RandomStream;
using nmsim::RngPurpose;
using nmsim::signals::EmgParams;
using nmsim::signals::MotorUnitPool;
using nmsim::signals::MotorUnitPoolParams;
using nmsim::signals::Spike;

constexpr double kSeconds = 30.0;

// Ankle-clonus-like drive: 6 Hz bursts (40 % duty, half-sine) on a tonic background, plus
// AR(1) jitter of standard deviation `jitter_sd` and correlation time `jitter_tau_s`, as an
// ODE with noisy inputs would produce. Jitter makes units near threshold toggle in and out
// of recruitment, which is what costs time beyond the discharges themselves.
std::vector<double> clonus_drive(double rate_hz, double background, double peak, std::uint64_t seed,
                                 double jitter_sd = 0.005, double jitter_tau_s = 0.010) {
  const auto n = static_cast<std::size_t>(kSeconds * rate_hz);
  std::vector<double> u(n);
  RandomStream jitter(seed, 0, RngPurpose::Generator, 0);
  const double a = std::exp(-1.0 / (rate_hz * jitter_tau_s));
  const double innovation = jitter_sd * std::sqrt(1.0 - a * a);
  double smooth = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    const double cycle = std::fmod(t * 6.0, 1.0);
    const double burst = cycle < 0.4 ? std::sin(std::numbers::pi * cycle / 0.4) : 0.0;
    smooth = a * smooth + innovation * jitter.normal();
    u[k] = std::max(0.0, background + (peak - background) * burst + smooth);
  }
  return u;
}

MotorUnitPoolParams soleus() {
  MotorUnitPoolParams p;
  p.n_units = 180;
  p.min_rate_hz = 6.0;
  p.peak_rate_first_hz = 16.0;
  p.peak_rate_last_hz = 11.0;
  return p;
}

// One trial: three muscles (soleus in clonus, gastrocnemius co-bursting, tibialis anterior
// tonic), pools drawn per trial, EMG with noise and spike ground truth. Arg: jitter
// correlation time in 0.1 ms (100 = 10 ms, physiologically filtered; 25 = 2.5 ms, harsh).
void BM_EmgClonusTrial3Muscles(benchmark::State& state) {
  const double fs = 2000.0;
  const double tau = static_cast<double>(state.range(0)) * 1e-4;
  const std::vector<std::vector<double>> drive = {clonus_drive(fs, 0.05, 0.5, 1, 0.005, tau),
                                                   clonus_drive(fs, 0.03, 0.35, 2, 0.005, tau),
                                                   clonus_drive(fs, 0.06, 0.08, 3, 0.005, tau)};
  const std::vector<MotorUnitPoolParams> params = {soleus(), MotorUnitPoolParams{}, MotorUnitPoolParams{}};
  EmgParams emg_params;
  emg_params.rate_hz = fs;
  std::size_t spikes_total = 0;
  for (auto _ : state) {
    spikes_total = 0;
    for (std::uint32_t m = 0; m < 3; ++m) {
      const MotorUnitPool pool(params[m], RandomStream(42, 0, RngPurpose::MotorUnitPool, m));
      RandomStream firing(42, 0, RngPurpose::MotorUnitFiring, m);
      RandomStream noise(42, 0, RngPurpose::EmgNoise, m);
      std::vector<Spike> spikes;
      auto emg = nmsim::signals::simulate_emg(pool, drive[m], emg_params, firing, noise, &spikes);
      benchmark::DoNotOptimize(emg.data());
      spikes_total += spikes.size();
    }
  }
  state.counters["spikes"] = static_cast<double>(spikes_total);
  state.counters["x_realtime"] =
      benchmark::Counter(kSeconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EmgClonusTrial3Muscles)->Arg(100)->Arg(25)->Unit(benchmark::kMillisecond);

// One muscle, 30 s of constant excitation u = range(0)/100, without noise or spike output.
void BM_EmgConstant(benchmark::State& state) {
  const double fs = 2000.0;
  const double u = static_cast<double>(state.range(0)) / 100.0;
  const std::vector<double> drive(static_cast<std::size_t>(kSeconds * fs), u);
  const MotorUnitPool pool(MotorUnitPoolParams{}, RandomStream(42, 0, RngPurpose::MotorUnitPool, 0));
  for (auto _ : state) {
    RandomStream firing(42, 0, RngPurpose::MotorUnitFiring, 0);
    auto emg = pool.synthesize(drive, fs, firing);
    benchmark::DoNotOptimize(emg.data());
  }
}
BENCHMARK(BM_EmgConstant)->Arg(0)->Arg(10)->Arg(30)->Arg(60)->Arg(100)->Unit(benchmark::kMillisecond);

// One muscle in clonus at 1, 2, 5 and 10 kHz, with noise.
void BM_EmgRate(benchmark::State& state) {
  const auto fs = static_cast<double>(state.range(0));
  const std::vector<double> drive = clonus_drive(fs, 0.05, 0.5, 1);
  const MotorUnitPool pool(MotorUnitPoolParams{}, RandomStream(42, 0, RngPurpose::MotorUnitPool, 0));
  EmgParams emg_params;
  emg_params.rate_hz = fs;
  for (auto _ : state) {
    RandomStream firing(42, 0, RngPurpose::MotorUnitFiring, 0);
    RandomStream noise(42, 0, RngPurpose::EmgNoise, 0);
    auto emg = nmsim::signals::simulate_emg(pool, drive, emg_params, firing, noise);
    benchmark::DoNotOptimize(emg.data());
  }
}
BENCHMARK(BM_EmgRate)->Arg(1000)->Arg(2000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Pool construction alone (done once per muscle per trial).
void BM_PoolConstruction(benchmark::State& state) {
  for (auto _ : state) {
    const MotorUnitPool pool(MotorUnitPoolParams{}, RandomStream(42, 0, RngPurpose::MotorUnitPool, 0));
    benchmark::DoNotOptimize(&pool);
  }
}
BENCHMARK(BM_PoolConstruction)->Unit(benchmark::kMicrosecond);

}  // namespace
