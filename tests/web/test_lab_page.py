"""The lab's page in a real browser: headless Chromium loads build/lab over HTTP, a test drags
the sliders with the mouse across the stability boundary and reads the page's reported state
(<body>'s data attributes, web/site/lab.js). Screenshots go to $NMSIM_LAB_SCREENSHOTS (or the
test's temporary folder)."""
import json
import math
import os

import pytest

import nmsim
from lab_browser import LabBrowser


@pytest.fixture(scope="module")
def page(lab_dir):
    with LabBrowser(lab_dir) as browser:
        browser.open()
        browser.wait_for(lambda s: s.get("ready") == "yes" and int(s.get("runs", 0)) >= 1, 120, "the first trial")
        yield browser


@pytest.fixture
def shots(tmp_path):
    folder = os.environ.get("NMSIM_LAB_SCREENSHOTS", str(tmp_path))
    os.makedirs(folder, exist_ok=True)
    return folder


def drag(page, slider, value):
    runs = int(page.state()["runs"])
    page.drag_slider(slider, value)
    return page.wait_until_settled(runs)


def test_starts_healthy_and_stable(page):
    s = page.state()
    assert s["error"] == ""
    assert float(s["gain"]) == 1 and float(s["delay"]) == 40
    assert s["analytic"] == "stable"
    assert s["outcome"] in ("none", "damped")
    native = nmsim.stability("lab_ankle")
    assert math.isclose(float(s["criticalGain"]), native.critical_gain, rel_tol=1e-4)


def test_the_map_draws_the_hopf_curve_of_the_native_analysis(page):
    s = page.wait_for(lambda s: s.get("curveReady") == "yes", 120, "the Hopf curve")
    curve = json.loads(s["curve"])
    assert [d for d, _ in curve] == list(range(20, 81, 5))
    gains = [g for _, g in curve]
    assert all(a >= b for a, b in zip(gains, gains[1:])), "a longer loop needs less gain"
    for delay, gain in curve[::4]:
        native = nmsim.stability("lab_ankle", set={"parameters.defaults.reflex.delay": delay / 1000})
        assert math.isclose(gain, native.critical_gain, rel_tol=1e-3), delay


def test_dragging_the_gain_across_the_boundary_brings_clonus(page, shots):
    critical = float(page.state()["criticalGain"])
    s = drag(page, "gain", 4.0)
    assert float(s["gain"]) > critical
    assert s["analytic"] == "unstable"
    assert s["outcome"] == "until_release"
    frequency = float(s["frequency"])
    assert 5.0 < frequency < 8.0
    shown = page.evaluate("document.getElementById('outcome').textContent")
    assert "clonus until release" in shown and f"{frequency:.1f} Hz" in shown
    page.screenshot(os.path.join(shots, "lab_clonus.png"))
    s = drag(page, "gain", 2.0)
    assert float(s["gain"]) < critical
    assert s["analytic"] == "stable" and s["outcome"] != "until_release"
    page.screenshot(os.path.join(shots, "lab_stable.png"))


def test_a_longer_loop_crosses_the_boundary_at_the_same_gain(page):
    s = drag(page, "gain", 2.4)
    assert s["analytic"] == "stable" and s["outcome"] != "until_release"
    s = drag(page, "delay", 70)
    assert 65 <= float(s["delay"]) <= 75
    assert float(s["criticalGain"]) < float(s["gain"])
    assert s["analytic"] == "unstable" and s["outcome"] == "until_release"
    assert float(s["frequency"]) < 6.0, "a longer loop oscillates more slowly"
    assert float(s["swing"]) > 0.3
    drag(page, "delay", 40)


def test_no_push_no_clonus_and_noise_leaves_the_labels(page):
    s = drag(page, "gain", 4.0)
    assert s["outcome"] == "until_release"
    shown, frequency = page.evaluate("document.getElementById('outcome').textContent"), s["frequency"]
    s = drag(page, "noise", 31.0)  # past the end of the track: the slider's maximum
    assert float(page.evaluate("+document.getElementById('noise').value")) == 30.0
    # The labels come from the model's reflex drive, not from the EMG: the same clonus.
    assert s["outcome"] == "until_release" and s["frequency"] == frequency
    assert page.evaluate("document.getElementById('outcome').textContent").split(";")[0] == shown.split(";")[0]
    drag(page, "noise", 3.0)
    s = drag(page, "push", -1.0)  # past the start: no push at all
    assert float(page.evaluate("+document.getElementById('push').value")) == 0.0
    # A relaxed pool without a push: the loop is open, and no gain makes it oscillate.
    assert s["analytic"] == "stable" and s["criticalGain"] == "" and s["outcome"] != "until_release"
    assert "loses stability at no gain" in page.evaluate("document.getElementById('analytic').textContent")
    s = drag(page, "push", 4.0)
    assert s["analytic"] == "unstable"
    s = drag(page, "gain", 1.0)
    assert s["analytic"] == "stable"


def test_predict_then_run_hides_the_result_until_the_student_answers(page):
    page.click("#predict-mode")
    s = drag(page, "gain", 5.0)
    assert s["verdict"] == "asked"
    assert page.evaluate("document.getElementById('results').classList.contains('hidden-result')")
    page.click("#predict-clonus")
    s = page.state()
    assert s["verdict"] == "right"  # gain 5 at 40 ms is well above the boundary
    assert not page.evaluate("document.getElementById('results').classList.contains('hidden-result')")
    s = drag(page, "gain", 1.0)
    page.click("#predict-clonus")
    assert page.state()["verdict"] == "wrong"
    page.click("#predict-mode")


def test_presets(page):
    runs = int(page.state()["runs"])
    page.click("[data-preset='borderline']")
    s = page.wait_until_settled(runs)
    ratio = float(s["gain"]) / float(s["criticalGain"])
    assert 0.9 < ratio < 1.0 and s["analytic"] == "stable"
    runs = int(s["runs"])
    page.click("[data-preset='long_loop']")
    s = page.wait_until_settled(runs)
    assert float(s["delay"]) == 70 and s["analytic"] == "unstable"
    runs = int(s["runs"])
    page.click("[data-preset='healthy']")
    s = page.wait_until_settled(runs)
    assert float(s["gain"]) == 1 and s["analytic"] == "stable" and s["outcome"] != "until_release"
    assert page.console == [], page.console
