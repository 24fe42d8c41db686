// The network graph's unit card: the hovered or tapped unit's formula with its numbers, its
// mark, and for a photo run its z and a on a training photo the learner picks (the server's
// values, graph_photos.py, at the last kept iteration at or before the one shown). The card's
// DOM is made once per unit focused; its numbers are written when they change.

const ACT_NAMES = { relu: "relu", tanh: "tanh", sigmoid: "σ", leaky_relu: "leaky relu" };

function setText(e, text) { if (e.textContent !== text) e.textContent = text; }

Object.assign(View.prototype, {
  // Unit j of layer l shown large (in the boundary view) with its card (l null: none).
  graphFocus(l, j, pin) {
    const g = this.g;
    g.focus = l === null ? null : [l, j];
    g.pinned = l !== null && pin;
    for (let m = 1; m < (g.nodes || []).length; m++) {
      g.nodes[m].forEach((n, k) => n.box.classList.toggle("nnl-focus", !!g.focus && m === l && k === j));
    }
    if (!g.focus) { g.card.hidden = true; g.cardFor = null; }
    else this.graphCard(Math.floor(this.shown), null);
    this.shownFrame = -1;                // the side view drawn again: the unit, or the boundary
  },

  cardBuild() {                          // the card's elements for the focused unit
    const g = this.g, s = g.setup, [l, j] = g.focus, dims = s.dims, L = dims.length - 1;
    const card = g.card, c = {};
    card.replaceChildren();
    c.act = l === L ? "σ" : ACT_NAMES[s.activation] || s.activation;
    el("div", { class: "nnl-card-title" }, card, l === L ? "The output unit"
      : `Layer ${l}, unit ${j + 1} of ${dims[l]}`);
    c.formula = el("div", { class: "nnl-formula", "data-testid": "live-unit-formula" }, card);
    el("div", { class: "nnl-formula" }, card, `a = ${c.act}(z)` + (l === L ? ": P(class 1)" : ""));
    if (s.photos && g.photos) {
      const p = s.photos, K = p.labels.length;
      c.photoNote = el("div", { class: "nnl-card-note" }, card);
      const row = el("div", { class: "nnl-photos", role: "group", "aria-label": "Training photos" }, card);
      c.picks = [];
      for (let k = 0; k < K; k++) {
        const b = el("button", { class: "nnl-photo", type: "button", "data-testid": "live-photo-pick",
          "data-index": String(k), "data-example": String(p.examples[k]),
          "aria-label": `Training photo ${k + 1}: ${p.labels[k]}` }, row);
        this.paintThumb(el("canvas", {}, b), k);
        el("span", {}, b, p.labels[k]);
        b.onclick = () => { g.photo = k; this.graphCard(Math.floor(this.shown), null); };
        c.picks.push(b);
      }
      c.z = el("div", { class: "nnl-formula", "data-testid": "live-unit-z" }, card);
      c.a = el("div", { class: "nnl-formula", "data-testid": "live-unit-a" }, card);
    }
    c.range = el("div", { class: "nnl-card-note" }, card);
    c.mark = el("div", { class: "nnl-card-note nnl-bad" }, card);
    g.cardEls = c;
    g.cardFor = g.focus.join(",");
  },

  paintThumb(cv, k) {                    // training photo k's thumbnail (uint8 (K, h, w[, 3]))
    const [h, w] = this.g.setup.photos.shape, ch = this.g.setup.photos.shape.length === 3 ? 3 : 1;
    cv.width = w; cv.height = h;
    const ctx = cv.getContext("2d"), img = ctx.createImageData(w, h), px = this.g.photos;
    const off = k * h * w * ch;
    for (let q = 0; q < h * w; q++) {
      for (let m = 0; m < 3; m++) img.data[4 * q + m] = px[off + q * ch + (ch === 3 ? m : 0)];
      img.data[4 * q + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  },

  // The card's numbers at iteration i (w: the weights shown, or null to interpolate them).
  graphCard(i, w) {
    const g = this.g, s = g.setup, [l, j] = g.focus, dims = s.dims, L = dims.length - 1;
    if (g.cardFor !== g.focus.join(",")) this.cardBuild();
    const c = g.cardEls;
    g.card.hidden = false;
    g.cardAt = performance.now();
    w = w || this.graphWeights(i);
    if (!w) return;
    const nPrev = dims[l - 1], b = w[g.biasAt[l] + j];
    const names = l === 1 ? s.inputs : Array.from({ length: nPrev }, (_, k) => `a${sup(l - 1)}${sub(k + 1)}`);
    let z;
    if (l === 1 && s.first !== "drawn") {
      z = `z = w · x + b over the ${fmtInt(dims[0])} pixel values (w: the picture), b = ${num(b)}`;
    } else {
      const W0 = g.biasAt[l] - dims[l] * nPrev;      // W[l] lies just before b[l], row by row
      const terms = [];
      for (let k = 0; k < Math.min(nPrev, 6); k++) terms.push(`${num(w[W0 + j * nPrev + k])}·${names[k]}`);
      if (nPrev > 6) terms.push(`… (${nPrev} terms)`);
      z = "z = " + terms.join(" + ").replace(/\+ −/g, "− ") + (b < 0 ? " − " : " + ") + num(Math.abs(b));
    }
    setText(c.formula, z);
    if (c.picks) {
      setText(c.photoNote, g.pinned ? "On a training photo (tap one):"
        : "On a training photo (click the unit to keep this card, then pick a photo):");
      this.cardPhoto(i);
    }
    const u = g.units, k = lastAtOrBefore(u.length, (q) => u[q][0], i);
    let range = "", mark = "";
    if (k >= 0 && l < L) {
      const idx = g.unitAt[l] + j, e = u[k];
      if (e[2]) range = `a over the plane: ${num(e[2][idx])} to ${num(e[3][idx])}`;
      if (e[4][idx] === 1) mark = "Dead: z ≤ 0 on every training example, so a = 0 and no gradient reaches its weights: it no longer learns.";
      if (e[4][idx] === 2) mark = "Saturated: g′(z) < 0.01 on every training example (a near its ends), so its gradient almost vanishes.";
    }
    setText(c.range, range);
    setText(c.mark, mark);
  },

  cardPhoto(i) {                         // z and a of the focused unit on the photo picked
    const g = this.g, c = g.cardEls, p = g.setup.photos, K = p.labels.length, [l, j] = g.focus;
    const L = g.setup.dims.length - 1;
    c.picks.forEach((b, k) => b.setAttribute("aria-pressed", String(k === g.photo)));
    const r = lastAtOrBefore(g.v.length, (q) => g.v[q][0], i);
    if (r < 0) { setText(c.z, ""); setText(c.a, ""); return; }
    const [at, v] = g.v[r], U = v.length / (2 * K), q = (g.unitAt[l] + j) * K + g.photo;
    const z = v[q], a = v[U * K + q];
    for (const [e, x] of [[c.z, z], [c.a, a]]) {
      e.dataset.value = String(x);
      e.dataset.iteration = String(at);
      e.dataset.photo = String(g.photo);
    }
    setText(c.z, `z = ${num(z)} on photo ${g.photo + 1} (${p.labels[g.photo]}), at iteration ${fmtInt(at)}`);
    setText(c.a, `a = ${c.act}(z) = ${num(a)}` + (l === L ? `: P(${p.positive}) = ${(100 * a).toFixed(1)} %` : ""));
  },
});

function sub(n) { return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]); }
function sup(n) { return "⁽" + String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]) + "⁾"; }
