// The lab's controller: sliders -> "path=value" overrides -> the WebAssembly engine (one trial and
// the linear analysis) -> plots and a reported state. The state is also written to <body>'s data
// attributes (ready, analytic, outcome, frequency, updateMs, ...) for tests/web and for anyone
// scripting the page. docs/lab.md describes what each control changes in the model.
"use strict";

const SCENARIO = "lab_ankle";
// Each slider sets one scenario key (docs/scenarios.md); `toValue` converts the shown unit to
// the key's unit.
const SLIDERS = [
  { id: "gain", label: "Reflex gain", unit: "x normal", min: 0.5, max: 6, step: 0.05, value: 1,
    key: "parameters.spinal.reflex_gain", toValue: (v) => v },
  { id: "delay", label: "Loop delay", unit: "ms", min: 20, max: 80, step: 1, value: 40,
    key: "parameters.defaults.reflex.delay", toValue: (v) => v / 1000 },
  { id: "threshold", label: "Motoneuron threshold", unit: "x 0.001", min: 0.2, max: 2, step: 0.05, value: 0.8,
    key: "parameters.defaults.motoneuron.threshold", toValue: (v) => v / 1000 },
  { id: "push", label: "Examiner's push", unit: "N·m", min: 0, max: 8, step: 0.25, value: 4,
    key: "protocol[2].load_torque", toValue: (v) => v },
  { id: "noise", label: "EMG noise", unit: "µV RMS", min: 0, max: 30, step: 0.5, value: 3,
    key: "signals.emg.noise_rms", toValue: (v) => v * 1e-6 },
];
// Presets set some sliders; "borderline" sits just below the critical gain of the current loop;
// "long loop" has a gain that is stable with the normal 40 ms loop.
const PRESETS = {
  healthy: { gain: 1, delay: 40, threshold: 0.8, push: 4, noise: 3 },
  hyperreflexic: { gain: 4, delay: 40, threshold: 0.8, push: 4, noise: 3 },
  borderline: { delay: 40, threshold: 0.8, push: 4, noise: 3, gainRatio: 0.95 },
  long_loop: { gain: 2.4, delay: 70, threshold: 0.8, push: 4, noise: 3 },
};
const MAP_DELAYS = Array.from({ length: 13 }, (_, i) => 20 + 5 * i);  // ms: the Hopf curve's points
const COLORS = ["#1d3557", "#e76f51", "#2a9d8f", "#8d5fd3"];

const state = { engine: null, info: null, values: {}, curve: [], curveKey: "", history: [], pending: false,
                running: false, prediction: null, lastResult: null };

function $(id) { return document.getElementById(id); }

function report(fields) {
  for (const [k, v] of Object.entries(fields)) document.body.dataset[k] = String(v);
}

function sets(values = state.values) {
  return SLIDERS.map((s) => `${s.key}=${s.toValue(values[s.id])}`);
}

function buildSliders() {
  const box = $("sliders");
  for (const s of SLIDERS) {
    const div = document.createElement("div");
    div.className = "slider";
    div.innerHTML = `<label for="${s.id}"><span>${s.label} (${s.unit})</span><span class="value" id="${s.id}-value"></span></label>` +
      `<input type="range" id="${s.id}" min="${s.min}" max="${s.max}" step="${s.step}" value="${s.value}">`;
    box.appendChild(div);
    state.values[s.id] = s.value;
    const input = div.querySelector("input");
    input.addEventListener("input", () => {
      state.values[s.id] = Number(input.value);
      showValues();
      schedule();
    });
  }
  showValues();
}

function showValues() {
  for (const s of SLIDERS) {
    $(`${s.id}-value`).textContent = state.values[s.id].toFixed(s.step < 0.1 ? 2 : s.step < 1 ? 1 : 0);
    $(s.id).value = state.values[s.id];
  }
}

function applyPreset(name) {
  const p = PRESETS[name];
  for (const s of SLIDERS) if (p[s.id] !== undefined) state.values[s.id] = p[s.id];
  if (p.gainRatio) {
    const c = state.engine.criticalGain(SCENARIO, sets());
    if (!c.error && c.criticalFound) state.values.gain = Math.round((p.gainRatio * c.criticalGain) / 0.05) * 0.05;
  }
  document.querySelectorAll("[data-preset]").forEach((b) => b.classList.toggle("active", b.dataset.preset === name));
  showValues();
  schedule();
}

// Coalesces slider moves: at most one run at a time, and the latest values win.
function schedule() {
  state.pending = true;
  if (!state.running) setTimeout(runPending, 0);
}

function runPending() {
  if (!state.pending) return;
  state.pending = false;
  state.running = true;
  try {
    update();
  } finally {
    state.running = false;
    if (state.pending) setTimeout(runPending, 0);
  }
}

// What the simulated trial shows: no clonus episode, one that dies out during the held push, or
// clonus that lasts until the examiner lets go (docs/labels.md defines the episodes).
// Also the joint's peak-to-peak swing in the last 0.5 s of the push, which shows an oscillation
// too small to label (docs/labels.md: beats below min_prominence are not counted).
function outcomeOf(trial) {
  const episodes = trial.events.filter((e) => e.label === "clonus_episode");
  const release = trial.phases.find((p) => p.name === "release");
  const angle = trial.series["kinematics/angle"];
  let lo = Infinity, hi = -Infinity;
  for (let i = Math.round((release.start - 0.5) * angle.rate); i < Math.round(release.start * angle.rate); ++i) {
    lo = Math.min(lo, angle.data[i]);
    hi = Math.max(hi, angle.data[i]);
  }
  const swing = ((hi - lo) * 180) / Math.PI;
  if (!episodes.length) return { kind: "none", frequency: NaN, beats: 0, swing };
  const last = episodes.reduce((a, b) => (b.stop > a.stop ? b : a));
  const period = last.frequency > 0 ? 1 / last.frequency : 0.2;
  const untilRelease = last.stop >= release.start - 1.5 * period;
  return { kind: untilRelease ? "until_release" : "damped", frequency: last.frequency, beats: last.beat_count, swing };
}

function update() {
  const t0 = performance.now();
  const trial = state.engine.runTrial(SCENARIO, sets(), -1);
  const t1 = performance.now();
  const analysis = state.engine.criticalGain(SCENARIO, sets());
  const t2 = performance.now();
  if (trial.error || analysis.error) {
    const message = (trial.error || analysis.error);
    $("outcome").textContent = message;
    report({ error: message, analytic: "", outcome: "" });
    return;
  }
  const gain = state.values.gain;
  const stable = !analysis.criticalFound || gain < analysis.criticalGain;
  const outcome = outcomeOf(trial);
  state.lastResult = { stable, outcome, analysis };
  state.history.push({ delay: state.values.delay, gain, clonus: outcome.kind === "until_release" });
  if (state.history.length > 60) state.history.shift();

  $("analytic").innerHTML = analysis.criticalFound
    ? `<span class="${stable ? "stable" : "unstable"}">${stable ? "stable" : "unstable"}</span>: critical gain ` +
      `${analysis.criticalGain.toFixed(2)} at this delay (you are at ${(gain / analysis.criticalGain).toFixed(2)}x it); ` +
      `at the boundary the loop oscillates at ${analysis.criticalFrequency.toFixed(1)} Hz`
    : `<span class="stable">stable</span>: the loop loses stability at no gain in the search range (up to ~47)`;
  const text = {
    none: "no clonus: the stretch reflex settles",
    damped: `a damped oscillation: ${outcome.beats} beats, dying out during the push (${outcome.frequency.toFixed(1)} Hz)`,
    until_release: `<span class="unstable">clonus until release</span>: ${outcome.beats} beats at ${outcome.frequency.toFixed(1)} Hz`,
  }[outcome.kind];
  $("outcome").innerHTML = `${text}; the joint swings ${outcome.swing.toFixed(2)}° peak to peak at the end of the push`;

  draw(trial);
  const t3 = performance.now();
  $("timing").textContent = `5 s trial simulated in ${(t1 - t0).toFixed(0)} ms, analysed in ${(t2 - t1).toFixed(0)} ms, ` +
    `drawn in ${(t3 - t2).toFixed(0)} ms (update ${(t3 - t0).toFixed(0)} ms)`;
  report({
    error: "", analytic: stable ? "stable" : "unstable", outcome: outcome.kind,
    frequency: isFinite(outcome.frequency) ? outcome.frequency.toFixed(2) : "", swing: outcome.swing.toFixed(3),
    criticalGain: analysis.criticalFound ? analysis.criticalGain.toFixed(4) : "",
    hopfFrequency: analysis.criticalFound ? analysis.criticalFrequency.toFixed(3) : "",
    gain: gain, delay: state.values.delay, simulateMs: (t1 - t0).toFixed(1), updateMs: (t3 - t0).toFixed(1),
    runs: Number(document.body.dataset.runs || 0) + 1,
  });
  if ($("predict-mode").checked) askPrediction();
  refreshCurve();
}

function draw(trial) {
  const duration = trial.duration;
  const angle = trial.series["kinematics/angle"];
  Plots.series($("angle"), { duration, phases: trial.phases, yLabel: "angle (deg)",
    traces: [{ data: angle.data, stride: 1, offset: 0, rate: angle.rate, color: COLORS[0], scale: 180 / Math.PI, name: "angle" }] });
  const drive = trial.series["internals/reflex_drive"];
  Plots.series($("drive"), { duration, phases: trial.phases, yLabel: "drive (1)",
    traces: drive.channels.map((c, k) => ({ data: drive.data, stride: drive.channels.length, offset: k, rate: drive.rate,
                                            color: COLORS[k % COLORS.length], name: c })) });
  const emg = trial.series.emg;
  emg.channels.forEach((c, k) => {
    Plots.series($(`emg-${k}`), { duration, phases: trial.phases, yLabel: "mV", symmetric: true,
      traces: [{ data: emg.data, stride: emg.channels.length, offset: k, rate: emg.rate, color: COLORS[k % COLORS.length], scale: 1e3, name: c }] });
    Plots.lanes($(`lanes-${k}`), { duration, rows: laneRows(trial, c, k) });
  });
  drawMap();
}

// Lanes of one muscle: each label bit the trial sets anywhere (always "clonus"), then its beats.
function laneRows(trial, channel, k) {
  const L = trial.labels, nch = L.channels.length, n = L.data.length / nch;
  const rows = [];
  L.bitNames.forEach((name, b) => {
    const mask = 1 << b, intervals = [];
    let start = -1;
    for (let i = 0; i <= n; ++i) {
      const on = i < n && (L.data[i * nch + k] & mask) !== 0;
      if (on && start < 0) start = i;
      if (!on && start >= 0) { intervals.push([start / L.rate, i / L.rate]); start = -1; }
    }
    if (intervals.length || name === "clonus") rows.push({ name, color: "#e63946", intervals });
  });
  rows.push({ name: "beats", color: "#1d3557",
    intervals: trial.events.filter((e) => e.label === "clonus_beat" && e.channel === channel).map((e) => [e.start, e.stop]) });
  return rows;
}

function drawMap() {
  Plots.stabilityMap($("map"), { curve: state.curve, history: state.history.slice(0, -1),
    point: { delay: state.values.delay, gain: state.values.gain }, delayRange: [15, 85], gainRange: [0, 6.5] });
}

// The Hopf curve depends on everything but the gain and the delay (its axes) and the EMG noise:
// recomputed, one delay per tick so the page stays responsive, when those change.
function refreshCurve() {
  const key = `${state.values.threshold}|${state.values.push}`;
  if (key === state.curveKey) return;
  state.curveKey = key;
  state.curve = [];
  report({ curveReady: "no" });
  const base = { ...state.values };
  let i = 0;
  const step = () => {
    if (state.curveKey !== key) return;  // superseded
    const delay = MAP_DELAYS[i];
    const r = state.engine.criticalGain(SCENARIO, sets({ ...base, delay }));
    state.curve.push({ delay, gain: !r.error && r.criticalFound ? r.criticalGain : NaN,
                       frequency: !r.error && r.criticalFound ? r.criticalFrequency : NaN });
    drawMap();
    if (++i < MAP_DELAYS.length) setTimeout(step, 0);
    else report({ curveReady: "yes", curve: JSON.stringify(state.curve.map((p) => [p.delay, +p.gain.toFixed(4)])) });
  };
  setTimeout(step, 0);
}

function askPrediction() {
  $("results").classList.add("hidden-result");
  $("prediction").hidden = false;
  $("verdict").textContent = "";
  report({ verdict: "asked" });
}

function answer(saidClonus) {
  const r = state.lastResult;
  $("results").classList.remove("hidden-result");
  $("prediction").hidden = true;
  const clonus = r.outcome.kind === "until_release";
  const right = saidClonus === clonus;
  $("verdict").textContent = `${right ? "Right" : "Not this time"}: the loop is ${r.stable ? "stable" : "unstable"} and the ` +
    `simulation shows ${clonus ? "clonus until release" : "no sustained clonus"}. ` +
    (r.analysis.criticalFound ? `Clonus needs a gain above ${r.analysis.criticalGain.toFixed(2)} at this delay.` : "");
  report({ verdict: right ? "right" : "wrong" });
}

function buildEmgPanels() {
  const box = $("emg");
  state.info.muscles.forEach((m, k) => {
    box.insertAdjacentHTML("beforeend", `<canvas id="emg-${k}" width="760" height="130" aria-label="EMG of ${m}"></canvas>` +
      `<canvas id="lanes-${k}" width="760" height="44" aria-label="labels of ${m}"></canvas>`);
  });
}

createNmsimEngine().then((engine) => {
  state.engine = engine;
  state.info = engine.describe(SCENARIO);
  $("scenario-description").textContent = state.info.description;
  buildSliders();
  buildEmgPanels();
  document.querySelectorAll("[data-preset]").forEach((b) => b.addEventListener("click", () => applyPreset(b.dataset.preset)));
  $("predict-mode").addEventListener("change", () => {
    if (!$("predict-mode").checked) { $("results").classList.remove("hidden-result"); $("prediction").hidden = true; }
  });
  $("predict-stable").addEventListener("click", () => answer(false));
  $("predict-clonus").addEventListener("click", () => answer(true));
  report({ ready: "yes", runs: 0 });
  schedule();
}).catch((e) => report({ ready: "failed", error: String(e) }));
