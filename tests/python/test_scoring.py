"""nmsim.detect and nmsim.score against `nmsim detect` and `nmsim score` on the same files: the
same detections, the same report card; bad detectors, parameters and options raise the
command line's located errors."""
import json
import os
import subprocess

import h5py
import numpy as np
import pytest

import nmsim
from conftest import nmsim_run, scenario_file

SMALL = {"dataset.subjects": 5}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("scoring")
    data = nmsim_run(d / "small.h5", scenario_file("clonus_dataset"), SMALL)
    return d, data


def cli(*args):
    subprocess.run([os.environ["NMSIM_BINARY"], *map(str, args), "-q"], check=True)


def test_detect_gives_the_commands_detections(files):
    d, data = files
    cli("detect", "clonus_wavelet", data, "-o", d / "cli.h5", "--param", "threshold_factor=4")
    mine = nmsim.detect("clonus_wavelet", data, params={"threshold_factor": 4.0})
    with h5py.File(d / "cli.h5", "r") as f:
        g = f["detections"]
        assert len(mine) == g["trial"].shape[0] > 0
        assert np.array_equal(mine.trial, g["trial"][()])
        assert list(mine.label) == [x.decode() for x in g["label"][()]]
        assert list(mine.channel) == [x.decode() for x in g["channel"][()]]
        for column in ("start", "stop", "score"):
            assert np.array_equal(getattr(mine, column), g[column][()], equal_nan=True), column
        assert f.attrs["comment"] == mine.description
    renamed = nmsim.detect("clonus_wavelet", data, rename={"clonus_episode": "episode"})
    assert "episode" in set(renamed.label) and "clonus_episode" not in set(renamed.label)


def test_score_gives_the_commands_report(files):
    d, data = files
    cli("detect", "clonus_wavelet", data, "-o", d / "det.csv")
    cli("score", data, d / "det.csv", "-o", d / "cli_report", "--split", "test", "--where", "gain_ratio>=0.5")
    with open(d / "cli_report.json") as fh:
        theirs = json.load(fh)
    mine = nmsim.score(data, d / "det.csv", output=d / "py_report", split="test", where=["gain_ratio>=0.5"])
    assert mine == theirs
    assert (d / "py_report.md").read_text() == (d / "cli_report.md").read_text().replace("cli_report", "py_report")
    # The same table in memory scores the same (its source is named, not a temporary path).
    in_memory = nmsim.score(data, nmsim.detect("clonus_wavelet", data), split="test", where=["gain_ratio>=0.5"])
    assert in_memory["labels"] == theirs["labels"]
    assert in_memory["detections"].startswith("<in memory: ")


def test_a_detections_table_round_trips_through_its_file(tmp_path, files):
    _, data = files
    det = nmsim.Detections(trial=[0, 1], channel=["soleus", "any"], label=["clonus_episode"] * 2, start=[1.0, 2.5],
                           stop=[3.0, 4.0], score=[0.5, np.nan], values={"frequency": [6.0, np.nan]},
                           description="hand made")
    det.write(tmp_path / "d.csv")
    text = (tmp_path / "d.csv").read_text()
    assert text.startswith("# hand made") and "frequency" in text
    assert nmsim.score(data, tmp_path / "d.csv")["labels"] == nmsim.score(data, det)["labels"]
    with pytest.raises(ValueError, match="'stop'"):
        nmsim.Detections(trial=[0], channel=["any"], label=["x"], start=[0.0], stop=[1.0, 2.0])


def test_bad_requests_raise_located_errors(files, tmp_path):
    _, data = files
    with pytest.raises(nmsim.ScenarioError, match="clonus_wavelet"):
        nmsim.detect("clonus_wavlet", data)
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.detect("clonus_wavelet", data, params={"threshold_factr": 4})
    assert "threshold_factor" in str(e.value)
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.score(data, data, bins={"gain_ratio": [2.0, 1.0]})
    assert e.value.key_path == "--bins gain_ratio"
    (tmp_path / "bad.csv").write_text("trial,channel,label,start,stop\n0,soleus,clonus_episode,1,x\n")
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.score(data, tmp_path / "bad.csv")
    assert (e.value.line, e.value.column) == (2, 27)  # the x
    assert [d["name"] for d in nmsim.detectors()][0] == "clonus_wavelet"
