"""nmsim in Python: labelled synthetic EMG and kinematics of clonus, dystonia and myoclonus,
simulated in memory.

    import nmsim
    trial = nmsim.simulate("ankle_clonus", set={"parameters.spinal.reflex_gain": 4}, seed=1)
    trial.emg.data                  # (samples, channels) float32, volts; .channels, .rate
    trial.labels.bit("clonus")      # (samples, channels) bool
    trial.events["label"], trial.events["start_time"]

    emg = nmsim.emg_simulate("ankle_clonus", duration=10, reflex_gain=4, random_state=1)
    trials = nmsim.simulate_many([{"parameters.spinal.reflex_gain": g} for g in (1, 3, 6)],
                                 scenario="ankle_clonus")       # on every core
    ds = nmsim.Dataset("clonus_dataset")                        # ds[i]: trial i of its plan
    nmsim.stability("ankle_clonus").critical_gain               # the Hopf boundary
    with nmsim.open("out.h5") as f: f[0]                        # a file nmsim run wrote
    report = nmsim.score("out.h5", nmsim.detect("clonus_wavelet", "out.h5"))  # as nmsim score

A trial is the one `nmsim run` writes for the same scenario, overrides and seed; simulated and
read trials are the same Trial class. Series arrays take over the engine's buffers (no copy).
Bad scenarios raise ScenarioError with the command line's located message. docs/python.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from . import _nmsim
from ._dataset import Dataset
from ._files import DatasetFile
from ._reader import Labels, Signal, Trial
from ._scoring import Detections, detect, detectors, score
from ._trials import bundled_scenarios, source, to_trial
from ._windows import WindowStream, torch_windows

ScenarioError = _nmsim.ScenarioError      # ValueError: .file, .line, .column, .key_path, .detail (.job)
NumericalError = _nmsim.NumericalError    # ArithmeticError: .time (s) (.job)

__all__ = ["simulate", "simulate_many", "emg_simulate", "describe", "stability", "Stability", "Dataset", "open",
           "DatasetFile", "WindowStream", "torch_windows", "detectors", "detect", "score", "Detections",
           "bundled_scenarios", "Trial", "Signal", "Labels", "ScenarioError", "NumericalError"]


def simulate(scenario: str, set: dict | None = None, seed: int | None = None, trial: int = 0) -> Trial:
    """Simulates one trial of `scenario` (a bundled name, a YAML file or YAML text) in memory.

    set: overrides, as `nmsim run --set` ({"parameters.spinal.reflex_gain": 4}); seed: the
    scenario's own when None; trial: the trial index. A scenario's dataset plan is not applied
    (nmsim.Dataset does that). Raises ScenarioError for a bad scenario or override,
    NumericalError if the integration fails. The GIL is released while the engine runs.
    """
    return to_trial(_nmsim.simulate(source(scenario, set), seed, trial))


def simulate_many(items: Iterable, scenario: str | None = None, seed: int | None = None, threads: int = 0) -> list[Trial]:
    """Simulates many trials on `threads` threads (0: every core), in the order given; each is
    the trial nmsim.simulate would return for it, whatever the thread count.

    With `scenario`, each item is a dict of overrides for it. Without, each item is a scenario
    (name, path or text) or a dict {"scenario": ..., "set": {...}, "seed": ..., "trial": ...}.
    The first failing item (by position) raises its ScenarioError or NumericalError, with the
    item's position as `.job`, once every item has run.
    """
    jobs = []
    for item in items:
        if scenario is not None:
            if not isinstance(item, dict):
                raise TypeError("with scenario=, each item is a dict of overrides, not %s" % type(item).__name__)
            jobs.append((source(scenario, item), seed, 0))
        elif isinstance(item, dict):
            unknown = sorted(set_ for set_ in item if set_ not in ("scenario", "set", "seed", "trial"))
            if unknown or "scenario" not in item:
                raise TypeError("an item is a dict with 'scenario' and optionally 'set', 'seed', 'trial'; got %s"
                                % sorted(item))
            jobs.append((source(item["scenario"], item.get("set")), item.get("seed", seed), item.get("trial", 0)))
        else:
            jobs.append((source(item), seed, 0))
    return [to_trial(raw) for raw in _nmsim.simulate_many(jobs, threads)]


def describe(scenario: str, set: dict | None = None) -> dict:
    """What a scenario is, without simulating it: name, description, seed, trials, duration (s),
    phases [(name, duration)], muscles, emg_rate (Hz), scenario_path, model_path."""
    return _nmsim.describe(source(scenario, set))


def emg_simulate(scenario: str = "ankle_clonus", duration: float | None = None, sampling_rate: float | None = None,
                 reflex_gain: float | None = None, random_state: int | None = None) -> np.ndarray:
    """The quick case, in the manner of NeuroKit2's emg_simulate: the EMG of one trial,
    (samples, channels) float32 in volts (channel order: describe(scenario)["muscles"]).

    duration (s): the trial's length; the protocol's longest phase is stretched or shortened to
    make it (ValueError if the other phases alone are longer). sampling_rate (Hz): the EMG rate.
    reflex_gain: the stretch-reflex gain (parameters.spinal.reflex_gain, 1 = normal).
    random_state: the seed. Anything else: nmsim.simulate with `set=`.
    """
    overrides: dict = {}
    if sampling_rate is not None:
        overrides["signals.emg.rate"] = float(sampling_rate)
    if reflex_gain is not None:
        overrides["parameters.spinal.reflex_gain"] = float(reflex_gain)
    if duration is not None:
        phases = describe(scenario, overrides)["phases"]
        longest = max(range(len(phases)), key=lambda i: phases[i][1])
        others = sum(d for i, (_, d) in enumerate(phases) if i != longest)
        if duration <= others:
            raise ValueError("duration %g s is not longer than the phases other than '%s' (%g s together)"
                             % (duration, phases[longest][0], others))
        overrides["protocol[%d].duration" % longest] = float(duration - others)
    return simulate(scenario, set=overrides, seed=random_state).emg.data


@dataclass
class Stability:
    """The stretch-reflex loop linearised about a phase's operating point (docs/model.md,
    "Stability"): whether it is stable at the model's reflex gain, its rightmost roots (1/s,
    complex, one of each conjugate pair), and the critical gain where a pair crosses the
    imaginary axis (a Hopf boundary) with the frequency the loop then oscillates at."""
    phase: str
    time: float                 # s: the instant whose inputs define the operating point
    operating_point: np.ndarray
    reflex_gain: float
    stable: bool
    critical_found: bool
    critical_gain: float        # NaN if not found in the search range
    critical_frequency: float   # Hz, NaN if not found
    roots: np.ndarray           # complex, rightmost first
    residuals: np.ndarray       # backward error of each root
    scan: dict[str, np.ndarray]  # reflex_gain, abscissa (1/s), frequency (Hz), angle (rad)
    left_out: str               # part of the scenario the analysis leaves out ("" if none)


def stability(scenario: str, set: dict | None = None, phase: str | None = None) -> Stability:
    """`nmsim stability` in Python: the analysis of `phase` (default: the longest phase without a
    hand servo). A phase name the protocol does not have raises ScenarioError listing them."""
    raw = _nmsim.stability(source(scenario, set), phase or "")
    raw["operating_point"] = np.asarray(raw["operating_point"])
    return Stability(**raw)


def open(path) -> DatasetFile:
    """Opens a file `nmsim run` wrote: ``f[i]`` is trial i as a Trial, as nmsim.simulate gives."""
    return DatasetFile(path)
