#include "signals/motor_unit_pool.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
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
// (With last_recruited_at = 1 the last unit is recruited at u = 1 and stays at MFR there.)
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
// histograms. A unit below threshold does not fire. A unit recruited afresh (never fired, or
// silent for at least one interval at its new rate) starts at the (interpolated)
// threshold-crossing instant with a random phase U·θ, the stationary phase of a renewal
// process: a step in drive then gives a pool onset whose first discharges spread over about one
// interval, not a synchronous volley of every newly recruited unit followed by a silent dip
// (an artefact envelope-based onset and duration measures lock onto). A unit dipping below
// threshold only briefly resumes its rhythm instead of producing an extra, early spike.
//
// Computation: rate is held constant over each sample interval, so within a stretch where a
// unit stays in one regime (rate coding or saturated) its phase is linear in the prefix sum
// S of u: dt·(c0·k + G·S[k]), or dt·peak·k. The next discharge is found by Newton steps on
// that piecewise-linear function instead of per-sample updates. One pass over u finds where
// each unit's regime changes (thresholds and saturation levels are sorted, so two pointers
// suffice) and lets that unit catch up; every 2048 samples all units catch up, which keeps
// the arrays they touch in cache. Work is O(samples + discharges + regime changes); units
// never recruited cost nothing. Each unit draws from its own substream (one key drawn from
// the caller's firing stream, substream = unit index), so the result does not depend on the
// order in which units are advanced.
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
// EMG–force relation strongly convex, whereas recorded relations range from linear to mildly
// curvilinear (Lawrence & De Luca 1983; cf. the simulations of Zhou & Rymer 2004).
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

// Peak-to-peak of the unnormalised mixed shape s(x) = e^{-x²} (A x + B (1 - 2x²)). Its
// extremes are the real roots of s'(x) e^{x²} = 4B x³ - 2A x² - 6B x + A, found by a sign
// scan and bisection on that cubic (no exp() until the roots are known).
double shape_peak_to_peak(double beta) {
  const double a = (1.0 - beta) / kK1;
  const double b = beta / kK2;
  const auto q = [&](double x) { return ((4.0 * b * x - 2.0 * a) * x - 6.0 * b) * x + a; };
  double hi = 0.0;
  double lo = 0.0;
  const auto consider = [&](double x) {
    const double v = shape_unnormalised(x, beta);
    hi = std::max(hi, v);
    lo = std::min(lo, v);
  };
  constexpr int kSteps = 100;  // [-5, 5]; s is below e^-25 beyond
  double x0 = -5.0;
  double q0 = q(x0);
  for (int i = 1; i <= kSteps; ++i) {
    const double x1 = -5.0 + 0.1 * i;
    const double q1 = q(x1);
    if (q1 == 0.0) {
      consider(x1);
    } else if ((q0 < 0.0) != (q1 < 0.0) && q0 != 0.0) {
      // A simple root in [x0, x1]: Newton from the secant point, kept inside the bracket.
      double x = x0 - q0 * (x1 - x0) / (q1 - q0);
      for (int it = 0; it < 8; ++it) {
        const double dq = (12.0 * b * x - 4.0 * a) * x - 6.0 * b;
        const double next = dq != 0.0 ? x - q(x) / dq : x;
        if (!(next > x0 && next < x1)) break;
        const bool done = std::abs(next - x) < 1e-13;
        x = next;
        if (done) break;
      }
      consider(x);
    }
    x0 = x1;
    q0 = q1;
  }
  return hi - lo;
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

// Standard-normal quantiles z_i = Φ⁻¹(i/M), i = 1 … M-1, computed once: the rational
// approximation of Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) refined by Newton steps on
// erfc, which converge quadratically from there to rounding.
constexpr int kIsiIntervals = 1024;
using QuantileNodes = std::array<double, kIsiIntervals + 1>;
double normal_quantile(double p) {
  const double q = p < 0.5 ? p : 1.0 - p;
  const double t = std::sqrt(-2.0 * std::log(q));
  double x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  if (p < 0.5) x = -x;
  for (int it = 0; it < 8; ++it) {
    const double cdf = 0.5 * std::erfc(-x / std::numbers::sqrt2);
    const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
    const double step = (cdf - p) / pdf;
    x -= step;
    if (std::abs(step) < 1e-15) break;
  }
  return x;
}
const QuantileNodes& normal_quantile_nodes() {
  static const QuantileNodes nodes = [] {
    QuantileNodes z{};
    for (int i = 1; i < kIsiIntervals; ++i) {
      z[static_cast<std::size_t>(i)] = normal_quantile(static_cast<double>(i) / kIsiIntervals);
    }
    return z;
  }();
  return nodes;
}

// Normalised inter-spike threshold θ: log-normal with mean 1 and coefficient of variation
// `cv`, drawn by inverse transform from one 32-bit word: the top 10 bits pick one of 1024
// equal-probability intervals, the other 22 a point inside it, linearly between the exact
// quantiles at its ends (so each interval carries exactly its probability). The two outer
// intervals are sampled exactly (normal tail beyond |z_1|, Marsaglia 1964). About 5× cheaper
// than a Gaussian draw plus exp(), and this runs once per discharge.
class IsiThreshold {
 public:
  explicit IsiThreshold(double cv) {
    sigma_ = std::sqrt(std::log1p(cv * cv));
    mu_ = -0.5 * sigma_ * sigma_;
    const QuantileNodes& z = normal_quantile_nodes();
    tail_start_ = z[kIsiIntervals - 1];
    for (int i = 1; i < kIsiIntervals; ++i) {
      theta_[static_cast<std::size_t>(i)] = std::exp(mu_ + sigma_ * z[static_cast<std::size_t>(i)]);
      NMSIM_CHECK(std::isfinite(theta_[static_cast<std::size_t>(i)]) &&
                      (i == 1 || theta_[static_cast<std::size_t>(i)] >= theta_[static_cast<std::size_t>(i - 1)]),
                  "ISI quantile table must be finite and non-decreasing");
    }
  }

  double operator()(RandomStream& rs) const {
    if (sigma_ == 0.0) return 1.0;
    const std::uint32_t w = rs.next_u32();
    const std::uint32_t interval = w >> 22;
    if (interval - 1u < static_cast<std::uint32_t>(kIsiIntervals - 2)) {  // 1 … M-2
      const double f = static_cast<double>(w & 0x3FFFFFu) * 0x1.0p-22;
      const double lo = theta_[interval];
      return lo + f * (theta_[interval + 1] - lo);
    }
    return tail(rs, interval == 0);
  }

 private:
  double tail(RandomStream& rs, bool lower) const {
    double x = 0.0;
    double y = 0.0;
    do {
      x = -std::log(rs.uniform()) / tail_start_;
      y = -std::log(rs.uniform());
    } while (2.0 * y < x * x);
    const double z = tail_start_ + x;
    return std::exp(mu_ + sigma_ * (lower ? -z : z));
  }

  double sigma_ = 0.0;
  double mu_ = 0.0;
  double tail_start_ = 0.0;  // |z| beyond which the tails are sampled exactly
  std::array<double, kIsiIntervals + 1> theta_{};
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
      // A MUAP only a few samples long (h large) could overflow q; evaluate those directly.
      const bool direct = h > 4.0;
      for (int n = 0; n < len; ++n) {
        const double x = x0 + n * h;
        const auto un = static_cast<std::size_t>(n);
        if (direct) g = std::exp(-x * x);
        envelope[un] = g;
        value[un] = scale * g * (a * x + b * (1.0 - 2.0 * x * x));
        sum += value[un];
        env_sum += g;
        if (!direct) {
          g *= q;
          q *= c;
        }
      }
      // The continuous MUAP has zero integral; remove the small sampled/truncated residue
      // in proportion to the envelope so the ends stay smooth (no DC from any firing pattern).
      const double correction = env_sum > 0.0 ? sum / env_sum : 0.0;
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
  IsiThreshold isi{0.0};
  float* out = nullptr;
  std::int64_t n = 0;
  bool want_spikes = false;
};

// Discharge generator for one unit over the whole excitation record. The rate over sample
// interval [k, k+1) is the rate at u[k] (sample-and-hold).
class UnitRun {
 public:
  UnitRun(const Context& ctx, const MotorUnit& mu, int index, RandomStream firing)
      : ctx_(ctx), mu_(mu), index_(index), firing_(firing),
        linear_c0_(ctx.min_rate_hz - mu.gain_hz * mu.threshold) {}

  // State at sample 0. A unit already active gets a random phase so that the pool does not
  // discharge in unison at t = 0 (U·θ approximates the stationary phase of a renewal process).
  void start() {
    regime_ = regime(0);
    theta_ = ctx_.isi(firing_);
    if (regime_ > 0) phi_ = firing_.uniform() * theta_;
  }

  // Called in time order (interleaved with advance_to) for every sample at which this
  // unit's regime may change: integrates up to there and handles (de)recruitment.
  // This is the hot path when excitation jitters around thresholds (several regime changes
  // per discharge), so it touches only data near sample k: the prefix sum at the unit's
  // previous position is cached, not reloaded.
  void change_at(std::int64_t k) {
    const double s_k = ctx_.prefix[static_cast<std::size_t>(k)];
    if (regime_ > 0) {
      // Most stretches between regime changes are shorter than an ISI: check that inline
      // before calling the heavier run().
      linear_ = regime_ == 1;
      const double gained = (F(k, s_k) - F(pos_, s_pos_)) * ctx_.dt;
      if (phi_ + gained < theta_) {
        phi_ += gained;
      } else {
        run(k, regime_);
      }
    }
    pos_ = k;
    s_pos_ = s_k;
    const int next = regime(k);
    if (regime_ == 0 && next > 0) recruit(k);
    regime_ = next;
  }
  // Integrates up to sample k without a regime change (chunk boundaries, end of record).
  void advance_to(std::int64_t k) {
    if (regime_ > 0 && k > pos_) run(k, regime_);
    pos_ = k;
    s_pos_ = ctx_.prefix[static_cast<std::size_t>(k)];
  }
  const std::vector<double>& spike_times() const { return times_; }

 private:
  // Regime at sample k: 0 below threshold, 1 rate coding, 2 saturated at the peak rate.
  int regime(std::int64_t k) const {
    const double x = ctx_.u[static_cast<std::size_t>(k)];
    return (x >= mu_.threshold ? 1 : 0) + (x >= mu_.saturation ? 1 : 0);
  }

  // Recruitment at sample k ≥ 1, i.e. u[k-1] < threshold ≤ u[k].
  void recruit(std::int64_t k) {
    const double u0 = ctx_.u[static_cast<std::size_t>(k - 1)];
    const double u1 = ctx_.u[static_cast<std::size_t>(k)];
    const double t_k = static_cast<double>(k) * ctx_.dt;
    const double r = std::min(mu_.peak_rate_hz, linear_c0_ + mu_.gain_hz * u1);
    const double t_cross = (static_cast<double>(k - 1) + (mu_.threshold - u0) / (u1 - u0)) * ctx_.dt;
    if (!fired_ || theta_ <= r * (t_k - t_last_)) {
      // Recruited afresh (never fired, or silent for at least one interval at rate r): from the
      // crossing it discharges as a renewal process at rate r with a random phase U·θ, so units
      // recruited by the same step do not fire in unison. Their first discharges spread over
      // one interval, as synaptic noise spreads real motoneurons' first-spike latencies.
      const double phi0 = firing_.uniform() * theta_;
      const double t_first = t_cross + (theta_ - phi0) / r;
      if (t_first <= t_k) {
        emit(t_first);
        phi_ = r * (t_k - t_first);
      } else {
        phi_ = phi0 + r * (t_k - t_cross);
      }
    } else {
      // Dipped below threshold only briefly: it resumes its rhythm (no extra, early discharge).
      phi_ = r * (t_k - t_last_);
    }
  }

  // Integrates over samples [pos_, end), during which the regime (1 or 2) does not change.
  [[gnu::noinline]] void run(std::int64_t end, int regime_now) {
    linear_ = regime_now == 1;
    const double f_end = F(end);
    std::int64_t k = pos_;
    double fk = F(k, s_pos_);
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

  struct Bracket {
    std::int64_t j;  // step containing the discharge
    double f_j;      // F(j)
    double f_j1;     // F(j + 1)
  };

  // Cumulative rate (Hz·samples) up to a constant that cancels within one regime stretch;
  // s_k = prefix[k].
  double F(std::int64_t k, double s_k) const {
    const double kd = static_cast<double>(k);
    return linear_ ? linear_c0_ * kd + mu_.gain_hz * s_k : mu_.peak_rate_hz * kd;
  }
  double F(std::int64_t k) const { return F(k, ctx_.prefix[static_cast<std::size_t>(k)]); }

  // Rate over sample interval [x, x+1), in Hz = F(x+1) - F(x).
  double rate_at(std::int64_t x) const {
    return linear_ ? linear_c0_ + mu_.gain_hz * ctx_.u[static_cast<std::size_t>(x)] : mu_.peak_rate_hz;
  }

  // Smallest j in [k, end) with F(j+1) ≥ target, given F(k) = fk and F(end) = f_end ≥ target.
  // F is piecewise linear with slope rate_at(x) on [x, x+1], so Newton steps with that exact
  // local slope converge in one or two steps for physiological drive (also when the rate
  // changes within the interval, as in clonus), and F at a neighbour follows from the slope
  // without another prefix-sum load. Steps are kept inside the bracket; bisection finishes
  // if that stalls.
  Bracket find_step(std::int64_t k, std::int64_t end, double fk, double f_end, double target) const {
    if (fk >= target) return Bracket{k, fk, fk + rate_at(k)};  // only if the phase already reached θ
    std::int64_t lo = k;    // F(lo) < target
    std::int64_t hi = end;  // F(hi) ≥ target
    double f_lo = fk;
    double f_hi = f_end;
    // x: candidate for the smallest index with F(x) ≥ target; fx = F(x).
    std::int64_t x = lo;
    double fx = f_lo;
    for (int iter = 0; iter < 6; ++iter) {
      std::int64_t next = 0;
      if (fx < target) {
        const double r = rate_at(x);
        const double f_up = fx + r;  // F(x + 1)
        if (f_up >= target) return Bracket{x, fx, f_up};
        next = x + 1 + floor_to_int(std::min((target - f_up) / r, static_cast<double>(hi - x)));
      } else {
        const double r = rate_at(x - 1);
        const double f_down = fx - r;  // F(x - 1)
        if (f_down < target) return Bracket{x - 1, f_down, fx};
        next = x - 1 - floor_to_int(std::min((f_down - target) / r, static_cast<double>(x - lo)));
      }
      next = std::clamp(next, lo + 1, hi - 1);
      if (next <= lo || next >= hi) break;  // bracket exhausted (hi == lo + 1)
      x = next;
      fx = F(x);
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
    if (ctx_.want_spikes) times_.push_back(t);
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
  RandomStream firing_;  // this unit's own stream
  double linear_c0_;  // rate intercept: r = c0 + gain·u in the rate-coding regime
  bool linear_ = true;
  std::int64_t pos_ = 0;  // samples before pos_ are done
  double s_pos_ = 0.0;    // prefix[pos_]
  int regime_ = 0;        // regime at pos_
  std::vector<double> times_;  // discharge times, if the caller wants them
  double phi_ = 0.0;    // phase accumulated since the last discharge
  double theta_ = 1.0;  // phase at which the next discharge occurs
  bool fired_ = false;
  double t_last_ = 0.0;
};

}  // namespace

double fat_amplitude_factor(double fat_m) {
  // (mm, ln of RMS relative to no fat), Kuiken, Lowery & Stoykov 2003.
  static constexpr std::array<std::array<double, 2>, 4> kTable = {
      {{0.0, 0.0}, {3.0, -0.37542}, {9.0, -1.61949}, {18.0, -2.30259}}};
  const double mm = std::max(0.0, fat_m * 1e3);
  std::size_t k = 1;
  while (k + 1 < kTable.size() && mm > kTable[k][0]) ++k;
  const auto& [x0, y0] = kTable[k - 1];
  const auto& [x1, y1] = kTable[k];
  const double ln_rms = y0 + (y1 - y0) * (mm - x0) / (x1 - x0);
  return std::exp(ln_rms - kTable[1][1]);  // relative to 3 mm
}

MotorUnitPool::MotorUnitPool(const MotorUnitPoolParams& params, RandomStream properties) : params_(params) {
  const auto& p = params_;
  NMSIM_CHECK(p.n_units >= 1, "motor-unit pool needs at least one unit");
  NMSIM_CHECK(p.recruitment_range >= 1.0, "recruitment_range must be >= 1");
  NMSIM_CHECK(p.last_recruited_at > 0.0 && p.last_recruited_at <= 1.0, "last_recruited_at must be in (0, 1]");
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
  NMSIM_CHECK(p.fat_thickness_m >= 0.0 && p.electrode_gain >= 0.0, "invalid recording site");
  // The recording site scales every MUAP alike: amplitude through the fat and the placement,
  // duration through the fat's low-pass (never below half the nominal).
  const double site_gain = p.electrode_gain * fat_amplitude_factor(p.fat_thickness_m);
  const double site_widening = std::max(0.5, 1.0 + p.fat_widening_per_m * (p.fat_thickness_m - 0.003));

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
    // A unit recruited at u = 1 (last_recruited_at = 1) cannot reach its peak by then; it
    // keeps Fuglevand's gain.
    const double headroom = 1.0 - mu.threshold;
    const double needed_gain = headroom > 1e-9 ? span / headroom : 0.0;
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
    mu.muap_pp_v = site_gain * p.muap_amplitude_v * std::pow(mu.relative_size / p.size_range, p.muap_size_exponent) *
                   std::pow(p.depth_attenuation, -mu.depth);
    const double duration =
        site_widening * p.muap_duration_s * std::pow(p.muap_duration_range, x) * (1.0 + p.depth_widening * mu.depth) * scatter;
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
  ctx.want_spikes = spikes_out != nullptr;
  ctx.isi = IsiThreshold(params_.isi_cv);

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

  // Each unit draws from its own substream (unit index) of a stream keyed by one 64-bit
  // draw from `firing`, so results do not depend on the order in which units are advanced.
  const std::uint64_t unit_key = (static_cast<std::uint64_t>(firing.next_u32()) << 32) | firing.next_u32();
  std::vector<UnitRun> runs;
  runs.reserve(static_cast<std::size_t>(n_rec));
  for (int i = 0; i < n_rec; ++i) {
    runs.emplace_back(ctx, units_[static_cast<std::size_t>(i)], i,
                      RandomStream(unit_key, 0, RngPurpose::MotorUnitFiring, static_cast<std::uint32_t>(i)));
    runs.back().start();
  }

  // One pass over u finds every sample where some unit's regime changes — units [0, n_act)
  // are above threshold, saturation_order_[0, n_sat) are saturated — and lets that unit
  // catch up to it. The four neighbouring boundaries are kept in registers, so a sample with
  // no change costs four compares. Every kChunk samples all units catch up, so the prefix
  // sums, excitation and output they touch stay in cache (a unit sweeping the whole record
  // on its own would stream ~1 MB per unit).
  // thresholds_ and sorted_saturations_ carry -inf/+inf sentinels at both ends.
  constexpr std::size_t kChunk = 2048;
  const auto th = [&](int i) { return thresholds_[static_cast<std::size_t>(i + 1)]; };
  const auto sat = [&](int i) { return sorted_saturations_[static_cast<std::size_t>(i + 1)]; };
  const auto by_sat = [&](int i) -> UnitRun& { return runs[static_cast<std::size_t>(saturation_order_[static_cast<std::size_t>(i)])]; };
  int n_act = 0;
  int n_sat = 0;
  while (th(n_act) <= excitation[0]) ++n_act;
  while (sat(n_sat) <= excitation[0]) ++n_sat;
  // No regime changes while x stays in [stay_lo, stay_hi).
  double stay_lo = std::max(th(n_act - 1), sat(n_sat - 1));
  double stay_hi = std::min(th(n_act), sat(n_sat));
  for (std::size_t chunk = 0; chunk < n; chunk += kChunk) {
    const std::size_t chunk_end = std::min(n, chunk + kChunk);
    for (std::size_t k = std::max<std::size_t>(chunk, 1); k < chunk_end; ++k) {
      const double x = excitation[k];
      if (x < stay_hi && x >= stay_lo) continue;
      const auto s = static_cast<std::int64_t>(k);
      while (th(n_act) <= x) runs[static_cast<std::size_t>(n_act++)].change_at(s);
      while (th(n_act - 1) > x) runs[static_cast<std::size_t>(--n_act)].change_at(s);
      while (sat(n_sat) <= x) by_sat(n_sat++).change_at(s);
      while (sat(n_sat - 1) > x) by_sat(--n_sat).change_at(s);
      stay_lo = std::max(th(n_act - 1), sat(n_sat - 1));
      stay_hi = std::min(th(n_act), sat(n_sat));
    }
    for (UnitRun& r : runs) r.advance_to(static_cast<std::int64_t>(chunk_end));
  }

  if (spikes_out != nullptr) {
    std::size_t total = spikes_out->size();
    for (const UnitRun& r : runs) total += r.spike_times().size();
    spikes_out->reserve(total);
    for (int i = 0; i < n_rec; ++i) {
      for (const double t : runs[static_cast<std::size_t>(i)].spike_times()) spikes_out->push_back(Spike{i, t});
    }
  }
  return emg;
}

}  // namespace nmsim::signals
