#pragma once
// Ground-truth clonus labels derived from model state.
//
// Input: the reflex part of one motoneuron pool's drive (the excitation the Ia pathways add
// on top of what descending drive alone would give), sampled uniformly. It is a
// noise-free internal variable of the simulation, so a beat here is a burst of the stretch
// reflex itself, not a feature of the (noisy) EMG.
//
// Beats: alternating peaks and troughs found with hysteresis `min_prominence`; a beat spans
// the half-height crossings on either side of its peak. Episode: a run of at least
// `min_beats` beats whose peak-to-peak intervals all lie in [1/max_frequency, 1/min_frequency].
// An episode is "sustained" with at least `sustained_beats` beats; its SCATS-like duration
// class is 1 (< 3 s), 2 (3–10 s) or 3 (> 10 s). See docs/labels.md.
#include <span>
#include <vector>

namespace nmsim::labels {

struct ClonusLabelParams {
  int min_beats = 3;
  int sustained_beats = 5;
  double min_frequency_hz = 2.5;
  double max_frequency_hz = 12.0;
  double min_prominence = 1e-3;  // pool-excitation units (~0.2 N*m of soleus torque)
};

struct Beat {
  double start_s, peak_s, stop_s;
  double peak_drive;  // reflex drive at the peak
};

struct ClonusEpisode {
  double start_s = 0, stop_s = 0;
  std::vector<Beat> beats;
  double frequency_hz = 0;
  int duration_class = 0;  // SCATS-like 1–3
  bool sustained = false;
};

std::vector<Beat> detect_beats(std::span<const double> reflex_drive, double rate_hz, double start_time_s,
                               double min_prominence);
std::vector<ClonusEpisode> group_episodes(const std::vector<Beat>& beats, const ClonusLabelParams& params);
int scats_duration_class(double duration_s);

}  // namespace nmsim::labels
