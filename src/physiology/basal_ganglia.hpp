#pragma once
// Action selection in the basal ganglia after Gurney, Prescott & Redgrave (2001): one
// channel per action (here: per group of muscles), each nucleus a leaky integrator
//   τ a' = −a + input,   y = σ(a − ε)      (σ: rate_unit.hpp)
// with, for channel i and cortical salience s_i:
//   striatum D1   input (1 + λ) g_D1 w_s s_i                      ε = 0.2
//   striatum D2   input (1 − λ) g_D2 w_s s_i                      ε = 0.2
//   STN           input w_t s_i − w_e→s y_GPe,i                   ε = −0.25
//   GPe           input −w_D2 y_D2,i + w_s→p Σ_j y_STN,j          ε = −0.2
//   GPi/SNr       input −w_D1 y_D1,i − w_e→g y_GPe,i
//                       + w_s→p (y_STN,i + ς Σ_{j≠i} y_STN,j)     ε = −0.2
// λ is the tonic dopamine level. The STN's diffuse excitation of every channel's GPi is the
// "off-surround" that keeps non-selected channels inhibited; ς (1 = normal) scales its
// reach across channels, and g_D1, g_D2 (1 = normal) the direct and indirect pathways.
// Sources and values: docs/model.md ("Basal ganglia").
#include <cstddef>

namespace nmsim::physiology {

struct BasalGangliaParams {
  double time_constant_s = 0.04;         // τ = 1/k, k = 25 s⁻¹ (GPR 2001)
  double dopamine = 0.2;                 // λ (GPR 2001 default selection regime)
  double striatal_threshold = 0.2;       // ε_D1 = ε_D2
  double stn_threshold = -0.25;
  double gpe_threshold = -0.2;
  double gpi_threshold = -0.2;
  double w_salience_striatum = 1.0;      // w_s
  double w_salience_stn = 1.0;           // w_t
  double w_stn_pallidum = 0.9;           // w_s→p, STN → GPe and GPi (diffuse)
  double w_gpe_stn = 1.0;
  double w_gpe_gpi = 0.3;
  double w_d1_gpi = 1.0;
  double w_d2_gpe = 1.0;
  double output_sharpness = 50.0;        // β of σ (the smoothing of the ramp's corners)
};

// The circuit's adjustable pathology (all 1 = healthy).
struct BasalGangliaTone {
  double direct_gain = 1.0;    // g_D1
  double indirect_gain = 1.0;  // g_D2
  double surround = 1.0;       // ς
};

// Nuclei of one channel, in state order.
enum BgNucleus : std::size_t { kD1 = 0, kD2, kStn, kGpe, kGpi, kBgNuclei };

// Derivatives of C channels' nuclei. `a` and `da` are channel-major, channel i's nuclei at
// [i * stride, i * stride + kBgNuclei) (stride ≥ kBgNuclei lets a caller keep more units per
// channel in the same array); `salience` has C entries. GPi outputs are read with bg_output().
void basal_ganglia_derivatives(const BasalGangliaParams& p, const BasalGangliaTone& tone, std::size_t channels,
                               std::size_t stride, const double* a, const double* salience, double* da);
double bg_output(const BasalGangliaParams& p, BgNucleus n, double activation);

}  // namespace nmsim::physiology
