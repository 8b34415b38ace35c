// Runs one trial in the WebAssembly engine under Node and writes it as JSON (series as plain
// arrays), for tests/web/test_wasm_engine.py to compare with the native engine.
//   node --no-experimental-fetch dump_trial.js ENGINE.js SCENARIO OUT.json [SEED] [path=value ...]
"use strict";
const fs = require("fs");
const [enginePath, scenario, out, seed, ...sets] = process.argv.slice(2);
require(enginePath)().then((engine) => {
  const trial = engine.runTrial(scenario, sets, seed === undefined ? -1 : Number(seed));
  if (trial.error) {
    console.error(trial.error);
    process.exit(2);
  }
  const series = {};
  for (const [path, s] of Object.entries(trial.series)) series[path] = { ...s, data: Array.from(s.data) };
  const labels = { ...trial.labels, data: Array.from(trial.labels.data) };
  const stability = engine.stability(scenario, sets);
  fs.writeFileSync(out, JSON.stringify({ ...trial, series, labels, stability }));
});
