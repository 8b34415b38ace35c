#include "core/delay_history.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace nmsim::core {

DelayHistory::DelayHistory(std::size_t n_states, double max_delay_s)
    : n_(n_states), max_delay_(max_delay_s), capacity_(64) {
  t_.resize(capacity_);
  x_.resize(capacity_ * n_);
  f_.resize(capacity_ * n_);
}

void DelayHistory::grow() {
  const std::size_t new_cap = 2 * capacity_;
  std::vector<double> t(new_cap), x(new_cap * n_), f(new_cap * n_);
  for (std::size_t i = 0; i < count_; ++i) {
    const std::size_t p = physical(i);
    t[i] = t_[p];
    std::copy_n(x_.begin() + static_cast<std::ptrdiff_t>(p * n_), n_, x.begin() + static_cast<std::ptrdiff_t>(i * n_));
    std::copy_n(f_.begin() + static_cast<std::ptrdiff_t>(p * n_), n_, f.begin() + static_cast<std::ptrdiff_t>(i * n_));
  }
  t_.swap(t);
  x_.swap(x);
  f_.swap(f);
  capacity_ = new_cap;
  head_ = 0;
}

void DelayHistory::push(double t, std::span<const double> x, std::span<const double> dxdt) {
  NMSIM_CHECK(x.size() == n_ && dxdt.size() == n_, "history state size mismatch");
  // Equal times are allowed once: a breakpoint node stored with its left and right derivatives.
  NMSIM_CHECK(count_ == 0 || t > latest_time() || (t == latest_time() && (count_ < 2 || t_[physical(count_ - 2)] < t)),
              "history times must increase");
  if (count_ == 0) t_initial_ = t;
  if (count_ == capacity_) grow();
  const std::size_t p = physical(count_);
  t_[p] = t;
  std::copy(x.begin(), x.end(), x_.begin() + static_cast<std::ptrdiff_t>(p * n_));
  std::copy(dxdt.begin(), dxdt.end(), f_.begin() + static_cast<std::ptrdiff_t>(p * n_));
  ++count_;
}

void DelayHistory::prune(double t_now) {
  // Keep the last point at or before t_now − max_delay so that interval stays interpolable.
  const double horizon = t_now - max_delay_;
  while (count_ >= 2 && t_[physical(1)] <= horizon) {
    head_ = (head_ + 1) % capacity_;
    --count_;
  }
}

double DelayHistory::latest_time() const { return t_[physical(count_ - 1)]; }
double DelayHistory::earliest_time() const { return t_[physical(0)]; }

std::span<const double> DelayHistory::latest_state() const {
  return {x_.data() + physical(count_ - 1) * n_, n_};
}

std::size_t DelayHistory::locate(double t) const {
  // Binary search over the logical (time-ordered) indices.
  std::size_t lo = 0, hi = count_ - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (t_[physical(mid)] <= t)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

namespace {
struct HermiteWeights {
  double h00, h10, h01, h11;  // value weights
  double d00, d10, d01, d11;  // derivative weights (already divided by h)
};
HermiteWeights hermite(double s, double h) {
  const double s2 = s * s, s3 = s2 * s;
  return {2 * s3 - 3 * s2 + 1,     (s3 - 2 * s2 + s) * h, -2 * s3 + 3 * s2, (s3 - s2) * h,
          (6 * s2 - 6 * s) / h,    3 * s2 - 4 * s + 1,    (-6 * s2 + 6 * s) / h, 3 * s2 - 2 * s};
}
}  // namespace

void DelayHistory::interpolate(double t, std::span<double> out) const {
  NMSIM_CHECK(count_ > 0, "empty history");
  const double t_last = latest_time();
  NMSIM_CHECK(t <= t_last + 1e-12 * (1.0 + std::abs(t_last)), "delayed read ahead of the computed history");
  if (t >= t_last) {  // the latest point itself (also when it is a breakpoint pair)
    std::copy_n(x_.begin() + static_cast<std::ptrdiff_t>(physical(count_ - 1) * n_), n_, out.begin());
    return;
  }
  const std::size_t first = physical(0);
  if (t <= t_[first] || count_ == 1) {
    // Before the first point: constant initial history (or the single stored point). Only the
    // true initial point may stand for earlier times; after pruning that would be a stale read.
    NMSIM_CHECK(t >= t_[first] || t_[first] == t_initial_, "delayed read older than the kept history");
    const std::size_t p = t <= t_[first] ? first : physical(count_ - 1);
    std::copy_n(x_.begin() + static_cast<std::ptrdiff_t>(p * n_), n_, out.begin());
    return;
  }
  const std::size_t i = std::min(locate(t), count_ - 2);
  const std::size_t a = physical(i), b = physical(i + 1);
  const double h = t_[b] - t_[a];
  const HermiteWeights w = hermite((t - t_[a]) / h, h);
  for (std::size_t c = 0; c < n_; ++c)
    out[c] = w.h00 * x_[a * n_ + c] + w.h10 * f_[a * n_ + c] + w.h01 * x_[b * n_ + c] + w.h11 * f_[b * n_ + c];
}

void DelayHistory::interpolate_full(double t, std::span<double> x, std::span<double> dxdt) const {
  NMSIM_CHECK(count_ >= 2 || t == latest_time(), "interpolation needs two points");
  if (count_ == 1) {
    std::copy_n(x_.begin() + static_cast<std::ptrdiff_t>(physical(0) * n_), n_, x.begin());
    std::copy_n(f_.begin() + static_cast<std::ptrdiff_t>(physical(0) * n_), n_, dxdt.begin());
    return;
  }
  NMSIM_CHECK(t >= earliest_time() && t <= latest_time() + 1e-12, "sample time outside the kept history");
  if (t >= latest_time()) {  // the latest point (right derivative at a breakpoint)
    std::copy_n(x_.begin() + static_cast<std::ptrdiff_t>(physical(count_ - 1) * n_), n_, x.begin());
    std::copy_n(f_.begin() + static_cast<std::ptrdiff_t>(physical(count_ - 1) * n_), n_, dxdt.begin());
    return;
  }
  const std::size_t i = std::min(locate(t), count_ - 2);
  const std::size_t a = physical(i), b = physical(i + 1);
  const double h = t_[b] - t_[a];
  const HermiteWeights w = hermite((t - t_[a]) / h, h);
  for (std::size_t c = 0; c < n_; ++c) {
    const double xa = x_[a * n_ + c], fa = f_[a * n_ + c], xb = x_[b * n_ + c], fb = f_[b * n_ + c];
    x[c] = w.h00 * xa + w.h10 * fa + w.h01 * xb + w.h11 * fb;
    dxdt[c] = w.d00 * xa + w.d10 * fa + w.d01 * xb + w.d11 * fb;
  }
}

}  // namespace nmsim::core
