"""Training windows streamed from simulated trials: a plain iterable, and its PyTorch adapter
(an IterableDataset that splits the trials between DataLoader workers)."""
from __future__ import annotations

from typing import Iterable, Iterator

import numpy as np

from ._dataset import Dataset
from ._reader import iter_windows


class WindowStream:
    """Every `length_s`-second window (every `step_s` s; default: back to back) of a Dataset's
    trials, simulated as they are needed: yields (signal window (samples, channels) float32,
    label mask window (samples, channels) uint16, trial index). Windows follow
    nmsim_reader.iter_windows (label-aligned, none past a trial's end).

    indices: the trials to use (default all; e.g. ds.indices(split="train")).
    epochs: how many passes (None: without end). Epoch 0 is the dataset as `nmsim run` writes
      it; epoch e > 0 is the same plan with seed `ds.seed + e`: new subjects, draws and noise.
    shuffle: visit each epoch's trials in an order drawn from (seed, epoch); the same order on
      every run.
    partition(worker, workers) gives one worker's share: trials k of the epoch's order with
    k mod workers == worker, so workers never duplicate a trial and together cover all.
    """

    def __init__(self, dataset: Dataset, length_s: float, step_s: float | None = None,
                 indices: Iterable[int] | None = None, epochs: int | None = 1, shuffle: bool = False,
                 signal: str = "emg"):
        if length_s <= 0 or (step_s is not None and step_s <= 0):
            raise ValueError("window length and step must be positive")
        if epochs is not None and epochs < 1:
            raise ValueError("epochs must be at least 1, or None for a stream without end")
        self.dataset, self.length_s, self.step_s = dataset, length_s, length_s if step_s is None else step_s
        self.indices = np.arange(len(dataset)) if indices is None else np.asarray(list(indices), dtype=np.int64)
        for i in self.indices:
            dataset._position(int(i))  # IndexError now, not in a worker
        self.epochs, self.shuffle, self.signal = epochs, shuffle, signal

    def order(self, epoch: int) -> np.ndarray:
        """The trials of `epoch`, in the order they are visited."""
        if not self.shuffle:
            return self.indices
        return np.random.default_rng([self.dataset.seed, epoch]).permutation(self.indices)

    def partition(self, worker: int, workers: int) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
        if not 0 <= worker < workers:
            raise ValueError("worker %d of %d" % (worker, workers))
        epoch = 0
        while self.epochs is None or epoch < self.epochs:
            ds = self.dataset if epoch == 0 else self.dataset.reseeded(self.dataset.seed + epoch)
            for trial_index in self.order(epoch)[worker::workers]:
                trial = ds[int(trial_index)]
                for emg, mask in iter_windows(trial, self.length_s, self.step_s, self.signal):
                    yield emg, mask, int(trial_index)
            epoch += 1

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
        return self.partition(0, 1)


def torch_windows(stream: WindowStream):
    """A torch.utils.data.IterableDataset over `stream`: each DataLoader worker takes its share
    of the trials (WindowStream.partition with get_worker_info()), and yields tensors (signal
    float32, label mask int32 (torch has no uint16), trial index). Needs PyTorch
    (Debian: python3-torch); ImportError otherwise."""
    import torch
    from torch.utils.data import IterableDataset, get_worker_info

    class TorchWindows(IterableDataset):
        def __init__(self, windows: WindowStream):
            super().__init__()
            self.windows = windows

        def __iter__(self):
            info = get_worker_info()
            worker, workers = (0, 1) if info is None else (info.id, info.num_workers)
            for emg, mask, trial in self.windows.partition(worker, workers):
                yield torch.from_numpy(np.ascontiguousarray(emg)), torch.from_numpy(mask.astype(np.int32)), trial

    return TorchWindows(stream)
