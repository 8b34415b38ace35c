"""Windows streamed from simulated trials: WindowStream's worker shares, epochs and order, and
its PyTorch adapter in a real DataLoader with two worker processes (Debian's python3-torch,
which tools/setup.sh installs for the test stage; skipped, and said so, without it)."""
from collections import Counter

import numpy as np
import pytest

import nmsim
from nmsim._reader import iter_windows

SMALL = {"dataset.subjects": 5}


@pytest.fixture(scope="module")
def ds():
    return nmsim.Dataset("clonus_dataset", set=SMALL)


def windows_of(trial, length_s=0.5, step_s=0.5):
    return list(iter_windows(trial, length_s, step_s))


def test_workers_share_the_trials_without_duplicates(ds):
    stream = nmsim.WindowStream(ds, 0.5, indices=range(7), shuffle=True, epochs=1)
    shares = [[t for _, _, t in stream.partition(w, 3)] for w in range(3)]
    trials = [set(s) for s in shares]
    assert set().union(*trials) == set(range(7))
    assert sum(len(t) for t in trials) == 7, "no trial is in two shares"
    per_trial = Counter(t for s in shares for t in s)
    for i in range(7):
        assert per_trial[i] == len(windows_of(ds[i]))


def test_windows_are_the_trials_windows(ds):
    stream = nmsim.WindowStream(ds, 0.25, step_s=0.1, indices=[3])
    got = list(stream)
    want = list(iter_windows(ds[3], 0.25, 0.1))
    assert len(got) == len(want) > 10
    for (emg, mask, t), (e, m) in zip(got, want):
        assert t == 3 and np.array_equal(emg, e) and np.array_equal(mask, m)
        assert emg.shape == (500, 3) and emg.dtype == np.float32 and mask.dtype == np.uint16


def test_epochs_bring_new_subjects_in_a_fixed_order(ds):
    stream = nmsim.WindowStream(ds, 1.0, indices=[0, 1, 2, 3], shuffle=True, epochs=2)
    assert list(stream.order(0)) != list(stream.order(1)) or list(stream.order(1)) != list(stream.order(2))
    assert list(stream.order(1)) == list(nmsim.WindowStream(ds, 1.0, indices=[0, 1, 2, 3], shuffle=True).order(1))
    first = [emg for emg, _, _ in stream.partition(0, 1)]
    n = sum(len(windows_of(ds[i], 1.0, 1.0)) for i in range(4))
    assert len(first) == 2 * n
    assert not any(np.array_equal(a, b) for a, b in zip(first[:n], first[n:])), "epoch 1 is new data"


def test_an_endless_stream_keeps_going(ds):
    stream = nmsim.WindowStream(ds, 2.0, indices=[0], epochs=None)
    per_trial = len(windows_of(ds[0], 2.0, 2.0))
    it = iter(stream)
    seen = [next(it) for _ in range(3 * per_trial + 1)]
    assert len(seen) == 3 * per_trial + 1


def test_bad_stream_arguments_are_refused(ds):
    with pytest.raises(ValueError):
        nmsim.WindowStream(ds, 0.0)
    with pytest.raises(ValueError):
        nmsim.WindowStream(ds, 1.0, epochs=0)
    with pytest.raises(IndexError):
        nmsim.WindowStream(ds, 1.0, indices=[25])


def test_a_torch_dataloader_with_two_workers_sees_every_window_once(ds):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (Debian: python3-torch)")
    stream = nmsim.WindowStream(ds, 0.5, indices=range(6), shuffle=True)
    loader = torch.utils.data.DataLoader(nmsim.torch_windows(stream), batch_size=None, num_workers=2)
    got = Counter()
    for emg, mask, trial in loader:
        assert emg.dtype == torch.float32 and mask.dtype == torch.int32 and tuple(emg.shape) == (1000, 3)
        got[int(trial)] += 1
    assert got == Counter({i: len(windows_of(ds[i])) for i in range(6)})
    batched = torch.utils.data.DataLoader(nmsim.torch_windows(stream), batch_size=8, num_workers=2)
    first = next(iter(batched))
    assert tuple(first[0].shape) == (8, 1000, 3) and tuple(first[1].shape) == (8, 1000, 3)
