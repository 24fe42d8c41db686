// The live view playing: Play, Pause, Step, the animation frame, the status line.

Object.assign(View.prototype, {
  play() {
    if (this.complete && this.shown >= this.top) return;
    this.playing = true;
    this.lastTs = null;
    this.drawStatic();
    // a phone: the curve comes up into the screen, the buttons above it stay in view, and
    // stay there while it plays (a rerun of the page may move the chart), until the learner
    // scrolls the page themselves
    this.followChart = window.innerWidth < 640;
    if (this.followChart) {
      if (!this.scrollHooked) {
        this.scrollHooked = true;
        for (const ev of ["wheel", "touchmove", "keydown"]) {
          window.addEventListener(ev, () => { this.followChart = false; }, { passive: true });
        }
      }
      this.chartInView();
      setTimeout(() => this.chartInView(), 700);
    }
  },

  chartInView() {
    if (this.followChart && this.playing) this.chartBox.scrollIntoView({ block: "nearest" });
  },

  answered() {                      // a message from the page drawn: the chart where it is now
    if (this.followChart && this.playing) {
      requestAnimationFrame(() => setTimeout(() => this.chartInView(), 100));
    }
  },

  pause(report = true) {
    const was = this.playing;
    this.playing = false;
    this.shown = Math.floor(this.shown);
    this.drawStatic();
    if (was && report) this.stopped();
  },

  stopped() {                       // tell the page where the run stopped (its runs, saved)
    this.send({ stop: true, want: false });
    this.pending = null;
  },

  step() {
    this.pause(false);
    const i = Math.floor(this.shown);
    if (i < this.top) { this.shown = i + 1; this.stopped(); }
    else if (!this.complete) { this.stepWanted = true; this.send({ want: true }); }
    this.drawStatic();
  },

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
      this.pause();                 // Done shown: the page saves the run as finished, posts it
    }
    this.lastTs = ts;
    this.drawDynamic(now);
  },

  drawStatic() {
    const i = Math.floor(this.shown);
    const atEnd = this.complete && i >= this.top;
    this.playBtn.disabled = this.playing || atEnd;
    this.pauseBtn.disabled = !this.playing;
    this.stepBtn.disabled = this.playing || atEnd;
  },

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
    this.drawGraph(i);
    if (this.Plotly && this.chartDirty && now - this.lastChart >= chartGap(this)) {
      this.lastChart = now;
      this.chartDirty = false;
      this.drawChart(i);
    }
  },

  lastBefore(list, i) {             // the last [iteration, ...] entry at or before i, or null
    const j = lastAtOrBefore(list.length, (k) => list[k][0], i);
    return j < 0 ? null : list[j];
  },

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
  },
});
