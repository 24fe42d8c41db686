// The race view playing and drawing: its buttons, its cost and key-number charts.

Object.assign(RaceView.prototype, {
  drawStatic() {
    const atEnd = this.finished && this.shown >= this.top;
    this.playBtn.disabled = this.playing || atEnd;
    this.pauseBtn.disabled = !this.playing;
  },

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
    if (this.Plotly && this.chartDirty && now - (this.lastChart || 0) >= chartGap(this)) {
      this.lastChart = now;
      this.chartDirty = false;
      this.drawCharts(i);
    }
  },

  lastIndex(i) {                    // the last metric row at or before iteration i, or -1
    return lastAtOrBefore(this.metricIt.length, (k) => this.metricIt[k], i);
  },

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
  },

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
    notePlot(this, costLayout);
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
  },

  costHeight() {
    // a phone: 260 px; else what is left of the window under the chart's top (the page
    // scrolled to its top), 220 to 320 px, so that the whole curve is in view
    if (window.innerWidth < 640) return 260;
    if (this.metricChart.style.display !== "none" && this.header.metric.chart) return 300;
    const main = document.querySelector('[data-testid="stMain"]');
    const top = this.chartBox.getBoundingClientRect().top + (main ? main.scrollTop : 0);
    return Math.round(Math.max(220, Math.min(320, window.innerHeight - top - 16)));
  },

  destroy() {
    this.dead = true;
    if (BY_NAME.get(this.header && this.header.view) === this) BY_NAME.delete(this.header.view);
    cancelAnimationFrame(this.raf);
    if (this.Plotly) { this.Plotly.purge(this.chartBox); this.Plotly.purge(this.metricChart); }
    if (this.root) this.root.remove();
  },
});
