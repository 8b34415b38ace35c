// Small canvas plots for the lab: time series with phase marks, label lanes and the stability
// map. Own code (no plotting library): the page needs three kinds of picture, drawn from typed
// arrays of a few thousand samples, and nothing fetched at run time.
"use strict";

const Plots = (() => {
  const margin = { left: 62, right: 12, top: 10, bottom: 30 };
  const font = "13px system-ui, sans-serif";

  // Round tick values covering [lo, hi] (about `count` of them).
  function ticks(lo, hi, count) {
    const span = hi - lo || 1;
    const raw = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  function frame(canvas, x0, x1, y0, y1, xLabel, yLabel) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.font = font;
    const px = (x) => margin.left + ((x - x0) / (x1 - x0)) * (w - margin.left - margin.right);
    const py = (y) => h - margin.bottom - ((y - y0) / (y1 - y0)) * (h - margin.top - margin.bottom);
    ctx.strokeStyle = "#999";
    ctx.fillStyle = "#333";
    ctx.lineWidth = 1;
    ctx.strokeRect(margin.left, margin.top, w - margin.left - margin.right, h - margin.top - margin.bottom);
    ctx.textAlign = "center";
    for (const t of ticks(x0, x1, 8)) ctx.fillText(+t.toPrecision(6), px(t), h - margin.bottom + 15);
    ctx.textAlign = "right";
    for (const t of ticks(y0, y1, 4)) ctx.fillText(+t.toPrecision(4), margin.left - 5, py(t) + 4);
    ctx.textAlign = "center";
    if (xLabel) ctx.fillText(xLabel, (margin.left + w - margin.right) / 2, h - 2);
    if (yLabel) {
      ctx.save();
      ctx.translate(12, (margin.top + h - margin.bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(yLabel, 0, 0);
      ctx.restore();
    }
    return { ctx, px, py, w, h };
  }

  function phaseMarks(f, phases, y0, y1) {
    const { ctx, px, py } = f;
    ctx.save();
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = "#bbb";
    ctx.fillStyle = "#777";
    ctx.textAlign = "left";
    // Names sit at the bottom, inside the frame (the legend holds the top right); a phase too
    // short for its name keeps only its line.
    (phases || []).forEach((p, i) => {
      ctx.beginPath();
      ctx.moveTo(px(p.start), py(y0));
      ctx.lineTo(px(p.start), py(y1));
      ctx.stroke();
      const end = i + 1 < phases.length ? px(phases[i + 1].start) : px(p.stop);
      if (end - px(p.start) > ctx.measureText(p.name).width + 6) ctx.fillText(p.name, px(p.start) + 3, py(y0) - 4);
    });
    ctx.restore();
  }

  // Each trace: {data (typed array), stride, offset, rate, color, name}. Samples that fall in one
  // pixel column are drawn as their min-max bar, so a 2 kHz EMG keeps its envelope.
  function series(canvas, { traces, duration, yLabel, xLabel = "time (s)", phases, symmetric = false }) {
    let lo = Infinity, hi = -Infinity;
    for (const tr of traces)
      for (let i = tr.offset; i < tr.data.length; i += tr.stride) {
        const v = tr.data[i] * (tr.scale || 1);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    if (!isFinite(lo)) { lo = -1; hi = 1; }
    if (symmetric) { hi = Math.max(Math.abs(lo), Math.abs(hi)); lo = -hi; }
    if (hi - lo < 1e-12) { hi += 1; lo -= 1; }
    const pad = 0.05 * (hi - lo);
    const f = frame(canvas, 0, duration, lo - pad, hi + pad, xLabel, yLabel);
    phaseMarks(f, phases, lo - pad, hi + pad);
    const { ctx, px, py } = f;
    const legendX = f.w - margin.right - 8;
    traces.forEach((tr, k) => {
      ctx.strokeStyle = tr.color;
      ctx.beginPath();
      const n = Math.floor((tr.data.length - tr.offset + tr.stride - 1) / tr.stride);
      let column = -1, cmin = 0, cmax = 0;
      const flush = () => {
        if (column < 0) return;
        ctx.moveTo(column + 0.5, py(cmin));
        ctx.lineTo(column + 0.5, py(cmax) - 0.5);
      };
      for (let i = 0; i < n; ++i) {
        const v = tr.data[tr.offset + i * tr.stride] * (tr.scale || 1);
        const c = Math.floor(px(i / tr.rate));
        if (c !== column) {
          flush();
          if (column >= 0) ctx.lineTo(c + 0.5, py(v));
          column = c; cmin = v; cmax = v;
        } else {
          cmin = Math.min(cmin, v); cmax = Math.max(cmax, v);
        }
      }
      flush();
      ctx.stroke();
      if (tr.name) {
        ctx.fillStyle = tr.color;
        ctx.textAlign = "right";
        ctx.fillText(tr.name, legendX, margin.top + 15 + 15 * k);
      }
    });
  }

  // Label lanes under a channel: each row {name, color, intervals: [[start, stop], ...]} (s) is a
  // filled bar wherever the label holds.
  function lanes(canvas, { rows, duration }) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.font = "12px system-ui, sans-serif";
    const lane = (h - 4) / Math.max(1, rows.length);
    const px = (t) => margin.left + (t / duration) * (w - margin.left - margin.right);
    rows.forEach((row, k) => {
      ctx.fillStyle = "#555";
      ctx.textAlign = "right";
      ctx.fillText(row.name, margin.left - 5, 2 + lane * (k + 0.75));
      ctx.fillStyle = row.color;
      for (const [a, b] of row.intervals) ctx.fillRect(px(a), 2 + lane * k + 2, Math.max(1.5, px(b) - px(a)), lane - 4);
    });
  }

  // The gain x delay plane: the Hopf curve (critical gain at each delay) with the unstable side
  // shaded, earlier runs as small dots (filled: clonus until release) and the current point.
  function stabilityMap(canvas, { curve, point, history, delayRange, gainRange }) {
    const f = frame(canvas, delayRange[0], delayRange[1], gainRange[0], gainRange[1], "loop delay (ms)", "reflex gain (x normal)");
    const { ctx, px, py } = f;
    const pts = curve.filter((p) => isFinite(p.gain));
    if (pts.length > 1) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(margin.left, margin.top, f.w - margin.left - margin.right, f.h - margin.top - margin.bottom);
      ctx.clip();
      ctx.fillStyle = "rgba(230, 57, 70, 0.12)";
      ctx.beginPath();
      ctx.moveTo(px(pts[0].delay), py(gainRange[1]));
      for (const p of pts) ctx.lineTo(px(p.delay), py(p.gain));
      ctx.lineTo(px(pts[pts.length - 1].delay), py(gainRange[1]));
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = "#e63946";
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      pts.forEach((p, i) => (i ? ctx.lineTo(px(p.delay), py(p.gain)) : ctx.moveTo(px(p.delay), py(p.gain))));
      ctx.stroke();
      ctx.restore();
      ctx.fillStyle = "#e63946";
      ctx.textAlign = "left";
      ctx.fillText("Hopf boundary: clonus above", margin.left + 8, margin.top + 16);
    }
    for (const h of history) {
      ctx.beginPath();
      ctx.arc(px(h.delay), py(h.gain), 4, 0, 2 * Math.PI);
      ctx.strokeStyle = h.clonus ? "#e63946" : "#2a9d8f";
      ctx.fillStyle = h.clonus ? "#e63946" : "#2a9d8f";
      h.clonus ? ctx.fill() : ctx.stroke();
    }
    if (point) {
      ctx.beginPath();
      ctx.arc(px(point.delay), py(point.gain), 8, 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#111";
      ctx.stroke();
      ctx.lineWidth = 1;
    }
  }

  return { series, lanes, stabilityMap };
})();
