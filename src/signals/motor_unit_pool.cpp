#include "signals/motor_unit_pool.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "signals/normal_sampler.hpp"

// Model summary (equations in docs/model.md):
//
// Recruitment and rate coding (Fuglevand et al. 1993). Thresholds in Fuglevand units are
// RTE_i = RR^(i/(n-1)) (1 … RR); excitation u = 1 corresponds to E_max = RR / last_recruited_at
// Fuglevand units, so unit i is recruited at u = RTE_i / E_max. Above threshold its rate is
// min(PFR_i, MFR + g_i (E - RTE_i)), with PFR_i falling linearly with threshold from
// peak_rate_first_hz to peak_rate_last_hz as in Fuglevand's PFR_i = PFR_1 - PFRD RTE_i/RTE_n.
// Fuglevand's single gain g_e implies the last unit is recruited at u = RR/(RR + (PFR_n-MFR)/g_e)
// (0.64 for the defaults); to honour any other `last_recruited_at` and still have every unit
// at its peak rate by u = 1, the gain of a unit is raised to (PFR_i - MFR)/(1 - u_i) where g_e
// would not get it there. With the defaults this affects only the top ~10 % of the pool.
//
// Discharge timing: each unit integrates its instantaneous rate, φ += r(u(t)) dt, and fires
// when φ reaches a threshold θ drawn per interval from a log-normal with mean 1 and CV isi_cv.
// Why this scheme: at constant rate it gives ISIs θ/r with exactly the requested mean and
// CV; under a time-varying rate it is the time-rescaling of a renewal process, so the number
// of discharges in any interval follows ∫r dt without the lag of schemes that draw the next
// ISI from the rate at the previous discharge (those keep a unit silent for up to 1/MFR =
// 125 ms after a clonic or myoclonic burst starts and keep it firing after excitation has
// gone). The spike time inside a sample is found exactly from the linear phase increase, so
// firing statistics do not depend on the sampling rate. Log-normal (not Gaussian) θ keeps
// every interval positive without truncation; its mild right skew resembles motoneuron ISI
// histograms. A unit below threshold does not fire. On recruitment its phase is set to what
// it would be had it fired at the new rate since its last discharge: a unit silent for at
// least one interval fires at the (interpolated) threshold-crossing instant — prompt, as a
// motoneuron whose membrane is pushed past threshold — while a unit dipping below threshold
// only briefly resumes its rhythm instead of producing an extra, early spike.
//
// Computation: rate is held constant over each sample interval, so within a stretch where a
// unit stays in its linear (above threshold, below saturation) range the phase is
// dt·(c0·k + G·S[k]) with S the prefix sum of u, and the next discharge is found by a
// galloping search instead of per-sample updates. One pass over u finds where each unit's
// regime changes (thresholds and saturation levels are sorted, so two pointers suffice).
// Work is therefore O(samples + discharges + regime changes), and units never recruited
// cost nothing.
//
// MUAP: w(t) = A · p · N(β) · e^{-x²} [(1-β) x / K1 + β (1 - 2x²) / K2], x = t/λ, a mix of the
// first- and second-order Hermite–Rodriguez functions (Lo Conte et al. 1994), both of zero
// integral; K1, K2 make each component's peak-to-peak 1 and N(β) the mix's, so A is the
// peak-to-peak amplitude. Duration 4λ (the envelope is below 2 % outside ±2λ); templates
// span ±3λ (envelope < 1.3e-4) and are re-centred to exactly zero sum.
//
// Amplitude vs size: A_i = muap_amplitude_v · (P_i / P_max)^0.5 · depth_attenuation^(-d_i).
// Twitch force P_i spans size_range (100×) because innervation number does (Fuglevand 1993),
// but a surface electrode sees a unit's fibres through tissue that attenuates over a few mm
// (Fuglevand et al. 1992), comparable to the territory radius; fibres added to a large
// territory are on average farther away, so amplitude grows sub-linearly. Exponent 0.5 gives
// a ~10× amplitude range for a 100× force range, about the spread of surface MUAP sizes in a
// muscle; a linear exponent would let the few largest units dominate the EMG and make the
// EMG–force relation strongly convex, contrary to the near-linear relations recorded in
// most limb muscles (cf. Zhou & Rymer 2004).
//
// Placement: MUAPs are placed at sub-sample positions from a small bank of phase-shifted
// templates: subsample_phases() = ceil(sample interval / 125 µs), so the timing error is at
// most 62.5 µs at any rate (4 templates per unit at 2 kHz, 8 at 1 kHz, 1 from 8 kHz), well
// below the MUAP time scale of ≥ 2 ms; exact spike times are kept in the ground truth.

namespace nmsim::signals {
namespace {

constexpr double kPhaseQuantum_s = 125e-6;
constexpr double kSupportLambdas = 3.0;
// Peak-to-peak of x·e^{-x²} (extremes at x = ±1/√2) and of (1 - 2x²)·e^{-x²} (1 at x = 0,
// -2e^{-3/2} at x² = 3/2).
const double kK1 = std::sqrt(2.0) * std::exp(-0.5);
const double kK2 = 1.0 + 2.0 * std::exp(-1.5);

double shape_unnormalised(double x, double beta) {
  return std::exp(-x * x) * ((1.0 - beta) * x / kK1 + beta * (1.0 - 2.0 * x * x) / kK2);
}

// Peak-to-peak of the unnormalised mixed shape: coarse grid, then a parabola through the
// extreme sample and its neighbours (error ~1e-6, irrelevant for an amplitude).
double shape_peak_to_peak(double beta) {
  constexpr int kPoints = 121;
  constexpr double kStep = 0.05;
  double y[kPoints];
  for (int i = 0; i < kPoints; ++i) y[i] = shape_unnormalised(-3.0 + kStep * i, beta);
  const auto refine = [&](int i) {
    if (i == 0 || i == kPoints - 1) return y[i];
    const double curvature = y[i + 1] - 2.0 * y[i] + y[i - 1];
    if (curvature == 0.0) return y[i];
    const double slope = y[i + 1] - y[i - 1];
    return y[i] - slope * slope / (8.0 * curvature);
  };
  const int imax = static_cast<int>(std::max_element(y, y + kPoints) - y);
  const int imin = static_cast<int>(std::min_element(y, y + kPoints) - y);
  return refine(imax) - refine(imin);
}

// floor/ceil to integers by conversion: std::floor/std::ceil are library calls on baseline
// x86-64 (no SSE4.1 roundsd), and these run a few times per discharge.
std::int64_t floor_to_int(double x) {
  const auto i = static_cast<std::int64_t>(x);
  return static_cast<double>(i) > x ? i - 1 : i;
}
std::int64_t ceil_to_int(double x) {
  const auto i = static_cast<std::int64_t>(x);
  return static_cast<double>(i) < x ? i + 1 : i;
}

// dst[0, len) += src[0, len), len a multiple of 4. The buffers never overlap (a template and
// the output); saying so lets the compiler use plain vector adds without alias checks.
void add_padded(float* __restrict dst, const float* __restrict src, std::int64_t len) {
  for (std::int64_t i = 0; i < len; i += 4) {
    dst[i] += src[i];
    dst[i + 1] += src[i + 1];
    dst[i + 2] += src[i + 2];
    dst[i + 3] += src[i + 3];
  }
}

// Draw a normalised inter-spike threshold: log-normal with mean 1 and the given sigma.
struct IsiThreshold {
  double sigma = 0.0;  // sqrt(ln(1 + cv²))
  double mu = 0.0;     // -sigma²/2 so that the mean is 1
  double operator()(RandomStream& rs) const {
    if (sigma == 0.0) return 1.0;
    return std::exp(mu + sigma * ziggurat_normal(rs));
  }
};

// Phase-shifted, zero-sum MUAP templates for the recruited units at one sampling rate.
struct TemplateBank {
  int phases = 1;
  std::vector<std::int64_t> half;    // per unit: template covers samples -half … +half
  std::vector<std::int64_t> padded;  // per unit: 2·half + 1 rounded up to a multiple of 4
  std::vector<std::size_t> offset;   // per unit: start of its `phases` templates in data
  std::vector<float> data;

  const float* get(int unit, int phase) const {
    const auto u = static_cast<std::size_t>(unit);
    return data.data() + offset[u] + static_cast<std::size_t>(phase) * static_cast<std::size_t>(padded[u]);
  }
};

TemplateBank build_templates(const std::vector<MotorUnit>& units, int n_units, double rate_hz, int phases) {
  TemplateBank bank;
  bank.phases = phases;
  bank.half.resize(static_cast<std::size_t>(n_units));
  bank.padded.resize(static_cast<std::size_t>(n_units));
  bank.offset.resize(static_cast<std::size_t>(n_units));
  std::size_t total = 0;
  for (int i = 0; i < n_units; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    bank.half[ui] = ceil_to_int(kSupportLambdas * units[ui].muap_lambda_s * rate_hz);
    bank.padded[ui] = (2 * bank.half[ui] + 1 + 3) / 4 * 4;
    bank.offset[ui] = total;
    total += static_cast<std::size_t>(phases) * static_cast<std::size_t>(bank.padded[ui]);
  }
  bank.data.assign(total, 0.0f);
  std::vector<double> value;
  std::vector<double> envelope;
  for (int i = 0; i < n_units; ++i) {
    const MotorUnit& mu = units[static_cast<std::size_t>(i)];
    const auto half = static_cast<int>(bank.half[static_cast<std::size_t>(i)]);
    const int len = 2 * half + 1;
    value.resize(static_cast<std::size_t>(len));
    envelope.resize(static_cast<std::size_t>(len));
    const double h = 1.0 / (rate_hz * mu.muap_lambda_s);  // sample step in units of λ
    const double scale = mu.muap_pp_v * mu.polarity * mu.shape_norm;
    const double a = (1.0 - mu.triphasic) / kK1;
    const double b = mu.triphasic / kK2;
    for (int p = 0; p < phases; ++p) {
      // Sample n sits at x_n = (n - half - p/phases) h. The Gaussian envelope follows the
      // exact recurrence e^{-x_{n+1}²} = e^{-x_n²} q_n, q_{n+1} = q_n e^{-2h²}: three exp()
      // calls per template instead of one per sample.
      const double x0 = (-half - static_cast<double>(p) / phases) * h;
      double g = std::exp(-x0 * x0);
      double q = std::exp(-2.0 * x0 * h - h * h);
      const double c = std::exp(-2.0 * h * h);
      double sum = 0.0;
      double env_sum = 0.0;
      for (int n = 0; n < len; ++n) {
        const double x = x0 + n * h;
        const auto un = static_cast<std::size_t>(n);
        envelope[un] = g;
        value[un] = scale * g * (a * x + b * (1.0 - 2.0 * x * x));
        sum += value[un];
        env_sum += g;
        g *= q;
        q *= c;
      }
      // The continuous MUAP has zero integral; remove the small sampled/truncated residue
      // in proportion to the envelope so the ends stay smooth (no DC from any firing pattern).
      const double correction = sum / env_sum;
      float* out = bank.data.data() + bank.offset[static_cast<std::size_t>(i)] +
                   static_cast<std::size_t>(p) * static_cast<std::size_t>(bank.padded[static_cast<std::size_t>(i)]);
      for (int n = 0; n < len; ++n) {
        const auto un = static_cast<std::size_t>(n);
        out[n] = static_cast<float>(value[un] - correction * envelope[un]);
      }
    }
  }
  return bank;
}

// Everything one synthesize() call shares across units.
struct Context {
  std::span<const double> u;
  std::vector<double> prefix;  // prefix[k] = Σ_{j<k} u[j]
  double rate_hz = 0.0;
  double dt = 0.0;
  double delay_samples = 0.0;
  double min_rate_hz = 0.0;
  TemplateBank bank;
  IsiThreshold isi;
  float* out = nullptr;
  std::int64_t n = 0;
  std::vector<Spike>* spikes = nullptr;
};

// Discharge generator for one unit over the whole excitation record. The rate over sample
// interval [k, k+1) is the rate at u[k] (sample-and-hold).
class UnitRun {
 public:
  UnitRun(const Context& ctx, const MotorUnit& mu, int index, RandomStream& firing)
      : ctx_(ctx), mu_(mu), index_(index), firing_(firing),
        linear_c0_(ctx.min_rate_hz - mu.gain_hz * mu.threshold) {}

  // Regime at sample k: 0 below threshold, 1 rate coding, 2 saturated at the peak rate.
  int regime(std::int64_t k) const {
    const double x = ctx_.u[static_cast<std::size_t>(k)];
    return (x >= mu_.threshold ? 1 : 0) + (x >= mu_.saturation ? 1 : 0);
  }

  // State at sample 0. A unit already active gets a random phase so that the pool does not
  // discharge in unison at t = 0 (U·θ approximates the stationary phase of a renewal process).
  void start(int regime0) {
    theta_ = ctx_.isi(firing_);
    if (regime0 > 0) phi_ = firing_.uniform() * theta_;
  }

  // Recruitment at sample k ≥ 1, i.e. u[k-1] < threshold ≤ u[k].
  void recruit(std::int64_t k) {
    const double u0 = ctx_.u[static_cast<std::size_t>(k - 1)];
    const double u1 = ctx_.u[static_cast<std::size_t>(k)];
    const double t_cross = (static_cast<double>(k - 1) + (mu_.threshold - u0) / (u1 - u0)) * ctx_.dt;
    const double t_k = static_cast<double>(k) * ctx_.dt;
    const double r = std::min(mu_.peak_rate_hz, linear_c0_ + mu_.gain_hz * u1);
    // Had the unit kept firing at rate r since its last discharge, the next was due at t_due.
    const double t_due = fired_ ? t_last_ + theta_ / r : t_cross;
    if (t_due <= t_k) {
      const double t = std::max(t_due, t_cross);
      emit(t);
      phi_ = r * (t_k - t);
    } else {
      phi_ = r * (t_k - t_last_);
    }
  }

  // Integrates over samples [k, end), during which the regime (1 or 2) does not change.
  void run(std::int64_t k, std::int64_t end, int regime_now) {
    linear_ = regime_now == 1;
    const double f_end = F(end);
    double fk = F(k);
    while (k < end) {
      const double target = fk + (theta_ - phi_) * ctx_.rate_hz;  // Hz·samples still needed
      if (f_end < target) {
        phi_ += (f_end - fk) * ctx_.dt;
        return;
      }
      const Bracket br = find_step(k, end, fk, f_end, target);  // the discharge is inside step br.j
      const double phase = phi_ + (br.f_j - fk) * ctx_.dt;
      const double delta = (br.f_j1 - br.f_j) * ctx_.dt;  // phase gained over step j
      double used = std::clamp((theta_ - phase) / delta, 0.0, 1.0);  // fraction of the step
      emit((static_cast<double>(br.j) + used) * ctx_.dt);
      // A second discharge in the same step needs a rate near the sampling rate; handled
      // for completeness, never reached with physiological rates.
      while ((1.0 - used) * delta >= theta_) {
        used = std::min(1.0, used + theta_ / delta);
        emit((static_cast<double>(br.j) + used) * ctx_.dt);
      }
      phi_ = (1.0 - used) * delta;
      k = br.j + 1;
      fk = br.f_j1;
    }
  }

 private:
  struct Bracket {
    std::int64_t j;  // step containing the discharge
    double f_j;      // F(j)
    double f_j1;     // F(j + 1)
  };

  // Cumulative rate (Hz·samples) up to a constant that cancels within one regime stretch.
  double F(std::int64_t k) const {
    const double kd = static_cast<double>(k);
    if (!linear_) return mu_.peak_rate_hz * kd;
    return linear_c0_ * kd + mu_.gain_hz * ctx_.prefix[static_cast<std::size_t>(k)];
  }

  // Smallest j in [k, end) with F(j+1) ≥ target, given F(k) = fk and F(end) = f_end ≥ target.
  // F is increasing and, for physiological drive, smooth on the scale of an ISI, so a
  // safeguarded Newton/regula-falsi search converges in ~3 evaluations: the first step
  // assumes the current rate persists, later ones use the mean rate over the bracket.
  // Bisection finishes whatever is left.
  Bracket find_step(std::int64_t k, std::int64_t end, double fk, double f_end, double target) const {
    if (fk >= target) return Bracket{k, fk, F(k + 1)};  // only if the phase already reached θ
    std::int64_t lo = k;  // F(lo) < target
    std::int64_t hi = end;  // F(hi) ≥ target
    double f_lo = fk;
    double f_hi = f_end;
    double slope = F(k + 1) - fk;  // Hz·samples per sample = current rate
    for (int iter = 0; iter < 4 && hi - lo > 1; ++iter) {
      const double ahead = std::min((target - f_lo) / slope, static_cast<double>(hi - lo - 1));
      const std::int64_t x = lo + std::clamp<std::int64_t>(ceil_to_int(ahead), 1, hi - lo - 1);
      const double fx = F(x);
      slope = (fx - f_lo) / static_cast<double>(x - lo);
      if (fx >= target) {
        hi = x;
        f_hi = fx;
      } else {
        lo = x;
        f_lo = fx;
      }
    }
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      const double f_mid = F(mid);
      if (f_mid >= target) {
        hi = mid;
        f_hi = f_mid;
      } else {
        lo = mid;
        f_lo = f_mid;
      }
    }
    return Bracket{lo, f_lo, f_hi};
  }

  // Records a discharge at time t, adds its MUAP and draws the next interval's threshold.
  void emit(double t) {
    fired_ = true;
    t_last_ = t;
    theta_ = ctx_.isi(firing_);
    if (ctx_.spikes != nullptr) ctx_.spikes->push_back(Spike{index_, t});
    // Nearest of `phases` sub-sample positions for the MUAP centre (floating point, no
    // integer division: this runs once per discharge).
    const double centre = t * ctx_.rate_hz + ctx_.delay_samples;
    std::int64_t base = floor_to_int(centre);
    auto phase = static_cast<int>((centre - static_cast<double>(base)) * ctx_.bank.phases + 0.5);
    if (phase == ctx_.bank.phases) {
      phase = 0;
      ++base;
    }
    const auto unit = static_cast<std::size_t>(index_);
    const std::int64_t first = base - ctx_.bank.half[unit];
    const std::int64_t len = ctx_.bank.padded[unit];  // a multiple of 4, zero-padded
    const float* tmpl = ctx_.bank.get(index_, phase);
    float* dst = ctx_.out + first;
    if (first >= 0 && first + len <= ctx_.n) {
      add_padded(dst, tmpl, len);
    } else {  // clipped at the start or end of the record
      const std::int64_t a = std::max<std::int64_t>(0, -first);
      const std::int64_t b = std::min<std::int64_t>(len, ctx_.n - first);
      for (std::int64_t i = a; i < b; ++i) dst[i] += tmpl[i];
    }
  }

  const Context& ctx_;
  const MotorUnit& mu_;
  std::int32_t index_;
  RandomStream& firing_;
  double linear_c0_;  // rate intercept: r = c0 + gain·u in the rate-coding regime
  bool linear_ = true;
  double phi_ = 0.0;    // phase accumulated since the last discharge
  double theta_ = 1.0;  // phase at which the next discharge occurs
  bool fired_ = false;
  double t_last_ = 0.0;
};

}  // namespace

MotorUnitPool::MotorUnitPool(const MotorUnitPoolParams& params, RandomStream properties) : params_(params) {
  const auto& p = params_;
  NMSIM_CHECK(p.n_units >= 1, "motor-unit pool needs at least one unit");
  NMSIM_CHECK(p.recruitment_range >= 1.0, "recruitment_range must be >= 1");
  NMSIM_CHECK(p.last_recruited_at > 0.0 && p.last_recruited_at < 1.0, "last_recruited_at must be in (0, 1)");
  NMSIM_CHECK(p.min_rate_hz > 0.0, "min_rate_hz must be positive");
  NMSIM_CHECK(p.peak_rate_first_hz >= p.min_rate_hz && p.peak_rate_last_hz >= p.min_rate_hz,
              "peak rates must not be below min_rate_hz");
  NMSIM_CHECK(p.rate_gain_hz_per_unit > 0.0, "rate_gain_hz_per_unit must be positive");
  NMSIM_CHECK(p.isi_cv >= 0.0, "isi_cv must be >= 0");
  NMSIM_CHECK(p.size_range >= 1.0, "size_range must be >= 1");
  NMSIM_CHECK(p.muap_amplitude_v >= 0.0, "muap_amplitude_v must be >= 0");
  NMSIM_CHECK(p.muap_duration_s > 0.0 && p.muap_duration_range > 0.0, "MUAP durations must be positive");
  NMSIM_CHECK(p.depth_attenuation > 0.0 && p.depth_widening > -1.0 && p.muap_duration_cv >= 0.0,
              "invalid MUAP depth/scatter parameters");
  NMSIM_CHECK(p.triphasic_max >= 0.0 && p.triphasic_max <= 1.0, "triphasic_max must be in [0, 1]");
  NMSIM_CHECK(std::isfinite(p.muap_delay_s), "muap_delay_s must be finite");

  const int n = p.n_units;
  const double rr = p.recruitment_range;
  const double e_max = rr / p.last_recruited_at;  // u = 1 in Fuglevand units
  units_.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    MotorUnit& mu = units_[static_cast<std::size_t>(i)];
    const double x = n > 1 ? static_cast<double>(i) / (n - 1) : 0.0;  // position in the pool
    const double rte = std::pow(rr, x);                                 // threshold, Fuglevand units
    mu.threshold = rte / e_max;
    mu.peak_rate_hz = rr > 1.0 ? p.peak_rate_first_hz - (p.peak_rate_first_hz - p.peak_rate_last_hz) * (rte - 1.0) / (rr - 1.0)
                               : p.peak_rate_first_hz;
    const double span = mu.peak_rate_hz - p.min_rate_hz;
    const double fuglevand_gain = p.rate_gain_hz_per_unit * e_max;  // Hz per unit of u
    const double needed_gain = span / (1.0 - mu.threshold);
    if (needed_gain > fuglevand_gain) {
      mu.gain_hz = needed_gain;
      mu.saturation = 1.0;
    } else {
      mu.gain_hz = fuglevand_gain;
      mu.saturation = mu.threshold + span / fuglevand_gain;
    }
    mu.relative_size = std::pow(p.size_range, x);

    // Four draws per unit, always, so that switching a feature off does not reshuffle the rest.
    mu.depth = properties.uniform();
    const double scatter = std::exp(p.muap_duration_cv * ziggurat_normal(properties));
    mu.triphasic = p.triphasic_max * properties.uniform();
    const bool flip = properties.uniform() < 0.5;

    mu.polarity = (p.random_polarity && flip) ? -1.0 : 1.0;
    mu.muap_pp_v = p.muap_amplitude_v * std::pow(mu.relative_size / p.size_range, p.muap_size_exponent) *
                   std::pow(p.depth_attenuation, -mu.depth);
    const double duration = p.muap_duration_s * std::pow(p.muap_duration_range, x) * (1.0 + p.depth_widening * mu.depth) * scatter;
    mu.muap_lambda_s = duration / 4.0;
    mu.shape_norm = 1.0 / shape_peak_to_peak(mu.triphasic);
  }
  for (std::size_t i = 1; i < units_.size(); ++i) {
    NMSIM_CHECK(units_[i].threshold >= units_[i - 1].threshold, "thresholds must be in recruitment order");
  }
  saturation_order_.resize(units_.size());
  std::iota(saturation_order_.begin(), saturation_order_.end(), 0);
  std::stable_sort(saturation_order_.begin(), saturation_order_.end(), [&](std::int32_t a, std::int32_t b) {
    return units_[static_cast<std::size_t>(a)].saturation < units_[static_cast<std::size_t>(b)].saturation;
  });
  constexpr double kInf = std::numeric_limits<double>::infinity();
  thresholds_.push_back(-kInf);
  for (const MotorUnit& mu : units_) thresholds_.push_back(mu.threshold);
  thresholds_.push_back(kInf);
  sorted_saturations_.push_back(-kInf);
  for (const std::int32_t i : saturation_order_) sorted_saturations_.push_back(units_[static_cast<std::size_t>(i)].saturation);
  sorted_saturations_.push_back(kInf);
}

double MotorUnitPool::firing_rate_hz(int i, double u) const {
  const MotorUnit& mu = unit(i);
  if (u < mu.threshold) return 0.0;
  if (u >= mu.saturation) return mu.peak_rate_hz;
  return std::min(mu.peak_rate_hz, params_.min_rate_hz + mu.gain_hz * (u - mu.threshold));
}

double MotorUnitPool::muap(int i, double t_s) const {
  const MotorUnit& mu = unit(i);
  return mu.muap_pp_v * mu.polarity * mu.shape_norm * shape_unnormalised(t_s / mu.muap_lambda_s, mu.triphasic);
}

double MotorUnitPool::max_muap_half_width_s() const {
  double lambda = 0.0;
  for (const MotorUnit& mu : units_) lambda = std::max(lambda, mu.muap_lambda_s);
  return kSupportLambdas * lambda;
}

int MotorUnitPool::subsample_phases(double rate_hz) {
  NMSIM_CHECK(rate_hz > 0.0 && std::isfinite(rate_hz), "sampling rate must be positive");
  return std::max(1, static_cast<int>(std::ceil(1.0 / (rate_hz * kPhaseQuantum_s) - 1e-9)));
}

std::vector<float> MotorUnitPool::synthesize(std::span<const double> excitation, double rate_hz, RandomStream& firing,
                                             std::vector<Spike>* spikes_out) const {
  const int phases = subsample_phases(rate_hz);
  const std::size_t n = excitation.size();
  NMSIM_CHECK(n < static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()), "excitation record too long");
  std::vector<float> emg(n, 0.0f);
  if (n == 0) return emg;

  Context ctx;
  ctx.u = excitation;
  ctx.rate_hz = rate_hz;
  ctx.dt = 1.0 / rate_hz;
  ctx.delay_samples = params_.muap_delay_s * rate_hz;
  ctx.min_rate_hz = params_.min_rate_hz;
  ctx.out = emg.data();
  ctx.n = static_cast<std::int64_t>(n);
  ctx.spikes = spikes_out;
  const double cv = params_.isi_cv;
  ctx.isi.sigma = std::sqrt(std::log1p(cv * cv));
  ctx.isi.mu = -0.5 * ctx.isi.sigma * ctx.isi.sigma;

  ctx.prefix.resize(n + 1);
  ctx.prefix[0] = 0.0;
  double u_max = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < n; ++k) {
    const double x = excitation[k];
    NMSIM_CHECK(std::isfinite(x), "excitation must be finite");
    ctx.prefix[k + 1] = ctx.prefix[k] + x;
    u_max = std::max(u_max, x);
  }
  // Thresholds increase with the index, so units beyond the first never-recruited one are
  // never recruited either and cost nothing.
  int n_rec = 0;
  while (n_rec < n_units() && units_[static_cast<std::size_t>(n_rec)].threshold <= u_max) ++n_rec;
  if (n_rec == 0) return emg;
  ctx.bank = build_templates(units_, n_rec, rate_hz, phases);

  // One pass over u lists, per unit, the samples where its regime changes: units [0, n_act)
  // are above threshold, saturation_order_[0, n_sat) are saturated. The four neighbouring
  // boundaries are kept in registers so that a sample with no change costs four compares.
  struct Change {
    std::int32_t unit;
    std::int32_t sample;
  };
  std::vector<Change> changes;
  changes.reserve(1024);
  // thresholds_ and sorted_saturations_ carry -inf/+inf sentinels at both ends.
  const auto th = [&](int i) { return thresholds_[static_cast<std::size_t>(i + 1)]; };
  const auto sat = [&](int i) { return sorted_saturations_[static_cast<std::size_t>(i + 1)]; };
  int n_act = 0;
  int n_sat = 0;
  while (th(n_act) <= excitation[0]) ++n_act;
  while (sat(n_sat) <= excitation[0]) ++n_sat;
  double act_up = th(n_act), act_down = th(n_act - 1), sat_up = sat(n_sat), sat_down = sat(n_sat - 1);
  for (std::size_t k = 1; k < n; ++k) {
    const double x = excitation[k];
    if (x < act_up && x >= act_down && x < sat_up && x >= sat_down) continue;
    const auto s = static_cast<std::int32_t>(k);
    while (th(n_act) <= x) changes.push_back({n_act++, s});
    while (th(n_act - 1) > x) changes.push_back({--n_act, s});
    while (sat(n_sat) <= x) changes.push_back({saturation_order_[static_cast<std::size_t>(n_sat++)], s});
    while (sat(n_sat - 1) > x) changes.push_back({saturation_order_[static_cast<std::size_t>(--n_sat)], s});
    act_up = th(n_act);
    act_down = th(n_act - 1);
    sat_up = sat(n_sat);
    sat_down = sat(n_sat - 1);
  }
  // Group by unit, keeping time order (counting sort).
  std::vector<std::size_t> start(static_cast<std::size_t>(n_rec) + 1, 0);
  for (const Change& c : changes) ++start[static_cast<std::size_t>(c.unit) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::int32_t> at(changes.size());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (const Change& c : changes) at[fill[static_cast<std::size_t>(c.unit)]++] = c.sample;
  }

  for (int i = 0; i < n_rec; ++i) {
    UnitRun unit_run(ctx, units_[static_cast<std::size_t>(i)], i, firing);
    int regime = unit_run.regime(0);
    unit_run.start(regime);
    std::int64_t k = 0;
    for (std::size_t e = start[static_cast<std::size_t>(i)]; e < start[static_cast<std::size_t>(i) + 1]; ++e) {
      const std::int64_t change = at[e];
      if (regime > 0) unit_run.run(k, change, regime);
      const int next = unit_run.regime(change);
      if (regime == 0 && next > 0) unit_run.recruit(change);
      regime = next;
      k = change;
    }
    if (regime > 0) unit_run.run(k, ctx.n, regime);
  }
  return emg;
}

}  // namespace nmsim::signals
