// The live view: the browser animates a run the server computed ahead (nn_ui/view).
// The files of nn_ui/view/browser/ run as one module, in the order of component_ui.JS_FILES.
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
const CHART_GAP_MS = 40;          // the chart is redrawn at most 25 times a second,
const CHART_STEP_PX = 3;          // and while a run plays, once its curve grew this many pixels
const CHART_SLOW_MS = 100;        // (but at least 10 times a second)

// Plotly.js, served by the app gzipped (nn_ui/view/plotly_js.py): inflated here and run
// as a script once per page (window.Plotly).
function loadPlotly() {
  if (!window.__nnPlotly) {
    window.__nnPlotly = window.Plotly ? Promise.resolve(window.Plotly) : (async () => {
      const r = await fetch(new URL("app/static/plotly.min.js.gz", document.baseURI).href);
      if (!r.ok) throw new Error(`plotly.min.js.gz: ${r.status}`);
      const code = await new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).text();
      // a blob: script, not an inline one: the app's Content-Security-Policy runs no inline code
      const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      await new Promise((loaded, failed) => {
        const s = document.createElement("script");
        s.onload = loaded;
        s.onerror = () => failed(new Error("plotly.min.js.gz did not run"));
        s.src = url;
        document.head.appendChild(s);
      }).finally(() => URL.revokeObjectURL(url));
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

// What chartGap needs of the chart about to be drawn with ``layout``: its plot's width in px
// and the iterations across it.
function notePlot(view, layout) {
  view.plotWidth = view.chartBox.clientWidth - layout.margin.l - layout.margin.r;
  view.plotRange = layout.xaxis.range[1] - layout.xaxis.range[0];
}

// ms between two redraws of a view's chart (its plot as ``notePlot`` saw it): while it plays,
// as long as its curve takes to grow CHART_STEP_PX pixels, within CHART_GAP_MS..CHART_SLOW_MS
// (100 iterations a second on a 2500-iteration axis 500 px wide: 150 ms, so 100). A redraw costs the page 6-9 ms of its main thread here (Plotly lays the
// whole chart out again); 25 a second were a third of a live view's CPU.
function chartGap(view) {
  const speed = +view.speedSel.value;
  if (!view.playing || !(speed > 0) || !(view.plotWidth > 0)) return CHART_GAP_MS;
  const ms = 1000 * CHART_STEP_PX * (view.plotRange / view.plotWidth) / speed;
  if (!(ms >= 0)) return CHART_GAP_MS;       // no plot range: never a gap that stops redraws
  return Math.min(CHART_SLOW_MS, Math.max(CHART_GAP_MS, ms));
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
