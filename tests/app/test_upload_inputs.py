"""An uploaded cat data set is prepared in a compute slot, and a session keeps one scaling of it
(nn_ui.data_sets.cat_inputs)."""
from streamlit.testing.v1 import AppTest


def _script():
    import numpy as np
    import streamlit as st

    from classroom import SLOTS
    from nn_io.catdata import CatData
    from nn_ui.data_sets import loaders_ui as data
    from nn_ui.data_sets.inputs import Inputs

    rng = np.random.default_rng(0)
    st.session_state["cat_upload"] = CatData(
        rng.integers(0, 256, (30, 64, 64, 3), dtype=np.uint8), np.arange(30) % 2,
        rng.integers(0, 256, (8, 64, 64, 3), dtype=np.uint8), np.arange(8) % 2,
        ("non-cat", "cat"))
    seen = []
    for scaling in ("scale", "standardize", "grayscale", "raw", "raw"):
        before = SLOTS.granted
        inputs = data.cat_inputs(scaling)
        kept = [v for v in st.session_state.values() if isinstance(v, Inputs)]
        held = [v for v in st.session_state.values() if isinstance(v, dict)
                and any(isinstance(x, Inputs) for x in v.values())]
        seen.append((scaling, inputs.scaling, inputs.X.shape, SLOTS.granted - before,
                     len(kept), len(held)))
    st.session_state["seen"] = seen


def test_one_scaling_kept_and_prepared_in_a_compute_slot():
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    seen = at.session_state["seen"]
    assert [s[:3] for s in seen] == [
        ("scale", "scale", (12288, 30)), ("standardize", "standardize", (12288, 30)),
        ("grayscale", "grayscale", (4096, 30)), ("raw", "raw", (12288, 30)),
        ("raw", "raw", (12288, 30))]
    assert [s[3] for s in seen] == [1, 1, 1, 1, 0]        # a slot for each preparation only
    assert all(s[4] == 1 and s[5] == 0 for s in seen)       # one scaling kept, no dict of them


class _Upload:
    """What nn_ui.data_sets reads of a Streamlit UploadedFile: its id and its bytes."""

    def __init__(self, file_id, data):
        self.file_id, self.data, self.reads = file_id, data, 0

    def getvalue(self):
        self.reads += 1
        return self.data


def test_an_uploaded_model_is_checked_once_per_file_not_at_every_rerun():
    from nn_io.errors import BadModelFile
    import numpy as np

    from nn_io.models import save_model
    from nn_ui.prediction.model_choice_ui import read_model
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(0, 0.01, (3, 12288)), "b1": np.zeros((3, 1)),
              "W2": rng.normal(0, 0.01, (1, 3)), "b2": np.zeros((1, 1))}
    good = _Upload("f1", save_model(params, {"hidden_activation": "relu",
                                             "preprocessing": "scale"}))
    state = {}
    models = [read_model(state, "kept", good) for _ in range(5)]
    assert good.reads == 1 and all(m is models[0] for m in models)
    bad = _Upload("f2", b"PK\x03\x04 not really")
    errors = [read_model(state, "kept", bad) for _ in range(3)]
    assert bad.reads == 1 and all(isinstance(e, BadModelFile) for e in errors)
