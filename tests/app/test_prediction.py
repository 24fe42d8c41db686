"""Prediction: a photo (upload, camera, or a test photo) -> what the network sees -> P(cat);
the three models; every bad file gets its sentence."""
import io
import zipfile

import numpy as np
import pytest

from nn_io import models
from nn_io.errors import MissingDefaultModel
from tests.app.conftest import png_bytes
from tests.app.helpers import chart, no_exception, open_page, play_live, texts, values
from tests.app.helpers import live_of, needs_cat_data

P_CAT = r"P(cat) = **"


def answer_line(at) -> str:
    """The line under the answer: "**cat**, P(cat) = **0.885**" or "**not a cat**, P(cat) = …"."""
    return next(m.value for m in at.markdown if P_CAT in m.value)


def p_cat(at) -> float:
    return float(answer_line(at).split(P_CAT)[1].split("**")[0])


def upload_photo(at, data=None, name="photo.png", mime="image/png"):
    at.file_uploader(key="pred_photo").set_value((name, data or png_bytes(), mime)).run()
    no_exception(at)
    return at


def test_a_photo_gets_an_answer_from_the_default_model():
    if not models.DEFAULT_MODEL_PATH.exists():
        pytest.skip("no default model in assets/")
    at = upload_photo(open_page("prediction"))
    p = p_cat(at)
    assert 0 <= p <= 1
    bar = chart(at, "pred_probability")
    assert values(bar["data"][0]["x"])[0] == pytest.approx(p, abs=1e-3)
    answer = next(m.value for m in at.markdown if m.value.startswith("### The network says"))
    assert ("**cat**" in answer) == (p > 0.5)
    assert len(at.get("imgs")) >= 1 or at.image                  # the photo and the 64 x 64 one


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"hello, this is text", "not an image"),
    (png_bytes()[:60], "incomplete"),
    (png_bytes((8, 8)), "only 8x8 pixels"),
], ids=["empty", "text", "truncated", "tiny"])
def test_a_bad_photo_gets_its_sentence_not_a_traceback(data, message):
    at = open_page("prediction")
    at.file_uploader(key="pred_photo").set_value(("x.png", data, "image/png")).run()
    no_exception(at)
    assert at.error and message in at.error[0].value.lower(), [e.value for e in at.error]
    assert not any(m.value.startswith(P_CAT) for m in at.markdown)


def test_a_photo_is_decoded_once_not_at_every_click(monkeypatch):
    from nn_ui.prediction import photo_choice_ui as photo_choice
    calls = []
    real = photo_choice.load_photo
    monkeypatch.setattr(photo_choice, "load_photo", lambda data, fit="crop": calls.append(fit) or
                        real(data, fit=fit))
    at = upload_photo(open_page("prediction"))
    first = p_cat(at)
    at.radio(key="pred_model").set_value("session").run()      # other clicks: no new decoding
    at.radio(key="pred_model").set_value("default").run()
    assert p_cat(at) == first and calls == ["crop"]
    at.segmented_control(key="pred_fit").set_value("squash").run()
    assert calls == ["crop", "squash"]


def test_a_missing_default_model_is_said_and_the_others_still_work(monkeypatch):
    def missing():
        raise MissingDefaultModel("The default trained model is missing, so train a network "
                                  "first (or ask the teacher to add assets/default_model.npz).")
    monkeypatch.setattr(models, "load_default_model", missing)
    at = upload_photo(open_page("prediction"))
    assert "default trained model is missing" in at.warning[0].value
    assert "Choose a network above" in texts(at)
    at.radio(key="pred_model").set_value("session").run()
    assert "No network trained on the cat photos" in at.info[0].value
    at.radio(key="pred_model").set_value("upload").run()
    assert at.file_uploader(key="pred_model_file")


@needs_cat_data
def test_the_session_model_answers_and_downloads_and_the_file_loads_back():
    at = open_page("live_training")
    at.number_input(key="iterations").set_value(50).run()
    play_live(at)
    assert live_of(at).run.trainer.iteration == 50
    at.switch_page("app_pages/prediction.py").run()
    at.radio(key="pred_model").set_value("session").run()
    upload_photo(at)
    p_session = p_cat(at)
    assert "12288-8-1" in texts(at)
    from nn_ui.prediction.model_choice_ui import model_file
    data = model_file(live_of(at).run)
    model = models.load_model(data)
    assert model.layer_dims == [12288, 8, 1] and model.metadata["training"]["iterations"] == 50
    assert at.download_button(key="pred_download")
    # the same file, uploaded, gives the same answer
    at.radio(key="pred_model").set_value("upload").run()
    at.file_uploader(key="pred_model_file").set_value(("m.npz", data, "application/zip")).run()
    no_exception(at)
    assert p_cat(at) == pytest.approx(p_session, abs=1e-3)


def pickled_npz() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("metadata.npy", b"\x93NUMPY\x01\x00v\x00{'descr': '|O', 'fortran_order': False, "
                   b"'shape': (), }" + b" " * 60 + b"\n" + b"cos\nsystem\n(S'echo hacked'\ntR.")
    return buf.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"not a zip at all", "not a model file"),
    (pickled_npz(), "model file"),
], ids=["empty", "not-zip", "pickle"])
def test_a_bad_model_file_gets_its_sentence(data, message):
    at = open_page("prediction")
    at.radio(key="pred_model").set_value("upload").run()
    at.file_uploader(key="pred_model_file").set_value(("m.npz", data, "application/zip")).run()
    no_exception(at)
    assert at.error and message in at.error[0].value.lower(), [e.value for e in at.error]


@needs_cat_data
def test_a_test_set_photo_says_whether_the_answer_is_right():
    if not models.DEFAULT_MODEL_PATH.exists():
        pytest.skip("no default model in assets/")
    at = open_page("prediction")
    at.segmented_control(key="pred_source").set_value("test").run()
    no_exception(at)
    at.slider(key="pred_test_index").set_value(3).run()
    line = answer_line(at)
    assert "right!" in line or "wrong" in line


def test_camera_photo_is_used_like_an_upload():
    at = open_page("prediction")
    at.segmented_control(key="pred_source").set_value("camera").run()
    from PIL import Image
    buf = io.BytesIO()
    Image.open(io.BytesIO(png_bytes((320, 240)))).save(buf, format="JPEG")
    at.camera_input(key="pred_camera").set_value(("camera.jpg", buf.getvalue(), "image/jpeg"))
    at.run()
    no_exception(at)
    assert 0 <= p_cat(at) <= 1


def test_the_fit_option_changes_what_the_network_sees():
    at = upload_photo(open_page("prediction"), png_bytes((300, 100)))
    crop = p_cat(at)
    at.segmented_control(key="pred_fit").set_value("squash").run()
    no_exception(at)
    assert np.isfinite(p_cat(at)) and isinstance(crop, float)


def test_what_was_done_to_the_photo_is_said_with_its_capitals():
    from PIL import Image
    out = io.BytesIO()
    Image.new("CMYK", (120, 90), (0, 255, 255, 0)).save(out, "JPEG")
    at = upload_photo(open_page("prediction"), out.getvalue(), "print.jpg", "image/jpeg")
    assert "CMYK colours converted to RGB." in [c.value for c in at.caption]


# ----- "Why did it say cat?" ----------------------------------------------------------------------
def _default_model_or_skip():
    if not models.DEFAULT_MODEL_PATH.exists():
        pytest.skip("no default model in assets/")
    return models.load_default_model()


@needs_cat_data
def test_why_it_said_cat_is_the_forward_pass_of_this_photo():
    from nn_core import model_forward
    from nn_core.explain import hidden_layer
    from nn_io.catdata import find_cat_data, load_cat_data
    from nn_io.images import load_photo
    model = _default_model_or_skip()
    at = upload_photo(open_page("prediction"))
    p = p_cat(at)
    dims = model.layer_dims
    L = len(dims) - 1
    code = "\n".join(c.value for c in at.code)
    assert f"X ({dims[0]}, 1)" in code and f"A1 = ReLU(Z1)  ({dims[1]}, 1)" in code
    assert f"P(cat) = A{L} = σ(Z{L}) = {p:.3f}" in code
    # the bars are A1 and the last layer's pushes of this photo, computed here by nn_core
    x = models.model_input(model, load_photo(png_bytes()).image64)
    AL, caches = model_forward(x, model.parameters, model.hidden_activation)
    A1 = caches[1][0][0][:, 0]
    shown = np.argsort(-A1, kind="stable")[:12]
    fig = chart(at, "pred_units")
    assert np.allclose(values(fig["data"][0]["x"]), A1[shown])
    assert [t for t in fig["layout"]["yaxis"]["ticktext"]] == [f"unit {j + 1}" for j in shown]
    assert len(fig["layout"]["images"]) == len(shown)              # one W1 picture a unit
    last = caches[-1][0][0][:, 0]
    push = model.parameters[f"W{L}"][0] * last
    fig2 = chart(at, "pred_units_last")
    assert np.allclose(values(fig2["data"][2]["x"]), push)
    assert push.sum() + model.parameters[f"b{L}"][0, 0] == pytest.approx(
        np.log(p / (1 - p)), abs=2e-3)                                # ZL = Σ pushes + bL
    # the nearest training photos in the last hidden layer, with their labels
    cats = load_cat_data(find_cat_data())
    H = hidden_layer(models.model_input(model, np.asarray(cats.train_x)), model.parameters)
    d = np.sqrt(((H - last[:, None]) ** 2).sum(axis=0))
    near = np.argsort(d, kind="stable")[:5]
    captions = [i.caption for img in at.get("image") for i in img.proto.imgs
                if "distance" in i.caption]
    assert captions == [f"{cats.classes[int(cats.train_y[i])]} · distance {d[i]:.2f}"
                        for i in near]


@needs_cat_data
def test_the_answer_says_how_the_default_model_leans_and_the_class_balance():
    from nn_core import predict_proba
    from nn_ui.prediction.why_cat import unfamiliar_pictures
    model = _default_model_or_skip()
    at = upload_photo(open_page("prediction"))
    note = next(i.value for i in at.info if "How far to trust it" in i.value)
    called = int((predict_proba(models.model_input(model, unfamiliar_pictures()),
                                model.parameters, "relu") > 0.5).sum())
    assert f"**{called} of 12**" in note
    assert called > 6                          # the default model leans to "cat" on such pictures
    assert "72 cats and 137 non-cats (34% cats)" in note


def silhouette_png() -> bytes:
    """A black horse-like shape on white: nothing like the course's photos."""
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (128, 128), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.ellipse((20, 40, 100, 80), fill=(0, 0, 0))
    for x in (28, 84):
        d.rectangle((x, 76, x + 8, 120), fill=(0, 0, 0))
    d.rectangle((88, 20, 108, 56), fill=(0, 0, 0))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


@needs_cat_data
def test_each_photo_is_said_like_or_unlike_the_training_photos_with_a_scale():
    _default_model_or_skip()
    at = open_page("prediction")
    at.segmented_control(key="pred_source").set_value("test").run()
    at.slider(key="pred_test_index").set_value(1).run()               # a cat of the test set
    said = " ".join(s.value for s in at.success)
    assert "like the photos I learned from" in said and "typically" in said, said
    assert not any("Nothing I learned from" in w.value for w in at.warning)
    at.segmented_control(key="pred_source").set_value("upload").run()
    upload_photo(at, silhouette_png(), "horse.png")
    warned = " ".join(w.value for w in at.warning)
    assert "Nothing I learned from looks like this" in warned and "a guess" in warned, warned


@needs_cat_data
def test_a_low_p_cat_reads_not_a_cat_not_100_percent_sure():
    from nn_core import predict_proba
    from nn_io.catdata import find_cat_data, load_cat_data
    model = _default_model_or_skip()
    cats = load_cat_data(find_cat_data())
    p = predict_proba(models.model_input(model, np.asarray(cats.test_x)), model.parameters,
                      model.hidden_activation)[0]
    low = int(np.argmin(p))
    assert p[low] < 0.5
    at = open_page("prediction")
    at.segmented_control(key="pred_source").set_value("test").run()
    at.slider(key="pred_test_index").set_value(low + 1).run()
    line = answer_line(at)
    assert line.startswith(f"**not a cat**, P(cat) = **{p[low]:.3f}**") and "sure" not in line
