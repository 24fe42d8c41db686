// The live view: the browser animates a run the server computed ahead (nn_ui/live_view).
//
// Streamlit calls the default export at the first render and again each time the page sends
// new data (same parentElement): the view is made once per element and kept in VIEWS, so a
// fragment rerun that brings the next chunk never re-creates the chart (no flicker).
// Data in: bytes (chunks.message): a JSON header (the page's control fields, and a chunk's
// meta) and the chunk's arrays, deflated. Events out (trigger "request"): the iteration the
// browser has data up to (have), the one it shows (reached), and a new α from its α control
// (the page goes on from reached with it and answers with the first chunk, one round trip).

const VIEWS = new WeakMap();
const BY_NAME = new Map();          // the page's name for a view -> the view showing it now
const COLORS = ["#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#F59F00", "#0CA678", "#D6336C"];
const TRAIN_COLORS = COLORS.filter((c, k) => k !== 1);   // the live view's test set is COLORS[1]
const LOOKAHEAD_SECONDS = 3;      // ask for the next chunk when less than this is left to show
const REQUEST_GAP_MS = 1000;      // at most one request a second (a retry after 4 s)
const CHART_GAP_MS = 40;          // the chart is redrawn at most 25 times a second

// Plotly.js, served by the app gzipped (nn_ui/live_view/plotly_js.py): inflated here and run
// as a script once per page (window.Plotly).
function loadPlotly() {
  if (!window.__nnPlotly) {
    window.__nnPlotly = window.Plotly ? Promise.resolve(window.Plotly) : (async () => {
      const r = await fetch(new URL("app/static/plotly.min.js.gz", document.baseURI).href);
      if (!r.ok) throw new Error(`plotly.min.js.gz: ${r.status}`);
      const code = await new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).text();
      const s = document.createElement("script");
      s.textContent = code;
      document.head.appendChild(s);
      if (!window.Plotly) throw new Error("plotly.min.js.gz did not define Plotly");
      return window.Plotly;
    })();
    window.__nnPlotly.catch(() => { window.__nnPlotly = null; });
  }
  return window.__nnPlotly;
}

async function readMessage(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const n = dv.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(4, 4 + n)));
  const arrays = {};
  const chunk = header.chunk;
  if (chunk) {
    const start = 4 + n + ((8 - ((4 + n) % 8)) % 8);
    const stream = new Blob([u8.subarray(start)]).stream()
      .pipeThrough(new DecompressionStream("deflate"));
    const body = await new Response(stream).arrayBuffer();
    for (const [name, [dtype, offset, count, shape]] of Object.entries(chunk.blobs)) {
      const T = dtype === "f4" ? Float32Array : dtype === "u4" ? Uint32Array : Uint8Array;
      arrays[name] = new T(body, offset, count);
      arrays[name].shape = shape;
    }
  }
  return { header, arrays };
}

// The index of the last of n entries, sorted by iteration (at(k)), at or before iteration i;
// -1 when there is none.
function lastAtOrBefore(n, at, i) {
  let lo = 0, hi = n - 1, best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= i) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return best;
}

// One animation frame of a playing view (View or RaceView): the iteration shown moves on at
// the chosen speed, up to the last one with data (view.top), and the next chunk is asked for
// when less than LOOKAHEAD_SECONDS of animation is left (at most one request every
// REQUEST_GAP_MS, or every starvedGap ms when nothing is left to show; a retry after 4 s).
// True when the run is complete and shown to its end.
function playFrame(view, ts, now, complete, starvedGap) {
  const speed = +view.speedSel.value, top = view.top;
  const dt = view.lastTs === null ? 0 : Math.min((ts - view.lastTs) / 1000, 0.25);
  view.shown = speed === 0 ? top : Math.min(view.shown + speed * dt, top);
  const left = speed === 0 ? 0 : (top - view.shown) / speed;
  const stale = view.pending && now - view.pending[0] > 4000;
  const gap = view.shown >= top ? starvedGap : REQUEST_GAP_MS;
  if (!complete && left < LOOKAHEAD_SECONDS && (!view.pending || stale)
      && (!view.lastAsk || now - view.lastAsk >= gap)) {
    view.lastAsk = now;
    view.send({ want: true });
  }
  return view.shown >= top && complete;
}

function el(tag, attrs, parent, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function fmtInt(i) { return Math.floor(i).toLocaleString("en-US"); }
function fmtAlpha(a) { return a < 1 ? String(+a.toFixed(5)) : String(a); }
function pct(x) { return Number.isFinite(x) ? (100 * x).toFixed(1) + " %" : "–"; }

class View {
  constructor(parent, setTriggerValue) {
    this.trigger = setTriggerValue;
    this.parent = parent;
  }

  build(header) {                   // the DOM, made with the first data (none before it)
    for (const old of Array.from(this.parent.children)) {
      if (old.classList && old.classList.contains("nnl")) old.remove();   // a view gone before
    }
    this.root = el("div", { class: "nnl", "data-testid": "live-view" }, this.parent);
    const bar = el("div", { class: "nnl-bar" }, this.root);
    this.playBtn = el("button", { class: "nnl-btn nnl-primary", "data-testid": "live-play" }, bar, "▶ Play");
    this.pauseBtn = el("button", { class: "nnl-btn", "data-testid": "live-pause" }, bar, "❚❚ Pause");
    this.stepBtn = el("button", { class: "nnl-btn", "data-testid": "live-step",
      title: "One iteration: forward, cost, backward, update." }, bar, "+1 Step");
    this.resetBtn = el("button", { class: "nnl-btn", "data-testid": "live-reset",
      title: "A new network with the same settings, from iteration 0." }, bar, "Reset");
    const sp = el("label", { class: "nnl-speed" }, bar, "Speed ");
    this.speedSel = el("select", { "data-testid": "live-speed" }, sp);
    for (const [v, t] of header.speeds) el("option", { value: String(v) }, this.speedSel, t);
    this.speedSel.value = String(header.speed);
    const lg = el("label", { class: "nnl-log" }, bar);
    this.logBox = el("input", { type: "checkbox", "data-testid": "live-log" }, lg);
    lg.appendChild(document.createTextNode(" log scale"));
    const al = el("label", { class: "nnl-alpha", title: "W := W − α · dW. Change it while the "
      + "network learns: the run goes on from the iteration shown with the new α." }, bar,
    "Learning rate α ");
    this.alphaIn = el("input", { type: "range", min: "0", max: String(header.alphas.length - 1),
      step: "1", "data-testid": "live-alpha", "aria-label": "Learning rate α" }, al);
    this.alphaOut = el("span", { class: "nnl-alpha-value", "data-testid": "live-alpha-value" }, al);
    this.alphaWanted = null;        // the α chosen, until the page's data has it
    this.alphaSent = null;          // the α of the request in flight, sent at alphaSentAt
    this.alphaSentAt = null;
    this.alphaDrag = false;

    const m = el("div", { class: "nnl-metrics" }, this.root);
    const metric = (label, id) => {
      const box = el("div", { class: "nnl-metric" }, m);
      const l = el("div", { class: "nnl-label" }, box, label);
      return [l, el("div", { class: "nnl-value", "data-testid": id }, box, "–")];
    };
    [this.itLabel, this.itValue] = metric("Iteration", "live-iteration");
    [, this.costValue] = metric("Cost J", "live-cost-value");
    [, this.accValue] = metric("Train accuracy", "live-train-accuracy");
    [, this.testValue] = metric("Test accuracy", "live-test-accuracy");
    [, this.msValue] = metric("ms per iteration", "live-ms");
    this.status = el("div", { class: "nnl-status", "data-testid": "live-status" }, this.root);

    const grid = el("div", { class: "nnl-grid" }, this.root);
    this.chartBox = el("div", { class: "nnl-chart", "data-testid": "live-cost" }, grid);
    const side = el("div", { class: "nnl-side" }, grid);
    this.sideTitle = el("div", { class: "nnl-side-title" }, side);
    this.canvas = el("canvas", { class: "nnl-canvas", "data-testid": "live-picture" }, side);
    this.sideNote = el("div", { class: "nnl-note" }, side);

    this.playing = false;
    this.shown = 0;                 // the iteration shown (fractional while animating)
    this.lastTs = null;
    this.reset(null);
    this.playBtn.onclick = () => this.play();
    this.pauseBtn.onclick = () => this.pause();
    this.stepBtn.onclick = () => this.step();
    this.resetBtn.onclick = () => { this.pause(); this.send({ reset: true }); };
    this.speedSel.onchange = () => { this.lastTs = null; };
    const alphaAt = () => this.header.alphas[+this.alphaIn.value] || this.header.alphas[0];
    this.alphaIn.onpointerdown = () => { this.alphaDrag = true; };
    this.alphaIn.onpointerup = this.alphaIn.onpointercancel = () => { this.alphaDrag = false; };
    this.alphaIn.oninput = () => { this.alphaOut.textContent = alphaAt()[1]; };
    this.alphaIn.onchange = () => { this.alphaDrag = false; this.changeAlpha(alphaAt()[0]); };
    this.logBox.onchange = () => { this.chartDirty = true; this.layoutDirty = true; };
    this.frame = this.frame.bind(this);
    this.raf = requestAnimationFrame(this.frame);
    loadPlotly().then((P) => { this.Plotly = P; this.chartDirty = this.layoutDirty = true; })
      .catch(() => { this.chartBox.textContent = "The chart library could not be loaded."; });
  }

  reset(header) {
    this.run = header ? header.run : null;
    this.epoch = header ? header.epoch : 0;
    this.costs = new Float32Array(0);
    this.accs = new Float32Array(0);
    this.end = -1;                  // data known for iterations 0..end
    this.tests = [];                // [[iteration, J, accuracy]], sorted
    this.frames = [];               // [[iteration, Uint8Array]], sorted
    this.ms = [];
    this.setup = null;
    this.points = null;
    this.final = null;              // the chunk meta that ended the run (diverged), if any
    this.shown = 0;
    this.playing = false;
    this.pending = null;            // a request sent and not yet answered: [time, what]
    this.shownFrame = -1;
    this.chartDirty = this.layoutDirty = true;
    this.lastChart = 0;
    this.stepWanted = false;
  }

  send(what) {
    this.seq = (this.seq || 0) + 1;
    this.pending = [performance.now(), what];
    this.trigger("request", Object.assign({ run: this.run, epoch: this.epoch,
      have: this.end, reached: Math.floor(this.shown), seq: this.seq }, what));
  }

  showAlpha(a) {                   // the α control at a (one of header.alphas)
    const k = this.header.alphas.findIndex((x) => x[0] === a);
    if (k < 0) return;
    this.alphaIn.value = String(k);
    this.alphaOut.textContent = this.header.alphas[k][1];
  }

  changeAlpha(a) {                  // α moved: the run goes on from the iteration shown
    const now = this.alphaWanted !== null ? this.alphaWanted : this.header.alpha;
    if (a === now) return;
    this.alphaWanted = a;
    if (this.alphaSentAt === null) this.sendAlpha();   // else when the one in flight is answered
  }

  sendAlpha() {                     // one α request in flight at most (a key held down)
    if (!(this.final && this.shown >= this.end)) {   // a diverged run shown to its end keeps it
      this.truncate(Math.min(Math.floor(this.shown), Math.max(this.end, 0)));
    }
    this.alphaSent = this.alphaWanted;
    this.alphaSentAt = performance.now();
    this.send({ alpha: this.alphaSent, want: this.playing });
    this.chartDirty = true;
    this.lastShown = null;
  }

  get complete() {
    return this.final !== null || this.end >= this.target;
  }

  get top() {                       // the last iteration that may be shown: never past the target
    return Math.min(Math.max(this.end, 0), this.target);
  }

  async update(data) {
    const { header, arrays } = await readMessage(data);
    if (this.dead) return;
    const other = BY_NAME.get(header.view);
    if (other && other !== this) {  // the element drawn again elsewhere: one view of it only
      other.destroy();
      if (other.root) other.root.remove();
    }
    if (!this.root) this.build(header);
    BY_NAME.set(header.view, this);
    if (header.run !== this.run) this.reset(header);
    this.header = header;
    this.target = header.target;
    if (this.alphaSentAt !== null && header.alpha === this.alphaSent) this.alphaSentAt = null;
    if (this.alphaWanted !== null && header.alpha === this.alphaWanted) this.alphaWanted = null;
    if (this.alphaWanted === null && !this.alphaDrag) this.showAlpha(header.alpha);
    const c = header.chunk;
    if (c && header.epoch >= this.epoch && c.start <= this.end + 1) {
      const fresh = this.end < 0;
      this.epoch = header.epoch;
      this.append(c, arrays);
      this.pending = null;
      if (fresh && header.at) this.shown = Math.min(header.at, this.top);   // where it was
    } else if (c && header.epoch === this.epoch && c.start > this.end + 1) {
      this.pending = null;          // a gap: ask again from what is here
    }
    if (header.chunk === null && this.pending && this.pending[1].reset) this.pending = null;
    // the server was busy (no compute slot): ask again after REQUEST_GAP_MS, not 4 s later
    if (!c && header.busy && this.pending && this.pending[1].want) this.pending = null;
    if (this.end < 0 && !c && !this.pending) this.send({ want: false });   // a new view: its data
    this.chartDirty = this.layoutDirty = true;
    this.lastShown = null;          // metrics and status drawn again at the next frame
    this.drawStatic();
  }

  truncate(i) {
    if (this.end > i) {
      this.end = i;
      this.costs = this.costs.slice(0, i + 1);
      this.accs = this.accs.slice(0, i + 1);
      this.tests = this.tests.filter((t) => t[0] <= i);
      this.frames = this.frames.filter((f) => f[0] <= i);
      this.ms = this.ms.filter((m) => m[0] <= i);
    }
    this.final = null;
    this.shown = Math.min(this.shown, i);
  }

  append(c, a) {
    const start = c.start;
    if (start === 0 || !this.setup) this.setup = c.setup;
    if (a.points) this.points = [a.points, a.labels];
    this.truncate(start);
    const n = c.end + 1;
    const grow = (old, add) => {
      const out = new Float32Array(n);
      out.set(old.subarray(0, start));
      out.set(add, start);
      return out;
    };
    this.costs = grow(this.costs, a.costs);
    this.accs = grow(this.accs, a.accs);
    this.end = c.end;
    for (let k = 0; k < a.test_it.length; k++) {
      this.tests.push([a.test_it[k], a.test_cost[k], a.test_acc[k]]);
    }
    const F = a.frame_it.length;
    if (F) {
      const size = a.frames.length / F;
      let prev = null;
      for (let k = 0; k < F; k++) {
        const f = a.frames.slice(k * size, (k + 1) * size);
        if (prev) for (let j = 0; j < size; j++) f[j] = (f[j] + prev[j]) & 255;
        this.frames.push([a.frame_it[k], f]);
        prev = f;
      }
    }
    this.ms.push(...c.ms);
    this.stretches = c.stretches;
    this.final = c.diverged ? c : null;
    if (this.stepWanted && this.top > Math.floor(this.shown)) {
      this.stepWanted = false;
      this.shown = Math.floor(this.shown) + 1;
      setTimeout(() => this.stopped(), 0);
    }
  }

  play() {
    if (this.complete && this.shown >= this.top) return;
    this.playing = true;
    this.lastTs = null;
    this.drawStatic();
    // a phone: the curve comes up into the screen, the buttons above it stay in view
    // (again once the page has drawn the answer to Play: a rerun may move the chart)
    if (window.innerWidth < 640) {
      const show = () => this.chartBox.scrollIntoView({ block: "nearest" });
      show();
      setTimeout(show, 700);
    }
  }

  pause(report = true) {
    const was = this.playing;
    this.playing = false;
    this.shown = Math.floor(this.shown);
    this.drawStatic();
    if (was && report) this.stopped();
  }

  stopped() {                       // tell the page where the run stopped (its runs, saved)
    this.send({ stop: true, want: false });
    this.pending = null;
  }

  step() {
    this.pause(false);
    const i = Math.floor(this.shown);
    if (i < this.top) { this.shown = i + 1; this.stopped(); }
    else if (!this.complete) { this.stepWanted = true; this.send({ want: true }); }
    this.drawStatic();
  }

  frame(ts) {
    if (this.dead) return;
    this.raf = requestAnimationFrame(this.frame);
    if (!this.header) return;
    const now = performance.now();
    if (this.alphaWanted !== null && (this.alphaSentAt === null
        || now - this.alphaSentAt > 2 * REQUEST_GAP_MS)) {
      this.sendAlpha();             // the α moved again meanwhile, or a request was lost
    }
    if (this.playing && playFrame(this, ts, now, this.complete, REQUEST_GAP_MS)) {
      this.shown = this.top;
      this.pause(false);
    }
    this.lastTs = ts;
    this.drawDynamic(now);
  }

  drawStatic() {
    const i = Math.floor(this.shown);
    const atEnd = this.complete && i >= this.top;
    this.playBtn.disabled = this.playing || atEnd;
    this.pauseBtn.disabled = !this.playing;
    this.stepBtn.disabled = this.playing || atEnd;
  }

  drawDynamic(now) {
    const i = Math.min(Math.floor(this.shown), this.top);
    if (i !== this.lastShown) {
      this.lastShown = i;
      this.chartDirty = true;
      this.itLabel.textContent = `Iteration (of ${fmtInt(this.target)})`;
      this.itValue.textContent = fmtInt(i);
      const J = this.end >= 0 ? this.costs[i] : NaN;
      this.costValue.textContent = Number.isFinite(J) ? J.toFixed(4) : "–";
      this.accValue.textContent = this.end >= 0 ? pct(this.accs[i]) : "–";
      const t = this.lastBefore(this.tests, i);
      this.testValue.textContent = t ? pct(t[2]) : "–";
      const ms = this.ms.find((m) => m[0] >= i);
      this.msValue.textContent = i > 0 && ms ? ms[1].toFixed(3) : "–";
      this.drawStatus(i);
      this.drawStatic();
    }
    const f = this.lastBefore(this.frames, i);
    if (f && f[0] !== this.shownFrame) { this.shownFrame = f[0]; this.drawPicture(f[1]); }
    if (this.Plotly && this.chartDirty && now - this.lastChart >= CHART_GAP_MS) {
      this.lastChart = now;
      this.chartDirty = false;
      this.drawChart(i);
    }
  }

  lastBefore(list, i) {             // the last [iteration, ...] entry at or before i, or null
    const j = lastAtOrBefore(list.length, (k) => list[k][0], i);
    return j < 0 ? null : list[j];
  }

  drawStatus(i) {
    const h = this.header;
    let text = "", cls = "nnl-status";
    if (this.final && i >= this.end) {
      text = divergedSentence(this.final, this.end);
      cls += " nnl-bad";
    } else if (this.end >= this.target && i >= this.target) {
      text = `Done: ${fmtInt(i)} iterations. Raise Iterations to train on, or change α, or the network, and compare on the Cost curves page.` + doneAdvice(this.accs[i]);
      cls += " nnl-good";
    } else if (this.playing && i >= this.end && !this.complete) {
      text = h.busy || "Computing the next iterations…";
    } else if (h.note) {
      text = h.note;
    }
    this.status.className = cls;
    this.status.textContent = text;
  }

  drawPicture(frame) {
    const s = this.setup;
    if (!s) return;
    const cv = this.canvas;
    if (s.kind === "pictures") {
      const [hgt, wid] = s.shape;
      const ch = s.shape.length === 3 ? 3 : 1;
      const n = s.drawn, cols = Math.min(4, n), rows = Math.ceil(n / cols), gap = 6;
      cv.width = cols * wid + (cols - 1) * gap;
      cv.height = rows * hgt + (rows - 1) * gap;
      const ctx = cv.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, cv.width, cv.height);
      for (let u = 0; u < n; u++) {
        const img = ctx.createImageData(wid, hgt);
        const off = u * hgt * wid * ch;
        for (let p = 0; p < hgt * wid; p++) {
          for (let k = 0; k < 3; k++) img.data[4 * p + k] = frame[off + p * ch + (ch === 3 ? k : 0)];
          img.data[4 * p + 3] = 255;
        }
        ctx.putImageData(img, (u % cols) * (wid + gap), Math.floor(u / cols) * (hgt + gap));
      }
      this.sideTitle.textContent = "W1, drawn as photos: one per hidden unit";
      this.sideNote.textContent = (s.units > s.drawn
        ? `The first ${s.drawn} of the ${s.units} hidden units are drawn. ` : "")
        + "Each picture is one hidden unit's row of W1, its weights from the most negative "
        + "(dark) to the most positive (bright). A photo that looks like a unit's picture makes "
        + "its Z1 = W1·x + b1 large, and A1 = g(Z1) fires.";
    } else {
      const G = s.grid, scale = 6;
      cv.width = cv.height = G * scale;
      const ctx = cv.getContext("2d");
      const img = ctx.createImageData(G, G);
      const lo = [255, 216, 168], mid = [255, 255, 255], hi = [165, 216, 255];
      for (let r = 0; r < G; r++) {
        for (let c = 0; c < G; c++) {
          const v = frame[r * G + c] / 255;
          const [a, b, t] = v < 0.5 ? [lo, mid, v * 2] : [mid, hi, v * 2 - 1];
          const p = 4 * ((G - 1 - r) * G + c);      // row 0 of the grid is the lowest y
          for (let k = 0; k < 3; k++) img.data[p + k] = a[k] + (b[k] - a[k]) * t;
          img.data[p + 3] = 255;
        }
      }
      const tmp = document.createElement("canvas");
      tmp.width = tmp.height = G;
      tmp.getContext("2d").putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, G * scale, G * scale);
      if (this.points) {
        const [X, Y] = this.points, m = Y.length, [x0, x1, y0, y1] = s.extent;
        for (let j = 0; j < m; j++) {
          const px = (X[j] - x0) / (x1 - x0) * G * scale;
          const py = (1 - (X[m + j] - y0) / (y1 - y0)) * G * scale;
          ctx.beginPath();
          ctx.arc(px, py, 3.5, 0, 2 * Math.PI);
          ctx.fillStyle = Y[j] ? "#1C7ED6" : "#E8590C";
          ctx.fill();
          ctx.strokeStyle = "#fff";
          ctx.stroke();
        }
      }
      this.sideTitle.textContent = "Decision boundary";
      this.sideNote.textContent = "Background: the network's P(class 1) at each point (orange "
        + "near 0, blue near 1). Points: the training examples.";
    }
  }

  drawChart(i) {
    const P = this.Plotly;
    const traces = [];
    const st = this.stretches || (this.header.stretches || []);
    const n = Math.min(i, Math.max(this.end, 0)) + 1;
    const bounds = st.map((s) => s[0]).concat([Infinity]);
    const colour = new Map();       // one colour and one legend entry an α (not the test set's)
    for (let k = 0; k < Math.max(st.length, 1); k++) {
      const a = st.length ? st[k][0] : 0, b = Math.min(bounds[k + 1] || Infinity, n - 1);
      if (a > n - 1 && k > 0) break;
      const x = new Float32Array(Math.max(b - a + 1, 0));
      for (let j = 0; j < x.length; j++) x[j] = a + j;
      const alpha = st.length ? st[k][1] : null, first = !colour.has(alpha);
      if (first) colour.set(alpha, TRAIN_COLORS[colour.size % TRAIN_COLORS.length]);
      traces.push({ x, y: this.costs.subarray(a, b + 1), type: "scatter", mode: "lines",
        name: "training set" + (st.length > 1 ? ` · α ${fmtAlpha(alpha)}` : ""),
        legendgroup: String(alpha), showlegend: first,
        line: { color: colour.get(alpha), width: 2.5 },
        hovertemplate: "iteration %{x}<br>J = %{y:.4f}<extra></extra>" });
    }
    const tests = this.tests.filter((t) => t[0] <= i);
    if (tests.length) {
      traces.push({ x: tests.map((t) => t[0]), y: tests.map((t) => t[1]), type: "scatter",
        mode: "lines", name: "test set", line: { color: COLORS[1], width: 2, dash: "dot" },
        hovertemplate: "iteration %{x}<br>test J = %{y:.4f}<extra></extra>" });
    }
    const gone = this.final && i >= this.end ? divergedPoint(this.final, this.end, this.costs) : null;
    if (gone) traces.push(...gone.traces);
    // the α of each stretch: all of them, or the first two and the last when there are more
    const named = st.map((s) => "α " + fmtAlpha(s[1]));
    const alphas = (named.length > 3 ? [named[0], named[1], "…", named[named.length - 1]]
      : named).join(" → ");
    const layout = {
      title: { text: `Cost J · ${alphas}`, font: { size: 16 }, x: 0.02, xanchor: "left" },
      margin: { l: 55, r: 10, t: 40, b: 40 }, height: this.chartHeight(),
      // ticks outside, as in the app's other charts: the "0" of each axis apart at the corner
      xaxis: { title: { text: "iteration" }, range: [0, Math.max(this.target, 1)], zeroline: false,
        ticks: "outside" },
      yaxis: { title: { text: "cost J" }, type: this.logBox.checked ? "log" : "linear",
        rangemode: "tozero", zeroline: false, ticks: "outside" },
      legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom",
        bgcolor: "rgba(255,255,255,0)" },
      showlegend: traces.length > 1, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
      font: { family: "sans-serif", size: 13, color: "#212529" }, uirevision: "keep",
    };
    // the y axis holds every curve it shows: the training and test costs, the diverged point
    layout.yaxis.range = costRange(this.costs, this.tests, gone ? gone.y : null, this.logBox.checked);
    layout.yaxis.autorange = false;
    if (this.final) layout.xaxis.range = [0, Math.max(this.end + 1, 1) * 1.25];   // its last steps
    if (this.final && this.end < 8) layout.xaxis.dtick = 1;      // whole iterations only
    if (gone) layout.annotations = [gone.note];
    const narrow = window.innerWidth < 640;
    if (narrow || colour.size > 1) {  // a phone, or an entry an α: the legend under the axis,
      const entries = traces.filter((t) => t.showlegend !== false).length;   // the plot as tall
      const rows = Math.ceil(entries / Math.max(1, Math.floor(this.chartBox.clientWidth / 190)));
      const plot = layout.height - layout.margin.t - layout.margin.b;
      layout.legend = { orientation: "h", x: 0, y: -68 / plot, yanchor: "top" };
      layout.margin.b += 32 + 21 * rows;
      layout.height += 32 + 21 * rows;
    }
    P.react(this.chartBox, traces, layout, { displaylogo: false, responsive: true,
      displayModeBar: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"] });
  }

  chartHeight() {
    // the whole curve in view without scrolling: what is left of the window under the chart's
    // top (measured with the page scrolled to its top), 230 to 420 px
    const main = document.querySelector('[data-testid="stMain"]');
    const top = this.chartBox.getBoundingClientRect().top + (main ? main.scrollTop : 0);
    const left = window.innerHeight - top - 24;
    const narrow = window.innerWidth < 640;
    return Math.round(Math.max(230, Math.min(420, narrow ? window.innerHeight * 0.45 : left)));
  }

  destroy() {
    this.dead = true;
    if (BY_NAME.get(this.header && this.header.view) === this) BY_NAME.delete(this.header.view);
    cancelAnimationFrame(this.raf);
    if (this.Plotly && this.chartBox) this.Plotly.purge(this.chartBox);
    if (this.root) this.root.remove();
  }
}

// ----- the race of experiments 1-4: K networks, their cost curves and key numbers ---------------
// Data in: a chunk holds costs (K, n) for the iterations start..end-1, and each network's key
// number (metric (K, T) at the iterations metric_it). "end" counts the updates done: at
// iteration i the curves show J after 0..i-1 updates. Events out: the next chunk (want), and
// the race's end once shown (done), so that the page draws its other figures.

function fmtMetric(v, format) {
  if (!Number.isFinite(v)) return "–";
  return format === "pct" ? Math.round(100 * v) + " %" : v.toExponential(1);
}

class RaceView {
  constructor(parent, setTriggerValue) {
    this.trigger = setTriggerValue;
    this.parent = parent;
  }

  build(h) {
    for (const old of Array.from(this.parent.children)) {
      if (old.classList && old.classList.contains("nnl")) old.remove();
    }
    this.root = el("div", { class: "nnl nnl-race", "data-testid": "race-view" }, this.parent);
    const bar = el("div", { class: "nnl-bar" }, this.root);
    this.playBtn = el("button", { class: "nnl-btn nnl-primary", "data-testid": "live-play" }, bar, "▶ Play");
    this.pauseBtn = el("button", { class: "nnl-btn", "data-testid": "live-pause" }, bar, "❚❚ Pause");
    const sp = el("label", { class: "nnl-speed" }, bar, "Speed ");
    this.speedSel = el("select", { "data-testid": "live-speed" }, sp);
    for (const [v, t] of h.speeds) el("option", { value: String(v) }, this.speedSel, t);
    this.speedSel.value = String(h.speed);
    // the iteration and the status in the bar: the key result right under it, in view
    const at = el("span", { class: "nnl-at" }, bar, "Iteration ");
    this.itValue = el("b", { "data-testid": "live-iteration" }, at, "–");
    this.itOf = el("span", {}, at, "");
    this.status = el("span", { class: "nnl-status", "data-testid": "live-status" }, bar);
    // the key numbers first when they are the key result (a chart of them comes with them),
    // else the cost chart first and the numbers under it
    const numbersFirst = !!h.metric.chart;
    if (numbersFirst) this.metricsBox = el("div", { class: "nnl-metrics nnl-race-metrics" }, this.root);
    this.metricChart = el("div", { class: "nnl-chart", "data-testid": "race-metric-chart" }, this.root);
    this.chartBox = el("div", { class: "nnl-chart", "data-testid": "live-cost" }, this.root);
    if (!numbersFirst) this.metricsBox = el("div", { class: "nnl-metrics nnl-race-metrics" }, this.root);
    this.playBtn.onclick = () => { if (this.shown >= this.top && this.finished) return;
      this.playing = true; this.lastTs = null; this.drawStatic(); };
    this.pauseBtn.onclick = () => { this.playing = false; this.shown = Math.floor(this.shown);
      this.drawStatic(); };
    this.speedSel.onchange = () => { this.lastTs = null; };
    this.frame = this.frame.bind(this);
    this.raf = requestAnimationFrame(this.frame);
    loadPlotly().then((P) => { this.Plotly = P; this.chartDirty = true; })
      .catch(() => { this.chartBox.textContent = "The chart library could not be loaded."; });
  }

  metrics(h) {                      // each network's key number
    this.metricsBox.textContent = "";
    this.netBoxes = h.names.map((name, k) => {
      const b = el("div", { class: "nnl-metric" }, this.metricsBox);
      el("div", { class: "nnl-label", style: `color: ${h.colors[k]}` }, b, `${name}: ${h.metric.label}`);
      const v = el("div", { class: "nnl-value", "data-testid": `race-metric-${k}` }, b, "–");
      return [v, el("div", { class: "nnl-note" }, b, "")];
    });
  }

  reset(h) {
    this.run = h.run;
    const K = h.names.length;
    this.costs = Array.from({ length: K }, () => new Float32Array(0));
    this.metricIt = [];
    this.metric = Array.from({ length: K }, () => []);
    this.end = -1;
    this.stop = new Array(K).fill(null);
    this.statusText = new Array(K).fill("");
    this.finished = false;
    this.shown = 0;
    this.playing = !h.shown;         // a new race plays at once; one seen to its end does not
    this.speedSel.value = String(h.speed);
    this.jumpToEnd = !!h.shown;
    this.lastTs = null;
    this.pending = null;
    this.doneSent = false;
    this.lastShown = null;
    this.chartDirty = true;
    this.metrics(h);
  }

  get top() { return Math.max(this.end, 0); }

  send(what) {
    this.pending = [performance.now(), what];
    this.trigger("request", Object.assign({ run: this.run, have: Math.max(this.end, 0),
      reached: Math.floor(this.shown) }, what));
  }

  async update(data) {
    const { header, arrays } = await readMessage(data);
    if (this.dead) return;
    const other = BY_NAME.get(header.view);
    if (other && other !== this) { other.destroy(); }
    if (!this.root) this.build(header);
    BY_NAME.set(header.view, this);
    if (header.run !== this.run) this.reset(header);
    this.header = header;
    this.target = header.target;
    const c = header.chunk;
    if (c && c.start <= Math.max(this.end, 0)) {
      this.append(c, arrays);
      this.pending = null;
      if (this.jumpToEnd && this.finished) { this.shown = this.top; this.jumpToEnd = false; }
    } else if (c) {
      this.pending = null;          // a gap: ask again from what is here
    }
    if (this.end < 0 && !c && !this.pending) this.send({ want: false });
    this.chartDirty = true;
    this.lastShown = null;
    this.drawStatic();
  }

  append(c, a) {
    const K = this.costs.length, start = c.start, n = c.end - start;
    for (let k = 0; k < K; k++) {
      const out = new Float32Array(c.end);
      out.set(this.costs[k].subarray(0, start));
      out.set(a.costs.subarray(k * n, (k + 1) * n), start);
      this.costs[k] = out;
    }
    const T = a.metric_it.length;
    const last = this.metricIt.length ? this.metricIt[this.metricIt.length - 1] : -1;
    for (let j = 0; j < T; j++) {
      if (a.metric_it[j] <= last) continue;
      this.metricIt.push(a.metric_it[j]);
      for (let k = 0; k < K; k++) this.metric[k].push(a.metric[k * T + j]);
    }
    this.end = c.end;
    this.stop = c.stop;
    this.statusText = c.status;
    this.finished = c.finished;
  }

  frame(ts) {
    if (this.dead) return;
    this.raf = requestAnimationFrame(this.frame);
    if (!this.header) return;
    const now = performance.now();
    // nothing left to show (a heavy race computes slower than it plays): ask twice as often
    if (this.playing && playFrame(this, ts, now, this.finished, REQUEST_GAP_MS / 2)) {
      this.playing = false;
      this.drawStatic();
    }
    this.lastTs = ts;
    if (this.finished && this.shown >= this.top && !this.doneSent && this.end >= 0) {
      this.doneSent = true;         // the race shown to its end: the page draws the rest
      this.send({ done: true, want: false });
    }
    this.drawDynamic(now);
  }

  drawStatic() {
    const atEnd = this.finished && this.shown >= this.top;
    this.playBtn.disabled = this.playing || atEnd;
    this.pauseBtn.disabled = !this.playing;
  }

  drawDynamic(now) {
    const i = Math.floor(Math.min(this.shown, this.top));
    if (i !== this.lastShown) {
      this.lastShown = i;
      this.chartDirty = true;
      const h = this.header;
      this.itValue.textContent = fmtInt(i);
      this.itOf.textContent = ` of ${fmtInt(this.target)}`;
      const j = this.lastIndex(i);
      this.netBoxes.forEach(([v, n], k) => {
        v.textContent = j >= 0 ? fmtMetric(lastFinite(this.metric[k], j), h.metric.format) : "–";
        const gone = this.stop[k] !== null && i >= this.stop[k];
        n.textContent = gone ? this.statusText[k] : "";
        n.className = gone ? "nnl-note nnl-bad" : "nnl-note";
      });
      let text = "", cls = "nnl-status";
      if (this.finished && i >= this.top) {
        text = `Done: ${fmtInt(i)} iterations.`;
        cls += " nnl-good";
      } else if (this.playing && i >= this.end && !this.finished) {
        text = h.busy || "Computing the next iterations…";
      }
      this.status.className = cls;
      this.status.textContent = text;
      this.drawStatic();
    }
    if (this.Plotly && this.chartDirty && now - (this.lastChart || 0) >= CHART_GAP_MS) {
      this.lastChart = now;
      this.chartDirty = false;
      this.drawCharts(i);
    }
  }

  lastIndex(i) {                    // the last metric row at or before iteration i, or -1
    return lastAtOrBefore(this.metricIt.length, (k) => this.metricIt[k], i);
  }

  layout(title, ytitle, log, height, legend) {
    // a phone: the legend under the axis title, an entry a row (21 px each) below the plot
    const narrow = window.innerWidth < 640, rows = legend && narrow ? this.costs.length : 0;
    const plot = height - 40 - 44;
    return {
      title: { text: title, font: { size: 16 }, x: 0.02, xanchor: "left" },
      margin: { l: 60, r: 10, t: 40, b: 44 + (rows ? 16 + 21 * rows : 0) },
      height: height + (rows ? 16 + 21 * rows : 0),
      xaxis: { title: { text: "iterations" }, range: [0, Math.max(this.target, 1)],
        zeroline: false, ticks: "outside" },
      yaxis: { title: { text: ytitle }, type: log ? "log" : "linear", zeroline: false,
        ticks: "outside", exponentformat: "power" },
      legend: narrow ? { orientation: "v", x: 0, xanchor: "left", y: -56 / plot, yanchor: "top" }
        : { orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
      showlegend: !!legend, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
      font: { family: "sans-serif", size: 13, color: "#212529" }, uirevision: "keep",
    };
  }

  drawCharts(i) {
    const P = this.Plotly, h = this.header, K = this.costs.length;
    const config = { displaylogo: false, responsive: true, displayModeBar: false };
    const traces = [];
    let top = 0;
    for (let k = 0; k < K; k++) {
      const all = this.costs[k];
      for (let j = 0; j < all.length; j++) if (Number.isFinite(all[j]) && all[j] > top) top = all[j];
    }
    for (let k = 0; k < K; k++) {
      const n = Math.min(i, this.stop[k] === null ? this.costs[k].length : this.stop[k]);
      const y = this.costs[k].subarray(0, n);
      const x = new Float32Array(n);
      for (let j = 0; j < n; j++) x[j] = j;
      const gone = this.stop[k] !== null && i >= this.stop[k];
      const width = h.stacked ? 3 + 1.5 * (K - 1 - k) : 3;
      traces.push({ x, y, type: "scatter", mode: "lines", name: h.names[k] + (gone ? " · diverged" : ""),
        line: { color: h.colors[k], width },
        hovertemplate: "iteration %{x}<br>J = %{y:.4f}<extra>%{fullData.name}</extra>" });
      if (gone) {                   // a red ✕ where the run left the chart
        let last = n - 1;
        while (last >= 0 && !Number.isFinite(y[last])) last--;
        if (last >= 0) traces.push({ x: [last + 1], y: [y[last]], type: "scatter", mode: "markers",
          showlegend: false, marker: { symbol: "x", size: 14, color: "#C92A2A" },
          hovertemplate: `diverged at iteration ${last + 1}<extra>${h.names[k]}</extra>` });
      }
    }
    const costLayout = this.layout(h.cost_title, "cost J" + (h.log ? " (log scale)" : ""),
      h.log, this.costHeight(), true);
    if (!h.log) { costLayout.yaxis.range = [0, top > 0 ? top * 1.08 : 1]; }
    P.react(this.chartBox, traces, costLayout, config);
    if (h.metric.chart) {
      const j = this.lastIndex(i);
      const mt = [];
      for (let k = 0; k < K; k++) {
        const x = this.metricIt.slice(0, j + 1);
        const y = this.metric[k].slice(0, j + 1).map((v) => (v > 0 ? v : null));
        mt.push({ x, y, type: "scatter", mode: "lines", name: h.names[k],
          line: { color: h.colors[k], width: 3 },
          hovertemplate: "iteration %{x}<br>%{y:.2e}<extra>%{fullData.name}</extra>" });
      }
      P.react(this.metricChart, mt, this.layout(h.metric.chart, h.metric.label + " (log scale)",
        true, 260, true), config);
    } else {
      this.metricChart.style.display = "none";
    }
  }

  costHeight() {
    // a phone: 260 px; else what is left of the window under the chart's top (the page
    // scrolled to its top), 220 to 320 px, so that the whole curve is in view
    if (window.innerWidth < 640) return 260;
    if (this.metricChart.style.display !== "none" && this.header.metric.chart) return 300;
    const main = document.querySelector('[data-testid="stMain"]');
    const top = this.chartBox.getBoundingClientRect().top + (main ? main.scrollTop : 0);
    return Math.round(Math.max(220, Math.min(320, window.innerHeight - top - 16)));
  }

  destroy() {
    this.dead = true;
    if (BY_NAME.get(this.header && this.header.view) === this) BY_NAME.delete(this.header.view);
    cancelAnimationFrame(this.raf);
    if (this.Plotly) { this.Plotly.purge(this.chartBox); this.Plotly.purge(this.metricChart); }
    if (this.root) this.root.remove();
  }
}

function modeOf(data) {             // the header's "mode", read before the (async) update
  const u8 = data instanceof Uint8Array ? data : new Uint8Array(data);
  const n = new DataView(u8.buffer, u8.byteOffset, u8.byteLength).getUint32(0, true);
  return JSON.parse(new TextDecoder().decode(u8.subarray(4, 4 + n))).mode === "race" ? RaceView : View;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let view = VIEWS.get(parentElement);
  if (data && (!view || view.dead)) {
    const Kind = modeOf(data);
    view = new Kind(parentElement, setTriggerValue);
    VIEWS.set(parentElement, view);
  }
  if (!view) return undefined;
  view.trigger = setTriggerValue;
  if (data) view.queue = (view.queue || Promise.resolve()).then(() => view.update(data))
    .catch((e) => { if (view.status) view.status.textContent = "Could not read the data: " + e.message; });
  return () => { view.destroy(); VIEWS.delete(parentElement); };
}
