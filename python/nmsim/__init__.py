"""nmsim in Python: labelled synthetic EMG and kinematics of clonus, dystonia and myoclonus,
simulated in memory.

    import nmsim
    trial = nmsim.simulate("ankle_clonus", set={"parameters.spinal.reflex_gain": 4}, seed=1)
    trial.emg.data          # (samples, channels) float32, volts; trial.emg.channels, .rate
    trial.labels.bit("clonus")    # (samples, channels) bool
    trial.events["label"], trial.events["start_time"]

The trial is the one `nmsim run` writes for the same scenario, overrides and seed (trial 0 of
a single-trial scenario). Series arrays take over the engine's buffers: nothing is copied.
Bad scenarios raise ScenarioError with the command line's located message. docs/python.md.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from . import _nmsim

ScenarioError = _nmsim.ScenarioError      # ValueError: .file, .line, .column, .key_path, .detail
NumericalError = _nmsim.NumericalError    # ArithmeticError: .time (s)

__all__ = ["simulate", "bundled_scenarios", "Trial", "Signal", "Labels", "ScenarioError", "NumericalError"]


# The same shapes and field names as tools/nmsim_reader.py's, which reads the files nmsim run
# writes, so that code written against one works on the other.
@dataclass
class Signal:
    """One sampled signal: data is (samples, channels), in `unit`, at `rate` Hz from `starting_time` s."""
    name: str
    data: np.ndarray
    channels: list[str]
    unit: str
    rate: float
    starting_time: float
    description: str = ""

    @property
    def times(self) -> np.ndarray:
        return self.starting_time + np.arange(self.data.shape[0]) / self.rate


@dataclass
class Labels:
    """Per-sample label bitmasks, (samples, channels) uint16; bit b is named bit_names[b]."""
    mask: np.ndarray
    bit_names: list[str]
    channels: list[str]
    rate: float
    starting_time: float

    def bit(self, name: str) -> np.ndarray:
        """(samples, channels) bool: where label `name` (one of bit_names) is set."""
        if name not in self.bit_names:
            raise KeyError("no label bit %r; the bits are %s" % (name, ", ".join(self.bit_names)))
        return (self.mask & (1 << self.bit_names.index(name))) != 0


@dataclass
class Trial:
    """One simulated trial: signals by path ("emg", "kinematics/angle", ...), labels, events
    (column name -> equal-length arrays or lists), parameters (name -> value) with their units
    and sources, the protocol's phases (name, start, stop) and the run's provenance."""
    index: int
    duration: float
    signals: dict[str, Signal]
    labels: Labels
    events: dict[str, object]
    event_columns: list[str]
    parameters: dict[str, float]
    protocol: list[tuple[str, float, float]]
    parameter_units: dict[str, str]
    parameter_sources: dict[str, str]
    provenance: dict[str, object] = field(repr=False)

    @property
    def emg(self) -> Signal:
        return self.signals["emg"]


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped in scenarios/ (what simulate() accepts as a name)."""
    return sorted(f[:-5] for f in os.listdir(_nmsim.scenarios_dir) if f.endswith(".yaml"))


def _override(key: str, value) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = repr(value)  # shortest text that reads back to the same double
    else:
        text = str(value)
    return "%s=%s" % (key, text)


def _resolve(scenario: str) -> tuple[str, bool, str]:
    """(path or text, is_text, name for messages) of a bundled name, a file path or YAML text."""
    if "\n" in scenario or (":" in scenario and not os.path.exists(scenario)):
        return scenario, True, "<scenario text>"
    if os.path.exists(scenario):
        return scenario, False, scenario
    bundled = os.path.join(_nmsim.scenarios_dir, scenario + ".yaml")
    if os.path.isfile(bundled):
        return bundled, False, bundled
    raise FileNotFoundError("no scenario %r: not a file, and not a bundled scenario (%s)"
                            % (scenario, ", ".join(bundled_scenarios())))


def simulate(scenario: str, set: dict | None = None, seed: int | None = None, trial: int = 0) -> Trial:
    """Simulates one trial of `scenario` (a bundled name, a YAML file or YAML text) in memory.

    set: overrides, as `nmsim run --set` ({"parameters.spinal.reflex_gain": 4}); seed: the
    scenario's own when None; trial: the trial index. A scenario's dataset plan is not applied.
    Raises ScenarioError for a bad scenario or override, NumericalError if integration fails.
    The GIL is released while the engine runs, so threads simulate in parallel.
    """
    source, is_text, name = _resolve(scenario)
    sets = [_override(k, v) for k, v in (set or {}).items()]
    raw = _nmsim.simulate(source, is_text, name, sets, seed, trial)
    signals = {}
    for sig in raw["series"]:
        sig["name"] = sig.pop("path")
        signals[sig["name"]] = Signal(**sig)
    values, units, sources = {}, {}, {}
    for n, value, unit, source in raw["parameters"]:
        values[n], units[n], sources[n] = value, unit, source
    lab = raw["labels"]
    # String columns as object arrays, as the file reader gives them.
    events = {k: np.array(v, dtype=object) if isinstance(v, list) else v for k, v in raw["events"].items()}
    return Trial(
        index=raw["index"],
        duration=raw["duration"],
        signals=signals,
        labels=Labels(mask=lab["data"], bit_names=lab["bit_names"], channels=lab["channels"], rate=lab["rate"],
                      starting_time=lab["starting_time"]),
        events=events,
        event_columns=list(events),
        parameters=values,
        protocol=[tuple(p) for p in raw["phases"]],
        parameter_units=units,
        parameter_sources=sources,
        provenance=raw["provenance"],
    )
