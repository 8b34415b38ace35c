#pragma once
// EMG burst onsets after Hodges & Bui (1996, EEG Clin Neurophysiol 101:511): the full-wave
// rectified EMG, low-pass filtered, is compared with the mean + h·SD of a baseline; a burst
// starts where the mean over a window of T ms first exceeds that threshold and ends where it
// falls below again; its extent is then narrowed to where the envelope is at least
// `extent_fraction` of the burst's own peak (ours). Baseline `rest` (as published): the trial's first rest phase. Baseline
// `local` (our adaptation for bursts on top of ongoing activity): the running median and
// 1.4826 × median absolute deviation over ±`local_window_s`.
//
// The cortical / non-cortical myoclonus classifier (45 ms rule; van der Veen et al. 2024,
// figures in docs/scoring.md): with at least `min_bursts` bursts in a trial, a mean burst
// duration below 45 ms calls the myoclonus cortical. Bursts that start within
// `jerk_window_s` of each other, in any channels, form one jerk.
#include "detectors/detector.hpp"

namespace nmsim::detectors {

Parameters burst_onset_parameters();  // baseline: 0 = rest, 1 = local
// `myoclonic_burst` rows per channel (score = peak envelope / threshold, `duration`).
scoring::DetectionTable detect_bursts(const TrialInput& trial, const Parameters& p);

Parameters myoclonus_classifier_parameters();
// Bursts as above, plus one `myoclonus_cortical` or `myoclonus_noncortical` row per jerk
// (channel `any`) when the trial has enough bursts; their `mean_burst_duration` and score
// (45 ms - mean duration) / 45 ms.
scoring::DetectionTable detect_myoclonus_class(const TrialInput& trial, const Parameters& p);

}  // namespace nmsim::detectors
