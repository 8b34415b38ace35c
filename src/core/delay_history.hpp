#pragma once
// History of an integrated trajectory for delayed reads.
//
// Stores (t, x, x') at every accepted step and interpolates between them with cubic Hermite
// polynomials, which match the fourth-order accuracy of the Runge–Kutta steppers. Before the
// first stored time the history is the constant initial state (the "resting" convention
// documented in docs/model.md). Entries older than the longest delay are dropped, so memory
// is bounded by max_delay / step, not by trial length.
#include <cstddef>
#include <span>
#include <vector>

namespace nmsim::core {

class DelayHistory {
 public:
  DelayHistory(std::size_t n_states, double max_delay_s);

  // Appends an accepted point; t must be greater than the last stored time, or equal to it once
  // (a breakpoint stored with its left, then right, derivative: interpolation before t uses the
  // left one, after t the right one).
  void push(double t, std::span<const double> x, std::span<const double> dxdt);
  // Drops points no longer reachable by a delayed read made at time t_now or later.
  void prune(double t_now);

  // Writes x(t) into out. Requires t ≤ latest time (never reads ahead of the computed
  // trajectory; enforced).
  void interpolate(double t, std::span<double> out) const;
  // Full-state value and derivative at t (for output sampling).
  void interpolate_full(double t, std::span<double> x, std::span<double> dxdt) const;

  double latest_time() const;
  double earliest_time() const;
  std::size_t size() const { return count_; }
  std::span<const double> latest_state() const;

 private:
  std::size_t physical(std::size_t logical) const { return (head_ + logical) % capacity_; }
  std::size_t locate(double t) const;  // logical index i with t_i ≤ t < t_{i+1}
  void grow();

  std::size_t n_;
  double max_delay_;
  std::size_t capacity_ = 0, head_ = 0, count_ = 0;
  double t_initial_ = 0.0;  // time of the first point ever pushed (start of the trajectory)
  std::vector<double> t_, x_, f_;  // ring buffers: capacity_, capacity_·n_, capacity_·n_
};

}  // namespace nmsim::core
