// The plane of the learner's own points (nn_ui/own_data/points_ui.py): each point drawn in its
// class's colour, as the live view draws the decision boundary's points (class 0 orange,
// class 1 blue). A click sends its place (trigger "click": {x1, x2, other}); the page adds a
// point of the class chosen, or of the other class with Shift (other: true), or removes the
// point near the click, and sends the points back. Data in (JSON): {points: [[x1, x2, label]],
// extent: [x1 min, x1 max, x2 min, x2 max], label}.

const COLORS = ["#E8590C", "#1C7ED6"];
const PLANES = new WeakMap();

function draw(plane) {
  const { canvas, data } = plane;
  const side = Math.max(Math.min(plane.root.clientWidth || 420, 420), 160);
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = canvas.style.height = `${side}px`;
  canvas.width = canvas.height = Math.round(side * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "#F8F9FA";
  ctx.fillRect(0, 0, side, side);
  const [x0, x1, y0, y1] = data.extent;
  const X = (v) => (v - x0) / (x1 - x0) * side;
  const Y = (v) => (1 - (v - y0) / (y1 - y0)) * side;
  ctx.strokeStyle = "#CED4DA";                       // the axes, where they are in view
  ctx.lineWidth = 1;
  if (x0 < 0 && x1 > 0) { ctx.beginPath(); ctx.moveTo(X(0), 0); ctx.lineTo(X(0), side); ctx.stroke(); }
  if (y0 < 0 && y1 > 0) { ctx.beginPath(); ctx.moveTo(0, Y(0)); ctx.lineTo(side, Y(0)); ctx.stroke(); }
  for (const [a, b, c] of data.points) {
    ctx.beginPath();
    ctx.arc(X(a), Y(b), 5, 0, 2 * Math.PI);
    ctx.fillStyle = COLORS[c] || "#868E96";
    ctx.fill();
    ctx.strokeStyle = "#fff";
    ctx.stroke();
  }
  plane.count.textContent = `${data.points.length} points`;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let plane = PLANES.get(parentElement);
  if (!plane) {
    const root = document.createElement("div");
    root.className = "nnp";
    root.setAttribute("data-testid", "points-plane");
    const canvas = document.createElement("canvas");
    canvas.setAttribute("data-testid", "points-canvas");
    canvas.style.cursor = "crosshair";
    canvas.style.touchAction = "manipulation";
    const count = document.createElement("div");
    count.setAttribute("data-testid", "points-count");
    count.style.fontSize = "0.85rem";
    count.style.color = "#495057";
    root.append(canvas, count);
    parentElement.append(root);
    plane = { root, canvas, count, data: null, trigger: setTriggerValue };
    canvas.addEventListener("click", (ev) => {
      if (!plane.data) return;
      const r = canvas.getBoundingClientRect();
      const [x0, x1, y0, y1] = plane.data.extent;
      const x = x0 + (ev.clientX - r.left) / r.width * (x1 - x0);
      const y = y1 - (ev.clientY - r.top) / r.height * (y1 - y0);
      plane.trigger("click", { x1: x, x2: y, other: ev.shiftKey, seq: Date.now() });
    });
    plane.resize = new ResizeObserver(() => plane.data && draw(plane));
    plane.resize.observe(root);
    PLANES.set(parentElement, plane);
  }
  plane.trigger = setTriggerValue;
  if (data) {
    plane.data = typeof data === "string" ? JSON.parse(data) : data;
    draw(plane);
  }
  return () => { plane.resize.disconnect(); plane.root.remove(); PLANES.delete(parentElement); };
}
