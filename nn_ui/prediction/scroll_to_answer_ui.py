"""On a phone the answer comes under the photo's controls: brought into view when a new photo
is answered (a tiny st.components.v2 component; on a wider screen it is beside the controls,
in view already, and nothing moves)."""
from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

#: The width below which Streamlit stacks columns (a phone).
STACKED_BELOW = 640

_JS = """
const SEEN = new WeakMap();
export default function (component) {
  const { data, parentElement } = component;
  if (!data || SEEN.get(parentElement) === data.photo) return;
  SEEN.set(parentElement, data.photo);
  if (window.innerWidth >= STACKED_BELOW) return;
  // once the answer under it is drawn, and again a second later (the controls above it may
  // still grow); clear of the page's header bar, which stays at the top of the screen
  const box = parentElement.host || parentElement;
  box.style.scrollMarginTop = "4rem";
  for (const ms of [300, 1200]) setTimeout(() => box.scrollIntoView({ block: "start" }), ms);
}
""".replace("STACKED_BELOW", str(STACKED_BELOW))

_component = st.components.v2.component("nn_scroll_to_answer", js=_JS, isolate_styles=False)


def photo_id(image64: np.ndarray) -> str:
    """A short id of a photo's pixels: a new photo scrolls, a rerun with the same does not."""
    return hashlib.blake2b(np.ascontiguousarray(image64).tobytes(), digest_size=8).hexdigest()


def scroll_here(image64: np.ndarray) -> None:
    """Bring this place of the page (what is drawn next: the answer) to the top of a phone's
    screen, once for each photo."""
    _component(key="scroll_to_answer", data={"photo": photo_id(image64)})
