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
}
