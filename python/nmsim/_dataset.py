"""A dataset plan in memory: trial i of a scenario's `dataset:` block, made on demand."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from . import _nmsim
from ._reader import Trial
from ._trials import source, to_trial


class Dataset:
    """The trials `nmsim run SCENARIO` writes, made in memory on demand: ``ds[i]`` is trial i of
    the scenario's dataset plan (its subject, class, split and drawn values, reflex gains set
    relative to the trial's own critical gain), bit for bit the trial the file would hold for the
    same scenario, overrides and seed. Nothing is cached; ``ds[i]`` depends only on (scenario,
    overrides, seed, i), so any order, thread or process gives the same trial.

    ``len(ds)`` is the number of planned trials; ``ds.plan(i)`` says where trial i comes from
    without simulating it; ``ds.indices(split=..., phenotype=...)`` selects trials by plan.
    A scenario without a `dataset:` block has its `trials:` trials. The plan is checked when the
    Dataset is made (ScenarioError naming the plan entry).
    """

    def __init__(self, scenario: str, set: dict | None = None, seed: int | None = None):
        self.scenario, self.set = scenario, dict(set or {})
        self._engine = _nmsim.Dataset(source(scenario, self.set), seed)
        base = self._engine.base
        self.seed: int = base["seed"]  # the scenario's seed unless `seed` was given
        self.name: str = base["name"]
        self.classes: list[str] = list(self._engine.class_names)
        self.splits: list[str] = list(self._engine.split_names)
        self.value_paths: list[str] = list(self._engine.value_paths)

    def __len__(self) -> int:
        return len(self._engine)

    def _position(self, i: int) -> int:
        if not isinstance(i, (int, np.integer)):
            raise TypeError("a trial index is an int, not %s" % type(i).__name__)
        n = len(self)
        if not -n <= i < n:
            raise IndexError("trial %d is past the dataset's end (it has %d trials)" % (i, n))
        return int(i) % n

    def __getitem__(self, i: int) -> Trial:
        """Trial i, simulated now (the GIL is released while it runs)."""
        return to_trial(self._engine.trial(self._position(i)))

    def trials(self, indices: Iterable[int], threads: int = 0) -> list[Trial]:
        """Several trials at once on `threads` threads (0: every core), in the order given; the
        same trials as ds[i] one by one."""
        return [to_trial(raw) for raw in self._engine.trials_many([self._position(i) for i in indices], threads)]

    def plan(self, i: int) -> dict:
        """Where trial i comes from: index, subject, phenotype, split, drawn values (path ->
        value); without simulating, so values set relative to the critical gain are not known
        yet (their ratios are in 'ratios', critical_gain is NaN)."""
        return self._engine.plan(self._position(i))

    def indices(self, split: str | None = None, phenotype: str | None = None) -> np.ndarray:
        """Trial indices whose plan has this split and phenotype (None: any). A name that the
        plan does not have raises ValueError listing those it has."""
        for what, wanted, names in (("split", split, self.splits), ("phenotype", phenotype, self.classes)):
            if wanted is not None and wanted not in names:
                raise ValueError("%s has no %s %r; it has %s" % (self.name, what, wanted,
                                                                  ", ".join(map(repr, names)) or "none"))
        keep = []
        for i in range(len(self)):
            p = self._engine.plan(i)
            if (split is None or p["split"] == split) and (phenotype is None or p["phenotype"] == phenotype):
                keep.append(i)
        return np.array(keep, dtype=np.int64)

    def reseeded(self, seed: int) -> "Dataset":
        """The same plan with another seed: new subjects, draws and noise (for streaming epochs)."""
        return Dataset(self.scenario, self.set, seed)

    # Picklable (for DataLoader workers started by spawn): rebuilt from what made it.
    def __getstate__(self):
        return {"scenario": self.scenario, "set": self.set, "seed": self.seed}

    def __setstate__(self, state):
        self.__init__(state["scenario"], state["set"], state["seed"])

    def __repr__(self) -> str:
        if not hasattr(self, "name"):  # its __init__ failed
            return "Dataset(%r)" % (self.scenario,)
        return "Dataset(%r, %d trials, seed %d)" % (self.name, len(self), self.seed)
