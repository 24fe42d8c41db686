// The live view's network graph, drawn: the edges and bias bars at the iteration shown, the
// units' maps and marks, a unit's card (hover or tap) and its map large in the boundary view,
// the boundary's test points and discretised output. Its data and DOM: live_graph.js.

Object.assign(View.prototype, {
  sharpen(v) {                      // P(class 1) in [0, 1], or its class with "discretise"
    return this.discreteBox && this.discreteBox.checked ? (v > 0.5 ? 0.85 : 0.15) : v;
  },

  drawTestPoints(ctx, size) {       // the test set as rings, when asked for
    const on = this.testBox && this.testBox.checked && this.testPoints;
    if (this.togglesBox) this.togglesBox.hidden = !this.setup || this.setup.kind !== "boundary";
    if (!on) return;
    const [X, Y] = this.testPoints, m = Y.length;     // uint8: 0..255 across the extent
    for (let j = 0; j < m; j++) {
      if (X[j] % 255 === 0 || X[m + j] % 255 === 0) continue;   // on or past the border
      ctx.beginPath();
      ctx.arc(X[j] / 255 * size, (1 - X[m + j] / 255) * size, 3.5, 0, 2 * Math.PI);
      ctx.strokeStyle = Y[j] ? "#1C7ED6" : "#E8590C";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.lineWidth = 1;
    this.sideNote.textContent += " Rings: the test points.";
  },

  // The focused unit large in the side view: a hidden unit's map over the plane, or a photo
  // run's first-layer unit's W1 picture (false when none is focused).
  drawFocusedUnit(frame) {
    const g = this.g, s = this.setup;
    if (s && s.kind === "pictures") {
      if (!g || !g.focus || g.focus[0] !== 1 || g.focus[1] >= s.drawn || !frame) return false;
      const j = g.focus[1], small = document.createElement("canvas"), cv = this.canvas;
      this.paintPicture(small, frame, j);
      cv.width = cv.height = 4 * s.shape[0];
      const ctx = cv.getContext("2d");
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, cv.width, cv.height);
      this.sideTitle.textContent = `Layer 1, unit ${j + 1}: its W1 picture`;
      this.sideNote.textContent = "Its 12,288 weights as a photo, from the most negative (dark) "
        + "to the most positive (bright). Tap the unit again, or leave it, for all the pictures.";
      return true;
    }
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

  drawGraph(i) {
    const g = this.g;
    if (!this.graphBox || !g.setup) return;
    // drawn again for another width (a window turned, resized), not for a scrollbar's 15 px
    if (this.graphWidth && Math.abs(Math.max(this.graphWidth, GRAPH_MIN_WIDTH) - g.width) > 32) g.key = null;
    this.graphBuild();
    // the edges at every animation frame: the weights of the iteration shown, fractional while
    // playing (between two kept rows), an attribute written only when its 0.1 px or colour changes
    const x = this.playing ? Math.max(Math.min(this.shown, this.top), 0) : i;
    const w = g.shownW !== x ? this.graphWeights(x) : null;
    if (w && w.length === g.P) {
      g.shownW = x;
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
      g.cardDue = true;
    }
    // the card's numbers at most 10 times a second, and once more after the last change
    if (g.focus && g.cardDue && performance.now() - (g.cardAt || 0) >= CARD_GAP_MS) {
      g.cardDue = false;
      this.graphCard(i, null);
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
    for (let l = 1; l <= L; l++) {
      g.nodes[l].forEach((n, j) => {
        const u = g.unitAt[l] + j;            // among all hidden units (some not drawn)
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

  // The focused unit's map, large, for the side view (null when none is focused or it has none).
  focusedMap(i) {
    const g = this.g;
    if (!g || !g.focus || !g.setup || g.setup.first !== "drawn") return null;
    const [l, j] = g.focus, dims = g.setup.dims, L = dims.length - 1;
    if (l === L) return null;                       // the output: the boundary itself
    const u = g.units, k = lastAtOrBefore(u.length, (q) => u[q][0], i);
    if (k < 0 || !u[k][1]) return null;
    const idx = g.unitAt[l] + j, G = g.setup.grid;
    return [u[k][1].subarray(idx * G * G, (idx + 1) * G * G), u[k][2][idx], u[k][3][idx], G, l, j];
  },
});
