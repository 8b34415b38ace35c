#include "physiology/myoclonus.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/random.hpp"

namespace nmsim::physiology {
namespace {

constexpr double kRamp_s = 0.005;

// Substreams per generator: timing, stimulus responses and jerk sizes never share numbers, so
// adding stimuli does not move the spontaneous jerks.
enum Substream : std::uint32_t { kTiming = 0, kResponse = 1, kSize = 2, kStreamsPerGenerator = 3 };

RandomStream stream(std::uint64_t seed, std::uint64_t trial, std::size_t generator, Substream s) {
  return RandomStream(seed, trial, RngPurpose::Generator, static_cast<std::uint32_t>(generator) * kStreamsPerGenerator + s);
}

bool gated_in(const MyoclonusGenerator& g, const std::vector<std::string>& tasks, const std::vector<double>& starts, double t) {
  if (g.tasks.empty()) return true;
  const auto it = std::upper_bound(starts.begin() + 1, starts.end() - 1, t);
  const auto phase = static_cast<std::size_t>(it - (starts.begin() + 1));
  return std::find(g.tasks.begin(), g.tasks.end(), tasks[phase]) != g.tasks.end();
}

// Spontaneous jerk times in [0, end).
std::vector<double> spontaneous_times(const MyoclonusGenerator& g, double end, RandomStream rng) {
  std::vector<double> out;
  if (g.process == MyoclonusGenerator::Process::poisson) {
    // Intervals refractory + Exp: mean interval 1/rate, as the user asked for.
    const double excess = 1.0 / g.rate_hz - g.refractory_s;
    for (double t = g.refractory_s + excess * -std::log(rng.uniform()); t < end;
         t += g.refractory_s + excess * -std::log(rng.uniform()))
      out.push_back(t);
  } else if (g.process == MyoclonusGenerator::Process::rhythmic) {
    const double period = 1.0 / g.frequency_hz;
    for (double t = period * rng.uniform(); t < end;) {
      out.push_back(t);
      t += std::max(g.refractory_s, period + g.jitter_s * rng.normal());
    }
  }
  return out;
}

double onset_offset(const MyoclonusGenerator& g, const std::vector<double>& z, std::size_t k, double z_first) {
  switch (g.origin) {
    case MyoclonusOrigin::Subcortical: return (z[k] - z_first) / g.spread_velocity_m_s;
    case MyoclonusOrigin::Propriospinal: return std::abs(z[k] - g.origin_position_m) / g.spread_velocity_m_s;
    default: return 0.0;
  }
}

}  // namespace

const char* origin_name(MyoclonusOrigin o) {
  switch (o) {
    case MyoclonusOrigin::Cortical: return "cortical";
    case MyoclonusOrigin::Subcortical: return "subcortical";
    case MyoclonusOrigin::Propriospinal: return "propriospinal";
    case MyoclonusOrigin::Segmental: return "segmental";
    case MyoclonusOrigin::Negative: return "negative";
  }
  return "?";
}

double Volley::value(double t) const {
  const double tau = t - start_s;
  if (tau <= 0.0 || tau >= duration_s) return 0.0;
  const double ramp = std::min(kRamp_s, 0.25 * duration_s);
  const double edge = std::min(tau, duration_s - tau);
  double w = edge >= ramp ? 1.0 : 0.5 * (1.0 - std::cos(std::numbers::pi * edge / ramp));
  if (depth > 0.0) {
    const double s = std::sin(std::numbers::pi * modulation_hz * tau);
    w *= 1.0 - depth * s * s;
  }
  return amplitude * w;
}

MyoclonusSchedule::MyoclonusSchedule(const std::vector<MyoclonusGenerator>& generators,
                                     const std::vector<double>& cord_position_m, const std::vector<std::string>& phase_tasks,
                                     const std::vector<double>& phase_starts, const std::vector<Stimulus>& stimuli,
                                     std::uint64_t seed, std::uint64_t trial) {
  const double end = phase_starts.back();
  for (std::size_t gi = 0; gi < generators.size(); ++gi) {
    const auto& g = generators[gi];
    NMSIM_CHECK(!g.muscles.empty(), "a myoclonus generator needs muscles");
    std::vector<std::pair<double, int>> times;  // (onset, stimulus)
    for (const double t : spontaneous_times(g, end, stream(seed, trial, gi, kTiming)))
      if (gated_in(g, phase_tasks, phase_starts, t)) times.emplace_back(t, -1);
    RandomStream response = stream(seed, trial, gi, kResponse);
    for (std::size_t s = 0; s < stimuli.size(); ++s)
      for (const auto& r : g.responses) {
        if (r.stimulus != stimuli[s].type) continue;
        const double u_fire = response.uniform(), u_latency = response.uniform();  // always two draws
        const double t = stimuli[s].time_s + r.latency_s.draw(u_latency);
        if (u_fire < r.probability && t < end) times.emplace_back(t, static_cast<int>(s));
      }
    std::sort(times.begin(), times.end());
    // The refractory period also separates stimulus-evoked from spontaneous jerks.
    std::vector<std::pair<double, int>> kept;
    for (const auto& tm : times)
      if (kept.empty() || tm.first - kept.back().first >= g.refractory_s) kept.push_back(tm);
    RandomStream size = stream(seed, trial, gi, kSize);
    double z_first = INFINITY;
    for (const std::size_t k : g.muscles) z_first = std::min(z_first, cord_position_m[k]);
    double first_offset = INFINITY;
    for (const std::size_t k : g.muscles) first_offset = std::min(first_offset, onset_offset(g, cord_position_m, k, z_first));
    for (const auto& [t, stim] : kept) {
      Jerk j;
      j.generator = gi;
      j.origin = g.origin;
      j.time_s = t;
      j.amplitude = g.amplitude.draw(size.uniform());
      j.duration_s = g.duration_s.draw(size.uniform());
      j.stimulus = stim;
      for (std::size_t mi = 0; mi < g.muscles.size(); ++mi) {
        const std::size_t k = g.muscles[mi];
        const double weight = g.weights.empty() ? 1.0 : g.weights[mi];
        Volley v;
        v.muscle = k;
        v.jerk = jerks_.size();
        v.start_s = t + onset_offset(g, cord_position_m, k, z_first) - first_offset;
        v.duration_s = j.duration_s;
        v.amplitude = weight * (g.origin == MyoclonusOrigin::Negative ? -j.amplitude : j.amplitude);
        v.modulation_hz = g.volley_frequency_hz;
        v.depth = g.volley_depth;
        volleys_.push_back(v);
        longest_s_ = std::max(longest_s_, v.duration_s);
      }
      jerks_.push_back(j);
    }
  }
  std::sort(volleys_.begin(), volleys_.end(),
            [](const Volley& a, const Volley& b) { return a.muscle != b.muscle ? a.muscle < b.muscle : a.start_s < b.start_s; });
  const std::size_t muscles = cord_position_m.size();
  first_.assign(muscles + 1, volleys_.size());
  for (std::size_t i = volleys_.size(); i-- > 0;) first_[volleys_[i].muscle] = i;
  for (std::size_t k = muscles; k-- > 0;) first_[k] = std::min(first_[k], first_[k + 1]);
}

double MyoclonusSchedule::drive(double t, std::size_t muscle) const {
  if (volleys_.empty()) return 0.0;
  const auto begin = volleys_.begin() + static_cast<std::ptrdiff_t>(first_[muscle]);
  const auto end = volleys_.begin() + static_cast<std::ptrdiff_t>(first_[muscle + 1]);
  // Volleys starting before t, scanned back while one could still be active.
  auto it = std::upper_bound(begin, end, t, [](double x, const Volley& v) { return x < v.start_s; });
  double sum = 0.0;
  while (it != begin) {
    --it;
    if (it->start_s < t - longest_s_) break;
    sum += it->value(t);
  }
  return sum;
}

}  // namespace nmsim::physiology
