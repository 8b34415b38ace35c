#include "physiology/tremor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/random.hpp"

namespace nmsim::physiology {
namespace {

constexpr double kGrid_s = 0.002;  // node spacing of the phase and modulation interpolants

// Substreams per generator: the frequency wander, the amplitude modulation, the onset latencies
// and each muscle's broadband drive never share numbers.
enum Substream : std::uint32_t { kFrequency = 0, kModulation = 1, kLatency = 2, kBroadband = 3, kStreamsPerGenerator = 64 };

RandomStream stream(std::uint64_t seed, std::uint64_t trial, std::size_t generator, std::uint32_t s) {
  return RandomStream(seed, trial, RngPurpose::Tremor, static_cast<std::uint32_t>(generator) * kStreamsPerGenerator + s);
}

bool active(const TremorGenerator& g, const TremorPhase& p, std::size_t index) {
  switch (g.active_in) {
    case TremorActivity::Rest: return !p.voluntary;
    case TremorActivity::Action: return p.voluntary;
    case TremorActivity::Always: return true;
    case TremorActivity::Tasks: return std::find(g.tasks.begin(), g.tasks.end(), p.task) != g.tasks.end();
    case TremorActivity::Phases: return std::find(g.phases.begin(), g.phases.end(), index) != g.phases.end();
  }
  return false;
}

// φ on the interpolant's nodes (node k at (k − 1) h): φ' = 2π (f₀ + δf), δf an exact OU
// transition per step, integrated by the trapezoid rule.
core::SmoothNoise integrated_phase(const TremorGenerator& g, double duration_s, RandomStream rng) {
  const auto n = static_cast<std::size_t>(std::ceil(duration_s / kGrid_s)) + 4;
  const double a = std::exp(-kGrid_s / g.frequency_correlation_s);
  const double kick = g.frequency_sd_hz * std::sqrt(1.0 - a * a);
  std::vector<double> phi(n);
  double df = g.frequency_sd_hz * rng.normal();
  phi[0] = 2.0 * std::numbers::pi * rng.uniform();  // the oscillator's phase at −h is arbitrary
  for (std::size_t k = 1; k < n; ++k) {
    const double next = a * df + kick * rng.normal();
    phi[k] = phi[k - 1] + 2.0 * std::numbers::pi * kGrid_s * (g.frequency_hz + 0.5 * (df + next));
    df = next;
  }
  return core::SmoothNoise(std::move(phi), kGrid_s);
}

// Raised-cosine step from 0 at s = 0 to 1 at s = 1 (C¹).
double rise(double s) { return 0.5 - 0.5 * std::cos(std::numbers::pi * std::clamp(s, 0.0, 1.0)); }

}  // namespace

const char* tremor_kind_name(TremorKind k) {
  switch (k) {
    case TremorKind::Physiological: return "physiological";
    case TremorKind::Essential: return "essential";
    case TremorKind::Parkinsonian: return "parkinsonian";
    case TremorKind::Voluntary: return "voluntary";
  }
  return "?";
}

TremorSchedule::TremorSchedule(const std::vector<TremorGenerator>& generators, const std::vector<TremorPhase>& phases,
                               std::size_t n_muscles, std::uint64_t seed, std::uint64_t trial)
    : generators_(generators), by_muscle_(n_muscles) {
  const double duration = phases.empty() ? 0.0 : phases.back().stop_s;
  for (std::size_t gi = 0; gi < generators_.size(); ++gi) {
    const TremorGenerator& g = generators_[gi];
    Source src;
    src.phase = integrated_phase(g, duration, stream(seed, trial, gi, kFrequency));
    src.modulation = core::SmoothNoise({g.amplitude_cv, g.amplitude_correlation_s, kGrid_s}, duration,
                                       stream(seed, trial, gi, kModulation));
    for (std::size_t e = 0; e < g.muscles.size(); ++e) {
      src.broadband.emplace_back(core::SmoothNoiseParams{g.broadband_sd, g.broadband_correlation_s,
                                                         std::min(kGrid_s, g.broadband_correlation_s / 4.0)},
                                 duration, stream(seed, trial, gi, kBroadband + static_cast<std::uint32_t>(e)));
      by_muscle_[g.muscles[e]].emplace_back(gi, e);
    }
    // Runs of active phases, each an episode after its onset latency (one draw per run, always).
    RandomStream latency = stream(seed, trial, gi, kLatency);
    for (std::size_t i = 0; i < phases.size();) {
      if (!active(g, phases[i], i)) {
        ++i;
        continue;
      }
      const double run_start = phases[i].start_s;
      while (i < phases.size() && active(g, phases[i], i)) ++i;
      const double run_stop = phases[i - 1].stop_s;
      const double wait = g.onset_latency_s.draw(latency.uniform());
      const double start = run_start > 0.0 ? run_start + wait : 0.0;
      if (start >= run_stop) continue;  // movement resumed before the tremor re-emerged
      // The tremor ramps in after its start and out around the run's end, so that the gate is
      // 1/2 at start + r/2 and exactly where the activity stops (the movement suppresses it);
      // no ramp at the trial's ends, where it was already running or still is. A short run
      // gets shorter ramps.
      const double r = std::min(g.ramp_s, (run_stop - start) / 1.5);
      const double r_on = start > 0.0 ? r : 0.0, r_off = run_stop < duration ? r : 0.0;
      src.windows.push_back({start, start + r_on, run_stop - 0.5 * r_off, run_stop + 0.5 * r_off});
      const double on = start + 0.5 * r_on, off = run_stop;
      episodes_.push_back({gi, on, off, (src.phase(off) - src.phase(on)) / (2.0 * std::numbers::pi * (off - on))});
    }
    sources_.push_back(std::move(src));
  }
}

// The largest of the windows' gates: continuous even where one run's fade overlaps the next's rise.
double TremorSchedule::gate(std::size_t generator, double t) const {
  double open = 0.0;
  for (const Window& w : sources_[generator].windows) {
    if (t < w.rise || t > w.end) continue;
    if (t < w.top) {
      open = std::max(open, rise((t - w.rise) / (w.top - w.rise)));
    } else if (t <= w.fall) {
      return 1.0;
    } else {
      open = std::max(open, 1.0 - rise((t - w.fall) / (w.end - w.fall)));
    }
  }
  return open;
}

double TremorSchedule::drive(double t, std::size_t muscle) const {
  double sum = 0.0;
  for (const auto& [gi, e] : by_muscle_[muscle]) {
    const double open = gate(gi, t);
    if (open == 0.0) continue;
    const TremorGenerator& g = generators_[gi];
    const Source& src = sources_[gi];
    const double w = g.weights.empty() ? 1.0 : g.weights[e];
    const double shift = g.alternating && g.opposed[e] ? std::numbers::pi : 0.0;
    const double c = 0.5 + 0.5 * std::cos(src.phase(t) + shift);
    const double burst = g.sharpness == 2.0 ? c * c : (g.sharpness == 1.0 ? c : std::pow(c, g.sharpness));  // pow is the slow part
    sum += w * open * (g.amplitude * std::max(0.0, 1.0 + src.modulation(t)) * burst + src.broadband[e](t));
  }
  return sum;
}

}  // namespace nmsim::physiology
