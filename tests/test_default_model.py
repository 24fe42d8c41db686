"""The shipped default model is what scripts/train_default_model.py's final step produces."""
from pathlib import Path

import numpy as np
import pytest

from nn_io.models import load_default_model

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_default_model_metadata_is_complete():
    meta = load_default_model().metadata
    assert meta["layer_dims"][0] == 12288 and meta["layer_dims"][-1] == 1
    assert meta["class_names"] == ["non-cat", "cat"]
    assert {"learning_rate", "iterations", "init", "seed", "lambd"} <= set(meta["training"])
    assert 0.5 < meta["test_accuracy"] <= 1 and 0.5 < meta["train_accuracy"] <= 1


@pytest.mark.skipif(not (DATA / "train_catvnoncat.h5").exists(), reason=f"the course data is not in {DATA}")
def test_default_model_is_reproduced_by_its_recorded_settings():
    from nn_core import Trainer
    from nn_core.preprocessing import images_to_X
    from nn_io.catdata import load_cat_data

    model = load_default_model()
    meta, t = model.metadata, model.metadata["training"]
    data = load_cat_data(DATA)
    X, _ = images_to_X(data.train_x, meta["preprocessing"])
    Xt, _ = images_to_X(data.test_x, meta["preprocessing"])
    trainer = Trainer(X, data.train_y.reshape(1, -1), meta["layer_dims"], meta["hidden_activation"],
                      t["learning_rate"], t["init"], t["seed"], t["lambd"],
                      X_test=Xt, Y_test=data.test_y.reshape(1, -1))
    trainer.run(t["iterations"])
    for name, value in trainer.parameters.items():
        np.testing.assert_allclose(model.parameters[name], value, rtol=1e-9, atol=1e-12)
    assert trainer.train_accuracy() == meta["train_accuracy"]
    assert trainer.test_accuracy() == meta["test_accuracy"]
