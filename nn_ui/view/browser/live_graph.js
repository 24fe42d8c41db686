// The live view's network graph: units as nodes, weights as edges (colour: the sign, width:
// |w|), a bias mark on each unit, each unit's map of the plane (2-D inputs) or its W1 picture
// (photos), dead and saturated units marked; hovering or tapping a unit shows it large with its
// formula and numbers. Drawn from the chunk's graph arrays (nn_ui/view/graph_data.py).

const NEG = [232, 89, 12], POS = [28, 126, 214], ZERO = [255, 255, 255];   // orange, blue
const MARK_WORDS = ["", "dead", "saturated"];
const GRAPH_GAP_MS = 100;           // the edges are moved at most 10 times a second

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
    this.g = { setup: null, w: [], units: [], inputs: null, key: null, focus: null,
      pinned: false, shownW: null, shownU: null, width: 0 };
    if (this.graphBox) this.graphBox.replaceChildren();
    if (this.graphCardBox) this.graphCardBox.hidden = true;
  },

  graphAppend(c, a) {
    const g = this.g;
    if (c.graph) g.setup = c.graph;                 // sent with a run's first chunk
    if (!g.setup || !a.w_it) return;
    g.w = g.w.filter((e) => e[0] < c.start);        // the chunk's own from its start on
    g.units = g.units.filter((e) => e[0] < c.start);
    const Fw = a.w_it.length;
    if (Fw) {
      const P = a.w24.length / (3 * Fw), bits = new Uint32Array(P), f32 = new Float32Array(bits.buffer);
      for (let f = 0; f < Fw; f++) {
        for (let p = 0; p < P; p++) {       // the three high bytes of each float32, plane by plane
          const j = p * Fw + f;
          bits[p] = (a.w24[j] << 8) | (a.w24[P * Fw + j] << 16) | (a.w24[2 * P * Fw + j] << 24);
        }
        g.w.push([a.w_it[f], Float32Array.from(f32)]);
      }
    }
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
    g.units = g.units.filter((e) => e[0] <= i);
    g.shownW = g.shownU = null;
  },

  // The DOM of the graph for the run's shape, made again when the shape or the width changes.
  graphBuild() {
    const g = this.g, s = g.setup, box = this.graphBox;
    const width = Math.max(this.graphWidth || box.clientWidth, 280);
    const key = JSON.stringify([s.dims, s.inputs, s.first]);    // the run's shape
    if (g.key === key) return;
    g.key = key;
    g.width = width;
    box.replaceChildren();
    const dims = s.dims, L = dims.length - 1, photos = s.first !== "drawn";
    const cols = dims.map((n, l) => (l === 0 && photos ? 1 : n));
    const most = Math.max(...cols);
    el("div", { class: "nnl-side-title" }, box, "The network, as it learns");
    el("div", { class: "nnl-note" }, box, "Lines: the weights, blue for positive and orange for "
      + "negative, as thick as |w|. Each unit shows its activation a over the plane (2-D data) "
      + "or its W1 picture (photos); the bar on its left is its bias b. Hover or tap a unit.");
    // the node size: columns spread over the width, at most 52 px, smaller for tall layers;
    // on the left, room for the inputs' names
    const left = photos ? 0 : 44;
    const node = Math.round(Math.max(12, Math.min(52, (width - left) / (2.3 * (L + 1)), 520 / most)));
    const gap = Math.max(6, Math.round(node * 0.35));
    const colW = Math.max(node * 2.3, (width - left - node) / L);
    const height = most * node + (most - 1) * gap + 20;
    const wrap = el("div", { class: "nnl-graph", "data-testid": "live-graph" }, box);
    wrap.style.height = height + "px";
    wrap.style.width = Math.max(width, Math.round(left + node + L * colW)) + "px";
    const svg = svgEl("svg", { class: "nnl-edges", width: wrap.style.width.replace("px", ""),
      height: String(height) }, wrap);
    const pos = (l, j) => {              // the top-left corner of unit j of column l
      const n = cols[l], top = (height - 14 - (n * node + (n - 1) * gap)) / 2;
      return [Math.round(left + l * colW), Math.round(top + j * (node + gap))];
    };
    g.node = node;
    g.nodes = [];                        // per layer l >= 1: [{box, canvas, bias, badge}]
    g.edges = [];                        // [[path, offset in the weight vector]]
    g.biasAt = [];                       // per layer l >= 1: offset of b[l] in the weight vector
    let off = 0;
    for (let l = 1; l <= L; l++) {
      const drawn = l > 1 || !photos, n = dims[l], nPrev = dims[l - 1];
      if (drawn) {
        for (let j = 0; j < n; j++) {
          for (let i = 0; i < nPrev; i++) {
            const [x0, y0] = pos(l - 1, i), [x1, y1] = pos(l, j);
            const a = [x0 + node, y0 + node / 2], b = [x1, y1 + node / 2], mx = (a[0] + b[0]) / 2;
            const path = svgEl("path", { d: `M${a[0]},${a[1]} C${mx},${a[1]} ${mx},${b[1]} ${b[0]},${b[1]}`,
              class: "nnl-edge", "data-testid": "live-edge", fill: "none" }, svg);
            g.edges.push([path, off + j * nPrev + i]);
          }
        }
        off += n * nPrev;
      }
      g.biasAt[l] = off;
      off += n;
    }
    g.P = off;
    // the inputs
    const inLabels = s.inputs;
    g.inputNodes = [];
    for (let i = 0; i < cols[0]; i++) {
      const [x, y] = pos(0, i);
      const b = el("div", { class: "nnl-unit nnl-input" + (photos ? " nnl-pixels" : ""),
        "data-testid": "live-input", title: inLabels[i] }, wrap);
      Object.assign(b.style, { left: x + "px", top: y + "px", width: node + "px", height: node + "px" });
      const cv = photos ? null : el("canvas", { width: String(s.grid), height: String(s.grid) }, b);
      el("span", { class: "nnl-unit-label" }, b, inLabels[i]);
      g.inputNodes.push({ box: b, canvas: cv });
    }
    for (let l = 1; l <= L; l++) {
      g.nodes[l] = [];
      for (let j = 0; j < dims[l]; j++) {
        const [x, y] = pos(l, j);
        const b = el("div", { class: "nnl-unit", "data-testid": "live-unit", tabindex: "0",
          "data-layer": String(l), "data-unit": String(j),
          "aria-label": `Layer ${l}, unit ${j + 1}` }, wrap);
        Object.assign(b.style, { left: x + "px", top: y + "px", width: node + "px", height: node + "px" });
        const cv = el("canvas", {}, b);
        const bias = el("div", { class: "nnl-bias", "data-testid": "live-bias" }, b);
        const badge = el("div", { class: "nnl-badge", "data-testid": "live-unit-mark" }, b);
        b.onpointerenter = () => { if (!g.pinned) this.graphFocus(l, j, false); };
        b.onpointerleave = () => { if (!g.pinned) this.graphFocus(null); };
        b.onclick = () => {
          const same = g.focus && g.focus[0] === l && g.focus[1] === j && g.pinned;
          this.graphFocus(same ? null : l, j, !same);
        };
        b.onkeydown = (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); b.onclick(); } };
        g.nodes[l].push({ box: b, canvas: cv, bias, badge });
      }
    }
    if (photos) {
      el("div", { class: "nnl-graph-note", "data-testid": "live-graph-summary" }, box, s.summary);
    }
    g.card = this.graphCardBox;
    if (g.focus && g.nodes[g.focus[0]] && g.nodes[g.focus[0]][g.focus[1]]) {
      g.nodes[g.focus[0]][g.focus[1]].box.classList.add("nnl-focus");
    } else g.focus = null;
    g.shownW = g.shownU = null;
    if (g.inputs) this.graphInputs();
  },

  graphInputs() {                        // the input features' maps: they never change
    const g = this.g, [maps, lo, hi] = g.inputs, G = g.setup.grid;
    g.inputNodes.forEach((n, i) => {
      if (n.canvas) this.paintMap(n.canvas, maps.subarray(i * G * G, (i + 1) * G * G), lo[i], hi[i], G);
    });
  },

  // The weights at iteration i: between two kept rows, the edges move in a straight line.
  graphWeights(i) {
    const w = this.g.w, k = lastAtOrBefore(w.length, (j) => w[j][0], i);
    if (k < 0) return null;
    const [i0, w0] = w[k];
    if (k + 1 >= w.length || i0 === i) return w0;
    const [i1, w1] = w[k + 1], t = (i - i0) / (i1 - i0), out = new Float32Array(w0.length);
    for (let p = 0; p < w0.length; p++) out[p] = w0[p] + (w1[p] - w0[p]) * t;
    return out;
  },
});
