// The live view's network graph: units as nodes, weights as edges (colour: the sign, width:
// |w|), a bias mark on each unit, each unit's map of the plane (2-D inputs) or its W1 picture
// (photos), dead and saturated units marked; hovering or tapping a unit shows it large with its
// formula and numbers (live_graph_card.js). Drawn from the chunk's graph arrays
// (nn_ui/view/graph_data.py, graph_photos.py); its layout: live_graph_layout.js.

const NEG = [232, 89, 12], POS = [28, 126, 214], ZERO = [255, 255, 255];   // orange, blue
const MARK_WORDS = ["", "dead", "saturated"];
const CARD_GAP_MS = 100;            // a unit's card is written at most 10 times a second

// A value in [-1, 1] as a colour: orange for negative, white at 0, blue for positive.
function signColour(v) {
  const t = Math.min(Math.abs(v), 1), c = v < 0 ? NEG : POS;
  return [0, 1, 2].map((k) => Math.round(ZERO[k] + (c[k] - ZERO[k]) * t));
}

function rgb(c) { return `rgb(${c[0]},${c[1]},${c[2]})`; }

// x as a formula shows it: 3 significant digits, a true minus sign.
function num(x) {
  if (!Number.isFinite(x)) return String(x);
  const s = Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
  return String(+s).replace("-", "−");
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs, parent) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

Object.assign(View.prototype, {
  // The graph's box under the chart, and the boundary view's two toggles (in its side panel).
  buildGraph(side) {
    const t = el("div", { class: "nnl-toggles" }, side);
    const toggle = (id, text, tip) => {
      const lab = el("label", { title: tip }, t);
      const box = el("input", { type: "checkbox", "data-testid": id }, lab);
      lab.appendChild(document.createTextNode(" " + text));
      box.onchange = () => { this.shownFrame = -1; if (this.g) this.g.shownU = null; };
      return [lab, box];
    };
    [this.testLabel, this.testBox] = toggle("live-test-points", "test points",
      "Show the test set too (rings): points the network never learns from.");
    [this.discreteLabel, this.discreteBox] = toggle("live-discretise", "discretise output",
      "Colour each point by the class the network answers (P above or below 0.5), not by P.");
    this.togglesBox = t;
    this.graphBox = el("div", { class: "nnl-graph-wrap" }, this.root);
    // its width read when it changes, never in an animation frame (that would lay the page out)
    this.graphWidth = 0;
    this.graphResize = new ResizeObserver((entries) => {
      this.graphWidth = Math.round(entries[entries.length - 1].contentRect.width);
    });
    this.graphResize.observe(this.graphBox);
    // the hovered or tapped unit's card: kept when the graph is drawn again (a new width)
    this.graphCardBox = el("div", { class: "nnl-card", "data-testid": "live-unit-card", hidden: "" },
      this.root);
  },

  graphReset() {
    this.g = { setup: null, w: [], v: [], units: [], inputs: null, key: null, focus: null,
      pinned: false, shownW: null, shownU: null, width: 0, photos: null, photo: 0, wBuf: null };
    if (this.graphBox) this.graphBox.replaceChildren();
    if (this.graphCardBox) this.graphCardBox.hidden = true;
  },

  graphAppend(c, a) {
    const g = this.g;
    if (c.graph) g.setup = c.graph;                 // sent with a run's first chunk
    if (!g.setup || !a.w_it) return;
    g.w = g.w.filter((e) => e[0] < c.start);        // the chunk's own from its start on
    g.v = g.v.filter((e) => e[0] < c.start);
    g.units = g.units.filter((e) => e[0] < c.start);
    readRows(a.w24, a.w_it, g.w);
    if (a.v24) readRows(a.v24, a.w_it, g.v);        // photos: z and a at the same iterations
    if (a.ph_px && g.setup.photos) g.photos = a.ph_px;
    const F = a.u_it.length, U = F ? a.u_marks.length / F : 0;
    let prev = null;                                // the frame the first is a difference from
    if (a.u_base && a.u_base.length) {
      const e = g.units.find((x) => x[0] === a.u_base[0]);
      if (!e) { g.units = []; return; }             // not here (cannot be): no maps, not wrong ones
      prev = e[1];
    }
    for (let k = 0; k < F; k++) {
      let maps = null, lo = null, hi = null;
      if (a.u_maps) {
        const size = a.u_maps.length / F;
        maps = a.u_maps.slice(k * size, (k + 1) * size);
        if (prev) for (let j = 0; j < size; j++) maps[j] = (maps[j] + prev[j]) & 255;
        prev = maps;
        lo = a.u_lo.slice(k * U, (k + 1) * U);
        hi = a.u_hi.slice(k * U, (k + 1) * U);
      }
      g.units.push([a.u_it[k], maps, lo, hi, a.u_marks.slice(k * U, (k + 1) * U)]);
    }
    if (a.in_maps) g.inputs = [a.in_maps, a.in_lo, a.in_hi];
    g.shownW = g.shownU = null;
  },

  graphTruncate(i) {
    const g = this.g;
    g.w = g.w.filter((e) => e[0] <= i);
    g.v = g.v.filter((e) => e[0] <= i);
    g.units = g.units.filter((e) => e[0] <= i);
    g.shownW = g.shownU = null;
  },

  graphInputs() {                        // the input features' maps: they never change
    const g = this.g, [maps, lo, hi] = g.inputs, G = g.setup.grid;
    g.inputNodes.forEach((n, i) => {
      if (n.canvas) this.paintMap(n.canvas, maps.subarray(i * G * G, (i + 1) * G * G), lo[i], hi[i], G);
    });
  },

  // The weights at iteration x (fractional while playing): between two kept rows, in a
  // straight line (into one buffer, made again only for another length: once a frame).
  graphWeights(x) {
    const g = this.g, w = g.w, k = lastAtOrBefore(w.length, (j) => w[j][0], x);
    if (k < 0) return null;
    const [i0, w0] = w[k];
    if (k + 1 >= w.length || i0 === x) return w0;
    const [i1, w1] = w[k + 1], t = (x - i0) / (i1 - i0);
    if (!g.wBuf || g.wBuf.length !== w0.length) g.wBuf = new Float32Array(w0.length);
    const out = g.wBuf;
    for (let p = 0; p < w0.length; p++) out[p] = w0[p] + (w1[p] - w0[p]) * t;
    return out;
  },
});

// Rows of float32s sent as their three high bytes, plane by plane (graph_data.pack_weights):
// planes uint8 (3, P, F), iterations (F,) -> [iteration, Float32Array (P,)] appended to out.
function readRows(planes, its, out) {
  const F = its.length;
  if (!F) return;
  const P = planes.length / (3 * F), bits = new Uint32Array(P), f32 = new Float32Array(bits.buffer);
  for (let f = 0; f < F; f++) {
    for (let p = 0; p < P; p++) {
      const j = p * F + f;
      bits[p] = (planes[j] << 8) | (planes[P * F + j] << 16) | (planes[2 * P * F + j] << 24);
    }
    out.push([its[f], Float32Array.from(f32)]);
  }
}
