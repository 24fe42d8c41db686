// Streamlit's entry point: one view per element, live or race by the header's "mode".

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
