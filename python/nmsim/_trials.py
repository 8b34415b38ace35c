"""Scenarios in, trials out: how the package names a scenario to the engine and turns the
engine's dicts into the reader's Trial objects (so a simulated trial and a read one are alike)."""
from __future__ import annotations

import os

import numpy as np

from . import _nmsim
from ._reader import Labels, Signal, Trial


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped in scenarios/ (what every function accepts as a name)."""
    return sorted(f[:-5] for f in os.listdir(_nmsim.scenarios_dir) if f.endswith(".yaml"))


def override_text(key: str, value) -> str:
    """`key=value` as `nmsim run --set` reads it."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = repr(value)  # the shortest text that reads back to the same double
    else:
        text = str(value)
    return "%s=%s" % (key, text)


def source(scenario: str, set: dict | None = None) -> _nmsim.Source:
    """The engine's handle on a bundled name, a file path or YAML text, with overrides."""
    if not isinstance(scenario, (str, os.PathLike)):
        raise TypeError("scenario must be a bundled scenario's name, a file path or YAML text, not %s"
                        % type(scenario).__name__)
    scenario = os.fspath(scenario)
    sets = [override_text(k, v) for k, v in (set or {}).items()]
    if "\n" in scenario or (":" in scenario and not os.path.exists(scenario)):
        return _nmsim.Source(scenario, True, "<scenario text>", sets)
    if os.path.exists(scenario):
        return _nmsim.Source(scenario, False, scenario, sets)
    bundled = os.path.join(_nmsim.scenarios_dir, scenario + ".yaml")
    if os.path.isfile(bundled):
        return _nmsim.Source(bundled, False, bundled, sets)
    raise FileNotFoundError("no scenario %r: not a file, and not a bundled scenario (%s)"
                            % (scenario, ", ".join(bundled_scenarios())))


def to_trial(raw: dict) -> Trial:
    """A Trial from the engine's dict; the series arrays are the engine's buffers (no copy)."""
    signals = {}
    for sig in raw["series"]:
        signals[sig["path"]] = Signal(name=sig["path"], data=sig["data"], channels=sig["channels"], unit=sig["unit"],
                                      rate=sig["rate"], starting_time=sig["starting_time"],
                                      description=sig["description"])
    values, units, sources = {}, {}, {}
    for name, value, unit, cited in raw["parameters"]:
        values[name], units[name], sources[name] = value, unit, cited
    def mask(m: dict) -> Labels:
        return Labels(mask=m["data"], bit_names=m["bit_names"], channels=m["channels"], rate=m["rate"],
                      starting_time=m["starting_time"])

    # String columns as object arrays, as the file reader gives them.
    events = {k: np.array(v, dtype=object) if isinstance(v, list) else v for k, v in raw["events"].items()}
    return Trial(index=raw["index"], duration=raw["duration"], signals=signals,
                 labels=mask(raw["labels"]),
                 events=events, event_columns=list(events), parameters=values,
                 protocol=[tuple(p) for p in raw["phases"]], parameter_units=units, parameter_sources=sources,
                 provenance=raw["provenance"], plan=raw.get("plan", {}),
                 artefacts=mask(raw["artefacts"]) if "artefacts" in raw else None)
