// The live view's cost axis (one of the files component_ui.JS_FILES joins): the y range that
// holds every curve shown, and a diverged run's last step drawn and said in words.

// [low, high] of the y axis (log10 units on a log axis) over the training costs, the test
// costs ([[iteration, J, accuracy]]) and an extra point (the cost a diverged run reached).
function costRange(costs, tests, extra, log) {
  let lo = Infinity, hi = 0;
  const take = (v) => { if (Number.isFinite(v) && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
  for (let j = 0; j < costs.length; j++) take(costs[j]);
  for (const t of tests) take(t[1]);
  if (extra !== null && extra !== undefined) take(extra);
  if (!log) return [0, hi > 0 ? hi * 1.05 : 1];   // before the first cost: 0 to 1 (J starts near ln 2)
  if (!(hi > 0)) return [-2, 0];
  const a = Math.log10(lo), b = Math.log10(hi), pad = Math.max(0.05 * (b - a), 0.05);
  return [a - pad, b + pad];
}

// A diverged run (meta: cost_at_divergence, the J it jumped to, or null when not finite): a
// red dashed step from its last good cost to that J, a ✕ there, and a note with the number.
// y: the point the axis must hold (null when the cost was not finite: the arrow points off
// the top of the chart).
function divergedPoint(meta, end, costs) {
  const x0 = end, y0 = costs[end], x1 = end + 1, J = meta.cost_at_divergence;
  const red = "#C92A2A";
  const traces = [];
  if (J !== null && J !== undefined) {
    traces.push({ x: [x0, x1], y: [y0, J], type: "scatter", mode: "lines+markers",
      name: "diverged", line: { color: red, width: 2, dash: "dash" },
      marker: { symbol: ["circle", "x"], size: [6, 16], color: red }, cliponaxis: false,
      hovertemplate: "iteration %{x}<br>J = %{y:.4g}<extra>diverged</extra>" });
    return { traces, y: J, note: { x: x1, y: J, xref: "x", yref: "y", showarrow: true,
      arrowcolor: red, ax: -70, ay: 24, font: { color: red, size: 13 },
      text: `J = ${(+J.toPrecision(3)).toLocaleString("en-US")} at iteration ${x1}` } };
  }
  traces.push({ x: [x0], y: [y0], type: "scatter", mode: "markers", name: "diverged",
    marker: { symbol: "x", size: 14, color: red }, cliponaxis: false });
  return { traces, y: null, note: { x: x1, y: 1, xref: "x", yref: "paper", showarrow: true,
    arrowcolor: red, ax: -60, ay: 40, font: { color: red, size: 13 },
    text: `J → ∞ at iteration ${x1}` } };
}

// What happened, in plain words, and what to do.
function divergedSentence(meta, end) {
  const J = meta.cost_at_divergence, J0 = meta.first_cost;
  const jump = J !== null && J !== undefined
    ? `the cost jumped${J0 ? ` from ${+J0.toPrecision(3)}` : ""} to ${(+J.toPrecision(3)).toLocaleString("en-US")}`
    : "the cost became infinite";
  return `The run diverged at iteration ${end + 1}: α ${meta.alpha_at_divergence} is too large, `
    + `so each step overshoots the minimum and ${jump}. Choose a smaller α and press Reset `
    + `(this run keeps its α ${meta.alpha_at_divergence}).`;
}

