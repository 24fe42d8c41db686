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

  sharpen(v) {                      // P(class 1) in [0, 1], or its class with "discretise"
    return this.discreteBox && this.discreteBox.checked ? (v > 0.5 ? 0.85 : 0.15) : v;
  },

  drawTestPoints(ctx, size) {       // the test set as rings, when asked for
    const on = this.testBox && this.testBox.checked && this.testPoints;
    if (this.togglesBox) this.togglesBox.hidden = !this.setup || this.setup.kind !== "boundary";
    if (!on) return;
    const [X, Y] = this.testPoints, m = Y.length, [x0, x1, y0, y1] = this.setup.extent;
    for (let j = 0; j < m; j++) {
      ctx.beginPath();
      ctx.arc((X[j] - x0) / (x1 - x0) * size, (1 - (X[m + j] - y0) / (y1 - y0)) * size, 3.5, 0, 2 * Math.PI);
      ctx.strokeStyle = Y[j] ? "#1C7ED6" : "#E8590C";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.lineWidth = 1;
    this.sideNote.textContent += " Rings: the test points.";
  },

  // The focused hidden unit's map, large, in the boundary view (false when none is focused).
  drawFocusedUnit() {
    const fm = this.focusedMap(Math.floor(this.shown));
    if (!fm) return false;
    const [q, lo, hi, G, l, j] = fm, cv = this.canvas, scale = Math.round(288 / G);
    const small = document.createElement("canvas");
    this.paintMap(small, q, lo, hi, G);
    cv.width = cv.height = G * scale;
    const ctx = cv.getContext("2d");
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, G * scale, G * scale);
    if (this.points) {
      const [X, Y] = this.points, m = Y.length, [x0, x1, y0, y1] = this.setup.extent;
      for (let k = 0; k < m; k++) {
        ctx.beginPath();
        ctx.arc((X[k] - x0) / (x1 - x0) * G * scale, (1 - (X[m + k] - y0) / (y1 - y0)) * G * scale, 2.5, 0, 2 * Math.PI);
        ctx.fillStyle = Y[k] ? "#1C7ED6" : "#E8590C";
        ctx.fill();
      }
    }
    this.sideTitle.textContent = `Layer ${l}, unit ${j + 1}: its a over the plane`;
    this.sideNote.textContent = `Orange where a < 0, white at 0, blue where a > 0 (from ${num(lo)} `
      + `to ${num(hi)}). Points: the training examples. Tap the unit again, or leave it, for the boundary.`;
    return true;
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

  // A unit's map (uint8 on its own scale lo..hi) painted: orange below 0, blue above, on a
  // symmetric scale; with discretise, each point's sign only.
  paintMap(cv, q, lo, hi, G) {
    cv.width = cv.height = G;
    const ctx = cv.getContext("2d"), img = ctx.createImageData(G, G);
    const top = Math.max(Math.abs(lo), Math.abs(hi), 1e-12), step = (hi - lo) / this.g.setup.top;
    const sharp = this.discreteBox && this.discreteBox.checked;
    for (let r = 0; r < G; r++) {
      for (let c = 0; c < G; c++) {
        const v = (lo + q[r * G + c] * step) / top;
        const col = signColour(sharp ? Math.sign(v) * (Math.abs(v) > 1e-9 ? 0.85 : 0) : v);
        const p = 4 * ((G - 1 - r) * G + c);            // row 0 of the grid is the lowest y
        img.data[p] = col[0]; img.data[p + 1] = col[1]; img.data[p + 2] = col[2]; img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
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

  drawGraph(i) {
    const g = this.g;
    if (!this.graphBox || !g.setup) return;
    // drawn again for another width (a window turned, resized), not for a scrollbar's 15 px
    if (this.graphWidth && Math.abs(Math.max(this.graphWidth, 280) - g.width) > 32) g.key = null;
    this.graphBuild();
    const now = performance.now();
    const w = g.shownW !== i && (g.shownW === null || now - (g.drawnAt || 0) >= GRAPH_GAP_MS)
      ? this.graphWeights(i) : null;
    if (w && w.length === g.P) {
      g.shownW = i;
      g.drawnAt = now;
      let top = 1e-9;
      for (const [, p] of g.edges) top = Math.max(top, Math.abs(w[p]));
      const scale = Math.max(0.6, g.node / 12) / Math.max(top, 1);
      for (const [path, p] of g.edges) {
        const v = w[p], width = (0.4 + Math.abs(v) * scale).toFixed(1);
        const colour = v < 0 ? "#E8590C" : "#1C7ED6";
        if (path.__w !== width) { path.setAttribute("stroke-width", width); path.__w = width; }
        if (path.__c !== colour) { path.setAttribute("stroke", colour); path.__c = colour; }
      }
      for (let l = 1; l < g.nodes.length; l++) {
        g.nodes[l].forEach((n, j) => {          // the bias bar: written only when it changes
          const b = w[g.biasAt[l] + j], h = Math.min(Math.abs(b), 2) / 2;
          const height = Math.round(3 + h * (g.node - 6)) + "px", colour = b < 0 ? "#E8590C" : "#1C7ED6";
          if (n.bias.__h !== height) { n.bias.style.height = height; n.bias.__h = height; }
          if (n.bias.__c !== colour) { n.bias.style.background = colour; n.bias.__c = colour; }
        });
      }
      if (g.focus) this.graphCard(i, w);
    }
    const u = g.units, k = lastAtOrBefore(u.length, (j) => u[j][0], i);
    const f = this.lastBefore(this.frames, i);
    const key = (k < 0 ? -1 : u[k][0]) + ":" + (f ? f[0] : -1) + ":" + (this.discreteBox ? this.discreteBox.checked : "");
    if (g.shownU !== key) {
      g.shownU = key;
      this.graphMaps(k < 0 ? null : u[k], f ? f[1] : null);
    }
  },

  graphMaps(entry, frame) {              // the units' pictures and marks of one frame
    const g = this.g, s = g.setup, dims = s.dims, L = dims.length - 1, G = s.grid;
    let u = 0;
    for (let l = 1; l <= L; l++) {
      g.nodes[l].forEach((n, j) => {
        if (l === L) {
          if (frame && this.setup && this.setup.kind === "boundary") this.paintOutput(n.canvas, frame);
          return;
        }
        if (s.first !== "drawn" && l === 1) {
          if (frame && j < this.setup.drawn) this.paintPicture(n.canvas, frame, j);
        } else if (entry && entry[1]) {
          this.paintMap(n.canvas, entry[1].subarray(u * G * G, (u + 1) * G * G), entry[2][u], entry[3][u], G);
        }
        const mark = entry ? entry[4][u] : 0;
        n.box.classList.toggle("nnl-dead", mark === 1);
        n.box.classList.toggle("nnl-saturated", mark === 2);
        n.badge.textContent = MARK_WORDS[mark] || "";
        u += 1;
      });
    }
    if (this.inputsShown !== g.inputs && g.inputs) { this.inputsShown = g.inputs; this.graphInputs(); }
    if (g.focus) this.graphCard(this.lastShown || 0, null);
  },

  paintOutput(cv, frame) {               // the output unit: the boundary raster, small
    const G = this.setup.grid;
    cv.width = cv.height = G;
    const ctx = cv.getContext("2d"), img = ctx.createImageData(G, G);
    const sharp = this.discreteBox && this.discreteBox.checked;
    for (let r = 0; r < G; r++) {
      for (let c = 0; c < G; c++) {
        const v = frame[r * G + c] / 255 * 2 - 1;
        const col = signColour(sharp ? Math.sign(v) * 0.85 : v);
        const p = 4 * ((G - 1 - r) * G + c);
        img.data[p] = col[0]; img.data[p + 1] = col[1]; img.data[p + 2] = col[2]; img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  },

  paintPicture(cv, frame, u) {           // a first-layer unit of a photo run: its W1 picture
    const [hgt, wid] = this.setup.shape, ch = this.setup.shape.length === 3 ? 3 : 1;
    cv.width = wid; cv.height = hgt;
    const ctx = cv.getContext("2d"), img = ctx.createImageData(wid, hgt), off = u * hgt * wid * ch;
    for (let p = 0; p < hgt * wid; p++) {
      for (let k = 0; k < 3; k++) img.data[4 * p + k] = frame[off + p * ch + (ch === 3 ? k : 0)];
      img.data[4 * p + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  },

  // Unit j of layer l shown large (in the boundary view) with its formula (null: none).
  graphFocus(l, j, pin) {
    const g = this.g;
    g.focus = l === null ? null : [l, j];
    g.pinned = l !== null && pin;
    for (let m = 1; m < g.nodes.length; m++) {
      g.nodes[m].forEach((n, k) => n.box.classList.toggle("nnl-focus", !!g.focus && m === l && k === j));
    }
    if (!g.focus) { g.card.hidden = true; }
    else this.graphCard(Math.floor(this.shown), null);
    this.shownFrame = -1;                // the side view drawn again: the unit, or the boundary
  },

  graphCard(i, w) {
    const g = this.g, s = g.setup, [l, j] = g.focus, dims = s.dims, L = dims.length - 1;
    w = w || this.graphWeights(i);
    const card = g.card;
    card.hidden = false;
    card.replaceChildren();
    const act = l === L ? "σ" : { relu: "relu", tanh: "tanh", sigmoid: "σ", leaky_relu: "leaky relu" }[s.activation] || s.activation;
    el("div", { class: "nnl-card-title" }, card, l === L ? "The output unit"
      : `Layer ${l}, unit ${j + 1} of ${dims[l]}`);
    if (!w) return;
    const nPrev = dims[l - 1], b = w[g.biasAt[l] + j];
    const names = l === 1 ? s.inputs : Array.from({ length: nPrev }, (_, k) => `a${sup(l - 1)}${sub(k + 1)}`);
    let z;
    if (l === 1 && s.first !== "drawn") {
      z = `z = w · x + b over the ${fmtInt(dims[0])} pixel values (w: the picture), b = ${num(b)}`;
    } else {
      const W0 = g.biasAt[l] - dims[l] * nPrev;      // W[l] lies just before b[l], row by row
      const row = (k) => w[W0 + j * nPrev + k];
      const terms = [];
      for (let k = 0; k < Math.min(nPrev, 6); k++) terms.push(`${num(row(k))}·${names[k]}`);
      if (nPrev > 6) terms.push(`… (${nPrev} terms)`);
      z = "z = " + terms.join(" + ").replace(/\+ −/g, "− ") + (b < 0 ? " − " : " + ") + num(Math.abs(b));
    }
    el("div", { class: "nnl-formula", "data-testid": "live-unit-formula" }, card, z);
    el("div", { class: "nnl-formula" }, card, `a = ${act}(z)` + (l === L ? ": P(class 1)" : ""));
    const u = g.units, k = lastAtOrBefore(u.length, (q) => u[q][0], i);
    if (k >= 0 && l < L) {
      const idx = dims.slice(1, l).reduce((s2, n) => s2 + n, 0) + j, e = u[k];
      if (e[2]) el("div", { class: "nnl-card-note" }, card, `a over the plane: ${num(e[2][idx])} to ${num(e[3][idx])}`);
      if (e[4][idx] === 1) el("div", { class: "nnl-card-note nnl-bad" }, card, "Dead: z ≤ 0 on every training example, so a = 0 and no gradient reaches its weights: it no longer learns.");
      if (e[4][idx] === 2) el("div", { class: "nnl-card-note nnl-bad" }, card, "Saturated: g′(z) < 0.01 on every training example (a near its ends), so its gradient almost vanishes.");
    }
  },

  // The focused unit's map, large, for the side view (null when none is focused or it has none).
  focusedMap(i) {
    const g = this.g;
    if (!g || !g.focus || !g.setup || g.setup.first !== "drawn") return null;
    const [l, j] = g.focus, dims = g.setup.dims, L = dims.length - 1;
    if (l === L) return null;                       // the output: the boundary itself
    const u = g.units, k = lastAtOrBefore(u.length, (q) => u[q][0], i);
    if (k < 0 || !u[k][1]) return null;
    const idx = dims.slice(1, l).reduce((s, n) => s + n, 0) + j, G = g.setup.grid;
    return [u[k][1].subarray(idx * G * G, (idx + 1) * G * G), u[k][2][idx], u[k][3][idx], G, l, j];
  },
});

function sub(n) { return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]); }
function sup(n) { return "⁽" + String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]) + "⁾"; }
