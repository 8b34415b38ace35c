"""tools/plot_sweep.py on hand-made sweep tables: the plots it promises are drawn for one and
two swept keys, and a table without a swept key is refused."""
import csv
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "tools", "plot_sweep.py")
RESULTS = ["reflex_gain", "rightmost_real", "rightmost_frequency", "critical_gain", "hopf_frequency", "gain_ratio",
           "clonus_beats", "clonus_frequency", "clonus_fraction", "prior_amplitude", "late_amplitude",
           "amplitude_growth", "growth_rate", "oscillation_frequency", "analysis_phase", "stable", "sustained", "note"]


def write_table(path, delays):
    keys = ["parameters.spinal.reflex_gain"] + (["parameters.defaults.reflex.delay"] if delays else [])
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(keys + RESULTS)
        for gain in (1.0, 2.0, 3.0, 4.0):
            for delay in delays or [None]:
                critical = 2.5 if delay is None else 0.1 / delay
                unstable = gain > critical
                amp = 0.01 * (gain - critical) if unstable else 0.0
                row = [gain] + ([delay] if delays else [])
                row += [gain, 1.0 if unstable else -1.0, 6.0, critical, 6.5, gain / critical, 10 if unstable else 0,
                        6.4 if unstable else "", 0.5 if unstable else 0.0, amp, amp, 1.0 if unstable else "",
                        0.0 if unstable else "", 6.4 if unstable else "", "hold", 0 if unstable else 1,
                        1 if unstable else 0, ""]
                w.writerow(row)


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)], capture_output=True, text=True)


@pytest.mark.parametrize("delays, plots", [([], {"bifurcation.png", "frequency.png"}),
                                           ([0.03, 0.05], {"bifurcation.png", "frequency.png", "stability_map.png"})])
def test_the_promised_plots_are_drawn(tmp_path, delays, plots):
    table = tmp_path / "sweep.csv"
    write_table(table, delays)
    out = tmp_path / "plots"
    out.mkdir()
    r = run(table, out)
    assert r.returncode == 0, r.stderr
    assert set(os.listdir(out)) == plots
    for name in plots:
        assert (out / name).stat().st_size > 10_000, name  # a drawn figure, not an empty file


def test_a_table_without_a_swept_key_is_refused(tmp_path):
    table = tmp_path / "bad.csv"
    with open(table, "w") as fh:
        fh.write(",".join(RESULTS) + "\n" + ",".join("1" for _ in RESULTS) + "\n")
    r = run(table, tmp_path)
    assert r.returncode != 0
    assert "no swept key" in r.stderr
