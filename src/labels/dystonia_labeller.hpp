#pragma once
// Ground-truth dystonia labels derived from model state.
//
// Input per muscle: its dystonic drive, the pool excitation the patient's descending drive adds
// beyond what the healthy twin of the supraspinal loop would send under the same commands,
// noise and afferents (NeuromuscularModel, PoolDrive::dystonic_part). It is zero in a healthy
// model and in phases where a task-specific dystonia is not expressed.
//
// Involuntary intervals: the drive rises above `on_threshold` and stays above `off_threshold`
// (hysteresis); intervals closer than `merge_gap_s` merge; shorter than `min_duration_s` drop.
// Subtypes (each an event; a sample may carry several):
//   tremor   a run of ≥ tremor_min_cycles peaks of the drive (prominence ≥ tremor_prominence)
//            whose intervals all lie in [1/tremor_max_hz, 1/tremor_min_hz];
//   posture  an involuntary interval lasting ≥ posture_min_s (sustained contraction);
//   spasm    a shorter involuntary interval, less than half of it inside a tremor run;
//   overflow the part of an involuntary interval during which the muscle is outside the
//            task: a task commands some channel, but not this muscle's.
#include <span>
#include <vector>

namespace nmsim::labels {

struct DystoniaLabelParams {
  double on_threshold = 0.01;    // pool-excitation units (1 % of maximal excitation)
  double off_threshold = 0.005;
  double min_duration_s = 0.05;
  double merge_gap_s = 0.1;
  double posture_min_s = 1.0;
  int tremor_min_cycles = 4;
  double tremor_min_hz = 3.0;
  double tremor_max_hz = 8.0;
  double tremor_prominence = 0.005;
  double visible_db = 10.0;        // salience floor of a visible dystonic contraction: EMG power
                                   // over the healthy twin's (calibrated: docs/labels.md)
  double tremor_visible_db = 0.0;  // floor of a visible tremor: its rhythm in the EMG envelope
                                   // carries at least half of the envelope's variation
};

struct Interval {
  double start_s = 0, stop_s = 0;
  double duration() const { return stop_s - start_s; }
};

enum class DystoniaSubtype { Posture, Spasm, Tremor, Overflow };
const char* dystonia_event_label(DystoniaSubtype s);  // "dystonia_posture", …

struct DystoniaEvent {
  Interval span;
  DystoniaSubtype subtype = DystoniaSubtype::Posture;
  double peak_drive = 0, mean_drive = 0;
  int cycles = 0;            // tremor: peaks in the run
  double frequency_hz = 0;   // tremor: mean cycle frequency
  double cycle_cv = 0;       // tremor: coefficient of variation of the cycle periods
};

std::vector<Interval> involuntary_intervals(std::span<const double> drive, double rate_hz, const DystoniaLabelParams& p);

// All subtype events of one muscle. `outside_task[k]` is nonzero where the muscle is outside the task.
std::vector<DystoniaEvent> classify_dystonia(std::span<const double> drive, std::span<const char> outside_task,
                                             double rate_hz, const DystoniaLabelParams& p);

// Falconer & Winter's co-contraction index over samples [i0, i1) of two activation traces:
// 2 Σ min(a, b) / Σ (a + b), 0 (reciprocal) … 1 (equal co-contraction).
double co_contraction_index(std::span<const double> a, std::span<const double> b, std::size_t i0, std::size_t i1);

}  // namespace nmsim::labels
