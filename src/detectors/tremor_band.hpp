#pragma once
// Tremor-band detector on 3 s windows (after the method evaluated in PMC6806079): in each
// window the spectrum of the rectified EMG has its peak in 3-12 Hz; the window is flagged
// when the power within ±`peak_halfwidth_hz` of that peak is at least `min_relative_power`
// of the power in 1-30 Hz. Consecutive flagged windows join into one `tremor` event with its
// mean peak `frequency`, the largest `relative_power` (also the score), and which tremor
// bands the frequency lies in: physiological 8-12 Hz, essential 4-12 Hz, parkinsonian 3-8 Hz
// (the bands overlap, so frequency alone names no tremor).
#include "detectors/detector.hpp"

namespace nmsim::detectors {

Parameters tremor_band_parameters();
scoring::DetectionTable detect_tremor_band(const TrialInput& trial, const Parameters& p);

}  // namespace nmsim::detectors
