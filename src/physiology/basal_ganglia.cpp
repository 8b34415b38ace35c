#include "physiology/basal_ganglia.hpp"

#include "physiology/rate_unit.hpp"

namespace nmsim::physiology {

double bg_output(const BasalGangliaParams& p, BgNucleus n, double activation) {
  double eps = 0.0;
  switch (n) {
    case kD1:
    case kD2: eps = p.striatal_threshold; break;
    case kStn: eps = p.stn_threshold; break;
    case kGpe: eps = p.gpe_threshold; break;
    case kGpi: eps = p.gpi_threshold; break;
    case kBgNuclei: break;
  }
  return rate_output(activation - eps, p.output_sharpness);
}

void basal_ganglia_derivatives(const BasalGangliaParams& p, const BasalGangliaTone& tone, std::size_t channels,
                               std::size_t stride, const double* a, const double* salience, double* da) {
  double stn_total = 0.0;
  for (std::size_t i = 0; i < channels; ++i) stn_total += bg_output(p, kStn, a[i * stride + kStn]);
  const double k = 1.0 / p.time_constant_s;
  for (std::size_t i = 0; i < channels; ++i) {
    const double* ai = a + i * stride;
    double* di = da + i * stride;
    const double s = salience[i];
    const double d1 = bg_output(p, kD1, ai[kD1]), d2 = bg_output(p, kD2, ai[kD2]);
    const double stn = bg_output(p, kStn, ai[kStn]), gpe = bg_output(p, kGpe, ai[kGpe]);
    const double striatal = p.w_salience_striatum * s;
    di[kD1] = k * ((1.0 + p.dopamine) * tone.direct_gain * striatal - ai[kD1]);
    di[kD2] = k * ((1.0 - p.dopamine) * tone.indirect_gain * striatal - ai[kD2]);
    di[kStn] = k * (p.w_salience_stn * s - p.w_gpe_stn * gpe - ai[kStn]);
    di[kGpe] = k * (-p.w_d2_gpe * d2 + p.w_stn_pallidum * stn_total - ai[kGpe]);
    const double stn_reach = stn + tone.surround * (stn_total - stn);
    di[kGpi] = k * (-p.w_d1_gpi * d1 - p.w_gpe_gpi * gpe + p.w_stn_pallidum * stn_reach - ai[kGpi]);
  }
}

}  // namespace nmsim::physiology
