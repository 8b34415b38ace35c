#pragma once
// Ground-truth myoclonus labels derived from the generator state.
//
// Input per muscle: its myoclonic part, the pool excitation the volleys add (positive jerks)
// or remove (negative myoclonus) compared with the same instant without them
// (PoolDrive::myoclonic_part). A volley that meets a silent pool below threshold, or inhibits
// a pool that was silent anyway, changes nothing and is not labelled: labels mark what the
// muscle actually did. Each volley's burst is the span, within the volley's window plus the
// pool's lag, where |myoclonic part| exceeds `threshold`. A silent period is where the
// inhibited pool cannot recruit even its first motor unit: exactly where its EMG is silent.
#include <span>

namespace nmsim::labels {

struct MyoclonusLabelParams {
  double threshold = 0.01;     // pool-excitation units (1 % of maximal excitation)
  double lag_s = 0.03;         // after the volley ends, how long the pool may still respond
  double min_silent_s = 0.05;  // shortest silent period of negative myoclonus (50–500 ms,
                               // Clin Neurophysiol 2023); shorter pool silences are no label
  double baseline_s = 0.2;     // EMG before a burst or silent period that its salience compares with
  double visible_db = 6.0;     // salience floor of a visible burst or silent period
};

struct Burst {
  bool found = false;
  double start_s = 0, stop_s = 0;
  double peak = 0;  // signed myoclonic part at its largest magnitude
};

// The burst a volley of [start_s, start_s + duration_s) produced in `part` (sampled at rate_hz).
Burst volley_burst(std::span<const double> part, double rate_hz, double start_s, double duration_s,
                   const MyoclonusLabelParams& p);

// The silent period an inhibitory volley produced: the longest run, inside the volley's window
// plus the lag, where the motor-unit pool's input is below its first unit's recruitment
// threshold (no unit can fire), and only if the pool was firing just before the volley and the
// run lasts at least min_silent_s.
// `peak` is the most negative myoclonic part in the run (from `part`, at part_rate_hz).
Burst silent_period(std::span<const double> pool_input, double rate_hz, double first_threshold, double start_s,
                    double duration_s, std::span<const double> part, double part_rate_hz, const MyoclonusLabelParams& p);

}  // namespace nmsim::labels
