#pragma once
// How far the trial being integrated has got, for the progress line of a run with one long
// trial (a dataset's progress counts whole trials instead). A process-wide hook, like the stop
// flag (core/interrupt.hpp): set by the command line, called by the integrator.
namespace nmsim {

using TrialProgressHook = void (*)(double simulated_s);
void set_trial_progress_hook(TrialProgressHook hook) noexcept;  // nullptr: none (the default)
void report_trial_progress(double simulated_s) noexcept;        // every few hundred steps

}  // namespace nmsim
