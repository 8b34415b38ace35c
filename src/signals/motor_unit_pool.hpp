#pragma once
// Motor-unit pool → surface EMG, after Fuglevand, Winter & Patla (1993).
//
// Input: the motoneuron-pool excitation u(t) ∈ [0, 1] of one muscle, sampled uniformly.
// Output: the monopolar-equivalent surface EMG of that muscle in volts (before the amplifier;
// see emg.hpp for noise and high-pass), and optionally every discharge as ground truth.
//
// Units are indexed in recruitment order (index 0 = lowest threshold = smallest unit).
// All randomness comes from two caller-owned streams: unit properties from the
// RngPurpose::MotorUnitPool stream at construction, discharge variability from the
// RngPurpose::MotorUnitFiring stream in synthesize() (which draws one 64-bit key from it and
// gives unit i substream i of that key). Equal streams → bit-identical output.
#include <cstdint>
#include <span>
#include <vector>

#include "core/random.hpp"

namespace nmsim::signals {

// Plain SI values, validated by the caller (YAML layer). The constructor re-checks only what
// would break an internal invariant. "Fuglevand units" of excitation: the first unit's
// threshold is 1 and the last unit's is recruitment_range.
struct MotorUnitPoolParams {
  int n_units = 150;                  // Fuglevand et al. 1993 used 120; limb muscles have ~100–400
  double recruitment_range = 30.0;    // RR, last/first threshold (Fuglevand et al. 1993)
  double last_recruited_at = 0.7;     // u recruiting the last unit, in (0, 1]; ~0.5 (small hand
                                      // muscles) to ~0.85 (biceps) (Kukulka & Clamann 1981)
  double min_rate_hz = 8.0;           // rate at recruitment, MFR (Fuglevand et al. 1993)
  double peak_rate_first_hz = 35.0;   // PFR of the first unit (Fuglevand et al. 1993: 35 Hz)
  double peak_rate_last_hz = 25.0;    // PFR of the last unit (Fuglevand: 35 − PFRD, PFRD = 10 Hz);
                                      // soleus: ~11–16 Hz for both
  double rate_gain_hz_per_unit = 1.0; // g_e, Hz per Fuglevand unit of excitation (Fuglevand 1993);
                                      // raised per unit where needed so that every unit
                                      // reaches its peak rate by u = 1 (see motor_unit_pool.cpp)
  double isi_cv = 0.15;               // ISI coefficient of variation; Fuglevand used 0.2, human
                                      // units 0.1–0.3 (Moritz et al. 2005)
  double size_range = 100.0;          // twitch-force ratio largest/smallest, RP (Fuglevand 1993)
  double muap_amplitude_v = 1.5e-3;   // peak-to-peak surface MUAP of the LARGEST unit at the
                                      // shallowest depth; calibrated so that u = 1 gives
                                      // ~1 mV RMS (typical MVC surface EMG, Merletti & Parker 2004)
  double muap_size_exponent = 0.5;    // MUAP amplitude ∝ (twitch force)^0.5 — why in the .cpp
  double muap_duration_s = 8e-3;      // duration (4 λ, see below) of the smallest, shallowest unit's
                                      // MUAP; surface MUAPs last ~5–20 ms (Merletti & Parker 2004)
  double muap_duration_range = 1.5;   // duration of the largest / smallest unit ("slightly longer")
  double depth_attenuation = 4.0;     // amplitude ratio shallowest/deepest unit (volume-conductor
                                      // decay over a few mm; Fuglevand et al. 1992)
  double depth_widening = 0.5;        // deepest unit's MUAP is (1 + this)× longer (spatial low-pass
                                      // of the tissue; Fuglevand et al. 1992)
  double muap_duration_cv = 0.1;      // extra random per-unit duration scatter (log-normal)
  double triphasic_max = 0.5;         // per-unit weight of the triphasic (2nd-order Hermite–
                                      // Rodriguez) component is uniform in [0, this] (Lo Conte 1994)
  bool random_polarity = true;        // bipolar electrodes see either polarity across units
  double muap_delay_s = 0.0;          // MUAP centre after the discharge; efferent conduction
                                      // delays belong in the neuromuscular model, hence 0
  // Recording site, the between-subject spread of surface EMG (docs/model.md, "Recording site"):
  double fat_thickness_m = 0.003;     // subcutaneous tissue between electrode and muscle; the
                                      // amplitudes above are at 3 mm (see fat_amplitude_factor)
  double fat_widening_per_m = 30.0;   // relative MUAP lengthening per metre of extra fat (3 %/mm):
                                      // the tissue's spatial low-pass (De la Barrera & Milner
                                      // 1994, Lowery et al. 2002; rate estimated)
  double electrode_gain = 1.0;        // placement over the muscle (innervation zone, inter-electrode
                                      // distance, skin contact): a plain amplitude factor
};

// Surface EMG amplitude after `fat_m` of subcutaneous fat relative to 3 mm, interpolated
// log-linearly through the finite-element results of Kuiken, Lowery & Stoykov (2003): RMS falls
// by 31.3, 80.2 and 90.0 % with 3, 9 and 18 mm of fat compared with none, and beyond 18 mm at
// the slope between 9 and 18 mm.
double fat_amplitude_factor(double fat_m);

// Properties of one unit, fixed at construction.
struct MotorUnit {
  double threshold = 0.0;      // u at which the unit is recruited
  double gain_hz = 0.0;        // rate slope, Hz per unit of u, above threshold
  double peak_rate_hz = 0.0;   // rate cap
  double saturation = 0.0;     // u at which the unit reaches its peak rate (≤ 1)
  double relative_size = 1.0;  // twitch force / smallest unit's (1 … size_range)
  double depth = 0.0;          // 0 = shallowest … 1 = deepest
  double muap_pp_v = 0.0;      // peak-to-peak MUAP amplitude at the electrode
  double muap_lambda_s = 0.0;  // Hermite–Rodriguez time scale; MUAP duration = 4 λ
  double triphasic = 0.0;      // weight of the 2nd-order component (0 = purely biphasic)
  double polarity = 1.0;       // ±1
  double shape_norm = 1.0;     // makes the unit-amplitude shape's peak-to-peak exactly 1
};

struct Spike {
  std::int32_t unit = 0;  // index in recruitment order
  double time_s = 0.0;    // discharge time from the first excitation sample (sub-sample exact)
};

class MotorUnitPool {
 public:
  // Draws the per-unit random properties (depth, duration scatter, shape, polarity) from
  // `properties` (RngPurpose::MotorUnitPool, substream = muscle); four draws per unit.
  MotorUnitPool(const MotorUnitPoolParams& params, RandomStream properties);

  // Surface EMG (volts, one value per excitation sample at rate_hz) for the excitation
  // samples; the excitation is held constant over each sample interval. Discharge
  // variability is drawn from `firing` (RngPurpose::MotorUnitFiring, substream = muscle).
  // Discharges are appended to *spikes_out grouped by unit (recruitment order), each unit's
  // in time order; sort by time if needed. Any rate works; 1–10 kHz is the tested range.
  // Thread-safe (const, no shared mutable state); allocates O(samples) scratch per call.
  std::vector<float> synthesize(std::span<const double> excitation, double rate_hz, RandomStream& firing,
                                std::vector<Spike>* spikes_out = nullptr) const;

  const MotorUnitPoolParams& params() const { return params_; }
  int n_units() const { return static_cast<int>(units_.size()); }
  const MotorUnit& unit(int i) const { return units_[static_cast<std::size_t>(i)]; }
  std::span<const MotorUnit> units() const { return units_; }

  // Steady discharge rate of unit i at constant excitation u (0 below threshold).
  double firing_rate_hz(int i, double u) const;
  // The continuous MUAP of unit i (volts) at time t from its centre.
  double muap(int i, double t_s) const;
  // Half-width of the longest MUAP (support ±3 λ around the centre; sampled templates
  // extend up to one more sample).
  double max_muap_half_width_s() const;
  // Sub-sample positions per sample used to place MUAPs at `rate_hz` (see .cpp).
  static int subsample_phases(double rate_hz);

 private:
  MotorUnitPoolParams params_;
  std::vector<MotorUnit> units_;
  std::vector<std::int32_t> saturation_order_;  // unit indices sorted by saturation level
  // Contiguous copies for the regime walk, with -inf/+inf sentinels at both ends:
  std::vector<double> thresholds_;          // -inf, units_[i].threshold…, +inf
  std::vector<double> sorted_saturations_;  // -inf, saturations in ascending order…, +inf
};

}  // namespace nmsim::signals
