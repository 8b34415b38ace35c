// The recording chain's cost per channel-second (signals/recording_chain.hpp): each stage alone
// (pops and dropouts together) and all of them, on 3 channels × 30 s at 2 kHz, as
// ankle_recording_chain configures them.
// items_per_second counts channel-seconds.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "core/random.hpp"
#include "signals/emg.hpp"
#include "signals/normal_sampler.hpp"
#include "signals/recording_chain.hpp"

namespace {

using nmsim::signals::EmgParams;

constexpr double kSeconds = 30.0, kRate = 2000.0;
constexpr std::size_t kChannels = 3, kSamples = static_cast<std::size_t>(kSeconds * kRate);

std::vector<float> white(std::uint32_t stream) {
  nmsim::RandomStream rs(5, 0, nmsim::RngPurpose::EmgNoise, stream);
  std::vector<float> x(kSamples * kChannels);
  for (float& v : x) v = static_cast<float>(40e-6 * nmsim::signals::ziggurat_normal(rs));
  return x;
}

struct Extra {
  bool transients = false, motion = false, wander = false, ecg = false, coloured = false;
};

EmgParams stages(bool crosstalk, bool powerline, bool adc, Extra extra = {}) {
  EmgParams p;
  p.rate_hz = kRate;
  p.lowpass_hz = 450.0;
  if (crosstalk) p.chain.crosstalk = {{0.0, 0.12, 0.0}, {0.12, 0.0, 0.0}, {0.05, 0.05, 0.0}};
  if (powerline) {
    auto& pl = p.chain.powerline;
    pl.frequency_hz = 50.0;
    pl.snr_db = 9.0;
    pl.harmonics = {0.5, 0.3, 0.2, 0.1};
    pl.drift = 0.2;
    pl.frequency_drift_hz = 0.2;
  }
  if (adc) p.chain.adc = {12, 2.5, 1000.0};
  if (extra.transients) {
    p.chain.pops = {3.0, 3e-3, 0.1};
    p.chain.dropouts = {1.0, 0.0, 0.3};
    p.chain.shifts = {1.0, 1.5, 0.0, 4.0};
  }
  if (extra.motion) p.chain.motion.snr_db = 6.0;
  if (extra.wander) p.chain.wander = {2e-4, 2.0};
  if (extra.ecg) p.chain.ecg.snr_db = 0.0;
  if (extra.coloured) p.chain.coloured_noise.snr_db = 25.0;
  return p;
}

void run(benchmark::State& state, const EmgParams& p) {
  const std::vector<float> clean = white(0);
  std::vector<std::vector<float>> sources;
  for (std::uint32_t c = 0; c < kChannels; ++c) {
    const std::vector<float> s = white(10 + c);
    sources.emplace_back(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(kSamples));
  }
  // A 6.7 Hz clonic foot's angular acceleration at 1 kHz, for the motion artefact.
  std::vector<double> acceleration(static_cast<std::size_t>(kSeconds * 1000.0));
  for (std::size_t k = 0; k < acceleration.size(); ++k)
    acceleration[k] = 40.0 * std::sin(2.0 * 3.141592653589793 * 6.7 * static_cast<double>(k) / 1000.0);
  const nmsim::signals::ChainInputs inputs{sources, acceleration, 1000.0};
  for (auto _ : state) {
    std::vector<float> x = clean;
    nmsim::signals::apply_recording_chain(x, kChannels, inputs, p, 1, 0);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kChannels * kSeconds));
}

void BM_RecordingCrosstalk(benchmark::State& state) { run(state, stages(true, false, false)); }
void BM_RecordingPowerline(benchmark::State& state) { run(state, stages(false, true, false)); }
void BM_RecordingAdc(benchmark::State& state) { run(state, stages(false, false, true)); }
void BM_RecordingTransients(benchmark::State& state) { run(state, stages(false, false, false, {.transients = true})); }
void BM_RecordingMotion(benchmark::State& state) { run(state, stages(false, false, false, {.motion = true})); }
void BM_RecordingWander(benchmark::State& state) { run(state, stages(false, false, false, {.wander = true})); }
void BM_RecordingEcg(benchmark::State& state) { run(state, stages(false, false, false, {.ecg = true})); }
void BM_RecordingColouredNoise(benchmark::State& state) { run(state, stages(false, false, false, {.coloured = true})); }
// Shifts that also move the electrode up to 4 mm deeper (the Poisson-kernel filter, ~0.5-4 ms
// wide at 4 m/s), 3 per minute and channel.
void BM_RecordingShiftsWithDepth(benchmark::State& state) {
  EmgParams p = stages(false, false, false);
  p.chain.shifts = {3.0, 1.5, 0.004, 4.0};
  run(state, p);
}
void BM_RecordingChainAll(benchmark::State& state) {
  run(state, stages(true, true, true, {.transients = true, .motion = true, .wander = true, .ecg = true, .coloured = true}));
}
BENCHMARK(BM_RecordingCrosstalk)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingPowerline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingAdc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingTransients)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingMotion)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingWander)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingEcg)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingColouredNoise)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingShiftsWithDepth)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordingChainAll)->Unit(benchmark::kMillisecond);

// The anti-alias low-pass is part of the amplifier (add_instrumentation): one channel-30 s.
void BM_AmplifierBand(benchmark::State& state) {
  EmgParams p = stages(false, false, false);
  p.lowpass_hz = state.range(0) ? 450.0 : 0.0;
  const std::vector<float> x = white(1);
  const std::vector<float> one(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(kSamples));
  for (auto _ : state) {
    nmsim::RandomStream noise(1, 0, nmsim::RngPurpose::EmgNoise, 0);
    auto y = nmsim::signals::add_instrumentation(one, p, noise);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSeconds));
}
BENCHMARK(BM_AmplifierBand)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
