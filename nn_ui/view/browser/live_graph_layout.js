// The network graph's layout and DOM: where each unit goes for the run's shape and the box's
// width. A column (layer) taller than the room there is shows its first units and a "+k more"
// mark (a phone: fewer, smaller units; the graph scrolls sideways only when it must).

const GRAPH_MIN_WIDTH = 280;

// The geometry of the graph for layer sizes ``dims`` in a box ``width`` px wide (pure).
// -> {node, gap, colW, left, height, width, cols (units a column has), drawn (units drawn),
//     slots (boxes in the column: the drawn units and the "+k more" mark, if any)}
function graphLayout(dims, photos, width) {
  const L = dims.length - 1, phone = width < 640;
  const cols = dims.map((n, l) => (l === 0 && photos ? 1 : n));
  const most = Math.max(...cols);
  const left = photos ? 0 : 44;                        // room for the inputs' names
  // a column's height at most: on a phone about the width (the page goes on below it)
  const room = phone ? Math.round(0.7 * width) : 720;
  const fromWidth = (width - left) / (2.3 * (L + 1));
  const fromHeight = phone ? room / (1.35 * most) : 520 / most;
  const node = Math.round(Math.max(phone ? 22 : 12, Math.min(52, fromWidth, fromHeight)));
  const gap = Math.max(6, Math.round(node * 0.35));
  const cap = Math.max(2, Math.floor((room + gap) / (node + gap)));
  const drawn = cols.map((n) => (n > cap ? cap - 1 : n));
  const slots = cols.map((n, l) => drawn[l] + (n > drawn[l] ? 1 : 0));
  const tall = Math.max(...slots);
  const colW = Math.max(node * 2.3, (width - left - node) / L);
  return { node, gap, colW, left, cols, drawn, slots,
    height: tall * node + (tall - 1) * gap + 20,
    width: Math.max(width, Math.round(left + node + L * colW)) };
}

Object.assign(View.prototype, {
  // The DOM of the graph for the run's shape, made again when the shape or the width changes.
  graphBuild() {
    const g = this.g, s = g.setup, box = this.graphBox;
    const width = Math.max(this.graphWidth || box.clientWidth, GRAPH_MIN_WIDTH);
    const key = JSON.stringify([s.dims, s.inputs, s.first]);    // the run's shape
    if (g.key === key) return;
    g.key = key;
    g.width = width;
    box.replaceChildren();
    const dims = s.dims, L = dims.length - 1, photos = s.first !== "drawn";
    const lay = graphLayout(dims, photos, width), node = lay.node;
    el("div", { class: "nnl-side-title" }, box, "The network, as it learns");
    el("div", { class: "nnl-note" }, box, "Lines: the weights, blue for positive and orange for "
      + "negative, as thick as |w|. Each unit shows its activation a over the plane (2-D data) "
      + "or its W1 picture (photos); the bar on its left is its bias b. Hover or tap a unit.");
    const wrap = el("div", { class: "nnl-graph", "data-testid": "live-graph" }, box);
    wrap.style.height = lay.height + "px";
    wrap.style.width = lay.width + "px";
    const svg = svgEl("svg", { class: "nnl-edges", width: String(lay.width),
      height: String(lay.height) }, wrap);
    const pos = (l, j) => {              // the top-left corner of box j of column l
      const n = lay.slots[l], top = (lay.height - 14 - (n * node + (n - 1) * lay.gap)) / 2;
      return [Math.round(lay.left + l * lay.colW), Math.round(top + j * (node + lay.gap))];
    };
    const place = (b, l, j) => {
      const [x, y] = pos(l, j);
      Object.assign(b.style, { left: x + "px", top: y + "px", width: node + "px", height: node + "px" });
    };
    g.node = node;
    g.nodes = [];                        // per layer l >= 1: [{box, canvas, bias, badge}], drawn
    g.edges = [];                        // [[path, offset in the weight vector]]
    g.biasAt = [];                       // per layer l >= 1: offset of b[l] in the weight vector
    g.unitAt = [];                       // per layer l >= 1: index of its unit 0 among all units
    let off = 0, u = 0;
    for (let l = 1; l <= L; l++) {
      const n = dims[l], nPrev = dims[l - 1];
      if (l > 1 || !photos) {
        for (let j = 0; j < lay.drawn[l]; j++) {
          for (let i = 0; i < lay.drawn[l - 1]; i++) {
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
      g.unitAt[l] = u;
      off += n;
      u += n;
    }
    g.P = off;
    const more = (l) => {                // the mark for a column's units not drawn
      const k = lay.cols[l] - lay.drawn[l];
      if (!k) return;
      const what = l === 0 ? "inputs" : `units of layer ${l}`;
      const b = el("div", { class: "nnl-more", "data-testid": "live-unit-more",
        "data-layer": String(l), "data-more": String(k),
        title: `${k} more ${what}, not drawn: no room for them at this width. `
          + "Their weights are still learned, and counted in the formulas." }, wrap, `+${k} more`);
      place(b, l, lay.drawn[l]);
      Object.assign(b.style, { width: "auto", minWidth: node + "px" });   // its words on one line
    };
    const inLabels = s.inputs;
    g.inputNodes = [];
    for (let i = 0; i < lay.drawn[0]; i++) {
      const b = el("div", { class: "nnl-unit nnl-input" + (photos ? " nnl-pixels" : ""),
        "data-testid": "live-input", title: inLabels[i] }, wrap);
      place(b, 0, i);
      if (photos) {                      // one box of words: large enough to read them
        const side = Math.max(node, 56), [x, y] = pos(0, i);
        Object.assign(b.style, { left: x + "px", top: Math.round(y - (side - node) / 2) + "px",
          width: side + "px", height: side + "px" });
      }
      const cv = photos ? null : el("canvas", { width: String(s.grid), height: String(s.grid) }, b);
      el("span", { class: "nnl-unit-label" }, b, inLabels[i]);
      g.inputNodes.push({ box: b, canvas: cv });
    }
    more(0);
    for (let l = 1; l <= L; l++) {
      g.nodes[l] = [];
      for (let j = 0; j < lay.drawn[l]; j++) {
        const b = el("div", { class: "nnl-unit", "data-testid": "live-unit", tabindex: "0",
          "data-layer": String(l), "data-unit": String(j),
          "aria-label": `Layer ${l}, unit ${j + 1}` }, wrap);
        place(b, l, j);
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
      more(l);
    }
    if (photos) {
      el("div", { class: "nnl-graph-note", "data-testid": "live-graph-summary" }, box, s.summary);
    }
    g.card = this.graphCardBox;
    if (g.focus && g.nodes[g.focus[0]] && g.nodes[g.focus[0]][g.focus[1]]) {
      g.nodes[g.focus[0]][g.focus[1]].box.classList.add("nnl-focus");
    } else this.graphFocus(null);
    g.shownW = g.shownU = null;
    if (g.inputs) this.graphInputs();
  },
});
