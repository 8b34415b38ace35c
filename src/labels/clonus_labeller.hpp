#pragma once
// Ground-truth clonus labels derived from model state (the rules are docs/labels.md, "Clonus").
//
// Input: the reflex part of one motoneuron pool's drive (the excitation the Ia pathways add
// on top of what descending drive alone would give), sampled uniformly. It is a
// noise-free internal variable of the simulation, so a beat here is a burst of the stretch
// reflex itself, not a feature of the (noisy) EMG.
//
// Beats: peaks found with hysteresis `min_prominence`. A peak is a beat only if the drive
// both rose and fell by at least `min_prominence` around it, each within one longest period
// (1 / min_frequency): the troughs before and after it are the lowest samples within that
// window (and before the neighbouring peaks). The beat spans the half-height crossings on
// either side, which lie between its troughs, so no beat lasts longer than two longest
// periods and none runs on into a tonic plateau. Episode: a run of at least `min_beats`
// beats on consecutive peaks whose peak-to-peak intervals all lie in
// [1/max_frequency, 1/min_frequency]; it ends with its last beat. An episode is "sustained"
// with at least `sustained_beats` beats; its SCATS duration class is 1 (< 3 s), 2 (3–10 s)
// or 3 (> 10 s).
#include <cstddef>
#include <span>
#include <vector>

#include "labels/salience.hpp"

namespace nmsim::labels {

struct ClonusLabelParams {
  int min_beats = 3;
  int sustained_beats = 5;
  double min_frequency_hz = 2.5;
  double max_frequency_hz = 12.0;
  double min_prominence = 1e-3;  // pool-excitation units (~0.2 N*m of soleus torque)
  double visible_db = 9.0;       // salience floor of a visible beat (labels/salience.hpp):
                                 // calibrated against an envelope detector, docs/labels.md
};

struct Beat {
  double start_s = 0, peak_s = 0, stop_s = 0;
  double peak_drive = 0;                  // reflex drive at the peak
  double trough_before_s = 0, trough_after_s = 0;  // the troughs that bound the beat
  std::size_t cycle = 0;                  // ordinal of its peak among all confirmed peaks
  double salience_db = 0;                 // set by rate_salience()
  bool visible = false;
};

struct ClonusEpisode {
  double start_s = 0, stop_s = 0;
  std::vector<Beat> beats;
  double frequency_hz = 0;
  int duration_class = 0;  // SCATS-like 1–3
  bool sustained = false;
  double salience_db = 0;  // median of its beats'
  bool visible = false;    // at least min_beats of its beats are visible
};

// Beats of `x` (sampled at rate_hz from start_time_s); troughs are searched at most
// max_period_s from each peak.
std::vector<Beat> detect_beats(std::span<const double> x, double rate_hz, double start_time_s, double min_prominence,
                               double max_period_s);

// Half-open index ranges [first, end) of `beats` that form rhythmic runs: consecutive beats on
// consecutive peaks (cycle + 1) with peak-to-peak intervals in [min_interval_s, max_interval_s],
// at least min_count beats long. Shared by the clonus and dystonic-tremor rules.
struct Run {
  std::size_t first = 0, end = 0;
};
std::vector<Run> rhythmic_runs(const std::vector<Beat>& beats, double min_interval_s, double max_interval_s,
                               std::size_t min_count);

std::vector<ClonusEpisode> group_episodes(const std::vector<Beat>& beats, const ClonusLabelParams& params);
// The beats whose peak lies inside one of `twin`'s episodes (from its first beat's start to its
// last beat's stop: a quarter period or so around its peaks, room for the phase a tremor shifts
// them by; engine/clonus_twin.hpp). Beats keep their cycle ordinals, so a beat left out breaks
// the run it was in.
std::vector<Beat> beats_within(const std::vector<Beat>& beats, const std::vector<ClonusEpisode>& twin);
int scats_duration_class(double duration_s);

// Salience of each beat in the EMG channel it is labelled on: power within the beat over power
// around its two troughs (windows an eighth of the trough-to-trough span wide on each side of
// each trough, cut where the beat begins). A beat is visible at visible_db or more.
void rate_salience(std::vector<ClonusEpisode>& episodes, const ChannelPower& emg, const ClonusLabelParams& params);

}  // namespace nmsim::labels
