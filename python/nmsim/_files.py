"""Files that `nmsim run` wrote, read through the one reader (tools/nmsim_reader.py, shipped in
this package as nmsim._reader), as the same Trial objects that nmsim.simulate returns."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from . import _reader
from ._reader import Trial


class DatasetFile:
    """An nmsim HDF5 file, open for reading: ``f[i]`` is written trial i (a Trial), ``len(f)`` the
    number of written trials, ``f.trials`` their indices, ``f.index`` the /index table (one row per
    planned trial), ``f.select(...)`` indices by phenotype, split, status or subject. Use as a
    context manager, or call close()."""

    def __init__(self, path):
        self.path = path
        self.h5 = _reader.open_dataset(path)  # ValueError if it is not an nmsim file
        self.trials: list[int] = _reader.list_trials(self.h5)
        self._index = None

    def __len__(self) -> int:
        return len(self.trials)

    def __getitem__(self, index: int) -> Trial:
        if index not in self.trials:
            raise IndexError("%s holds no trial %r (it holds %d trials: %s)"
                             % (self.path, index, len(self.trials), _ranges(self.trials)))
        return _reader.load_trial(self.h5, index)

    def __iter__(self) -> Iterator[Trial]:
        for i in self.trials:
            yield self[i]

    @property
    def index(self) -> dict[str, np.ndarray]:
        """The /index table: column name -> array, one row per planned trial."""
        if self._index is None:
            self._index = _reader.read_index(self.h5)
        return self._index

    def select(self, phenotype=None, split=None, status="ok", subject=None) -> np.ndarray:
        """Indices of the trials matching every filter; unknown values raise ValueError listing the
        file's (nmsim_reader.select)."""
        return _reader.select(self.h5, phenotype=phenotype, split=split, status=status, subject=subject,
                              index=self.index)

    def summary(self) -> str:
        return _reader.summary(self.h5)

    def close(self) -> None:
        self.h5.close()

    def __enter__(self) -> "DatasetFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return "DatasetFile(%r, %d trials)" % (self.path, len(self.trials))


def _ranges(indices: list[int]) -> str:
    if not indices:
        return "none"
    return "%d…%d" % (indices[0], indices[-1]) if len(indices) > 3 else ", ".join(map(str, indices))
