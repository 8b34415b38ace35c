#include "physiology/supraspinal_loop.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "core/error.hpp"
#include "core/random.hpp"
#include "physiology/rate_unit.hpp"

namespace nmsim::physiology {
namespace {
constexpr std::size_t kMaxChannels = 16;  // fixed-size scratch in derivatives()
}

const char* supraspinal_unit_name(std::size_t unit) {
  static constexpr const char* kNames[] = {"striatum_d1", "striatum_d2", "stn", "gpe", "gpi", "thalamus", "cortex", "adaptation"};
  static_assert(std::size(kNames) == SupraspinalLoop::kUnits);
  return unit < SupraspinalLoop::kUnits ? kNames[unit] : "?";
}

SupraspinalLoop::SupraspinalLoop(const SupraspinalParams& p, const std::vector<Phase>& phases)
    : p_(p) {
  const std::size_t c = channels();
  NMSIM_CHECK(c >= 1 && c <= kMaxChannels, "the supraspinal loop needs 1 to 16 channels");
  for (const auto& ph : phases) {
    for (std::size_t i = 0; i < c; ++i) command_.push_back(ph.command.empty() ? 0.0 : ph.command[i]);
    const auto& tasks = p_.pathological_tasks;
    expressed_.push_back(tasks.empty() || std::find(tasks.begin(), tasks.end(), ph.task) != tasks.end());
  }
}

std::vector<core::SmoothNoise> SupraspinalLoop::draw_noise(std::uint64_t seed, std::uint64_t trial,
                                                           double duration_s) const {
  std::vector<core::SmoothNoise> noise;
  for (std::size_t i = 0; i < channels(); ++i)
    noise.emplace_back(p_.thalamocortical.noise, duration_s,
                       RandomStream(seed, trial, RngPurpose::SupraspinalNoise, static_cast<std::uint32_t>(i)));
  return noise;
}

double SupraspinalLoop::output(const double* x, Circuit c, std::size_t ch, std::size_t unit) const {
  const double a = x[index(c, ch, unit)];
  const auto& tc = p_.thalamocortical;
  const double beta = p_.basal_ganglia.output_sharpness;
  switch (unit) {
    case kThalamus: return rate_output(a - tc.thalamic_threshold, beta);
    case kCortex: return rate_output(a - tc.cortical_threshold, beta);
    case kAdaptation: return a;
    default: return bg_output(p_.basal_ganglia, static_cast<BgNucleus>(unit), a);
  }
}

double SupraspinalLoop::cortex_output_rate(const double* x, const double* dx, Circuit c, std::size_t ch) const {
  const std::size_t k = index(c, ch, kCortex);
  return rate_output_slope(x[k] - p_.thalamocortical.cortical_threshold, p_.basal_ganglia.output_sharpness) * dx[k];
}

void SupraspinalLoop::derivatives(double t, std::size_t phase, const double* x, const double* long_latency,
                                  double* dx, std::span<const core::SmoothNoise> noise) const {
  const std::size_t c = channels();
  const auto& tc = p_.thalamocortical;
  const BasalGangliaTone healthy;
  std::array<double, kMaxChannels> eta{};
  for (std::size_t i = 0; i < c && i < noise.size(); ++i) eta[i] = noise[i](t);

  for (const Circuit circuit : {kPatient, kHealthyTwin}) {
    const bool sick = circuit == kPatient && pathology_expressed(phase);
    const double* xc = x + index(circuit, 0, 0);
    double* dc = dx + index(circuit, 0, 0);
    // The basal ganglia integrate the cortical output of their own circuit as salience; their
    // nuclei are the first kBgNuclei units of each channel's block, written in place.
    std::array<double, kMaxChannels> salience{};
    double cortex_total = 0.0;
    for (std::size_t i = 0; i < c; ++i) {
      salience[i] = output(x, circuit, i, kCortex);
      cortex_total += salience[i];
    }
    basal_ganglia_derivatives(p_.basal_ganglia, sick ? p_.tone : healthy, c, kUnits, xc, salience.data(), dc);
    const double ll_gain = sick ? p_.long_latency_gain : 1.0;
    const double irregularity = sick ? p_.irregularity : 1.0;
    for (std::size_t i = 0; i < c; ++i) {
      const double* xi = xc + i * kUnits;
      double* di = dc + i * kUnits;
      const double efficacy = sick ? p_.channels[i].gpi_efficacy : 1.0;
      const double y_cortex = salience[i];
      const double y_thalamus = output(x, circuit, i, kThalamus);
      const double y_gpi = output(x, circuit, i, kGpi);
      di[kThalamus] = (tc.w_cortex_thalamus * y_cortex - efficacy * tc.w_gpi_thalamus * y_gpi + tc.thalamic_bias + irregularity * eta[i] -
                       xi[kThalamus]) /
                      tc.thalamus_time_constant_s;
      const double spread = tc.lateral_spread * (cortex_total - y_cortex);
      di[kCortex] = (command_[phase * c + i] + spread + tc.w_thalamus_cortex * y_thalamus -
                     tc.adaptation_weight * xi[kAdaptation] + ll_gain * long_latency[i] - xi[kCortex]) /
                    tc.cortex_time_constant_s;
      di[kAdaptation] = (y_cortex - xi[kAdaptation]) / tc.adaptation_time_constant_s;
    }
  }
}

}  // namespace nmsim::physiology
