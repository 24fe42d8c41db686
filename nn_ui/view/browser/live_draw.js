// The live view's pictures (W1's rows or the boundary) and its cost chart.

Object.assign(View.prototype, {
  drawPicture(frame) {
    const s = this.setup;
    if (!s) return;
    if (this.drawFocusedUnit(frame)) return;  // a unit of the graph shown large instead
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
          const v = this.sharpen(frame[r * G + c] / 255);
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
      this.drawTestPoints(ctx, G * scale);
    }
  },

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
    notePlot(this, layout);
    P.react(this.chartBox, traces, layout, { displaylogo: false, responsive: true,
      displayModeBar: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"] });
  },

  chartHeight() {
    // the whole curve in view without scrolling: what is left of the window under the chart's
    // top (measured with the page scrolled to its top), 230 to 420 px
    const main = document.querySelector('[data-testid="stMain"]');
    const top = this.chartBox.getBoundingClientRect().top + (main ? main.scrollTop : 0);
    const left = window.innerHeight - top - 24;
    const narrow = window.innerWidth < 640;
    return Math.round(Math.max(230, Math.min(420, narrow ? window.innerHeight * 0.45 : left)));
  },

  destroy() {
    this.dead = true;
    if (BY_NAME.get(this.header && this.header.view) === this) BY_NAME.delete(this.header.view);
    cancelAnimationFrame(this.raf);
    if (this.Plotly && this.chartBox) this.Plotly.purge(this.chartBox);
    if (this.root) this.root.remove();
  },
});
