// The live view of one run (mode "live"): its state, the chunks it keeps, its requests.
// Playing and drawing it: live_play.js, live_draw.js.

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
    this.buildGraph(side);          // the network graph and the boundary's toggles (live_graph.js)

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
    this.graphReset();
  }

  send(what) {
    this.seq = (this.seq || 0) + 1;
    this.pending = [performance.now(), what];
    this.trigger("request", Object.assign({ run: this.run, epoch: this.epoch,
      have: this.end, reached: Math.floor(this.shown), speed: +this.speedSel.value,
      seq: this.seq }, what));
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
    this.answered();
  }

  truncate(i) {
    if (this.end > i) {
      this.end = i;
      this.costs = this.costs.slice(0, i + 1);
      this.accs = this.accs.slice(0, i + 1);
      this.tests = this.tests.filter((t) => t[0] <= i);
      this.frames = this.frames.filter((f) => f[0] <= i);
      this.ms = this.ms.filter((m) => m[0] <= i);
      this.graphTruncate(i);
    }
    this.final = null;
    this.shown = Math.min(this.shown, i);
  }

  append(c, a) {
    const start = c.start;
    if (start === 0 || !this.setup) this.setup = c.setup;
    if (a.points) this.points = [a.points, a.labels];
    if (a.test_points) this.testPoints = [a.test_points, a.test_labels];
    this.truncate(start);
    this.graphAppend(c, a);
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
    const based = F > 0 && a.frame_base && a.frame_base.length > 0;
    const held = based ? this.frames.find((f) => f[0] === a.frame_base[0]) : null;
    if (based && !held) {
      this.frames = [];             // not here (cannot be): no pictures, not wrong ones
    } else if (F) {
      const size = a.frames.length / F;
      let prev = held ? held[1] : null;   // the frame the first is a difference from, if any
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
}
