"""How a neural network learns: the entry point. Page setup, navigation, and the home page."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")   # one BLAS thread: two make small products far slower

import streamlit as st  # noqa: E402

from classroom.click import identify_tabs  # noqa: E402
from classroom.flood import FLOOD  # noqa: E402
from classroom.st_helpers import stop_if_dropped, tab_key  # noqa: E402
from nn_ui.common import address_ui as address, params_ui as params  # noqa: E402
from nn_ui.common import home_experiments_ui as home_experiments  # noqa: E402
from nn_ui.common import widgets_ui as widgets  # noqa: E402
from nn_ui.experiments import registry as experiments  # noqa: E402
from nn_ui.runs import restore_ui, student_db_ui as student_db  # noqa: E402
from nn_ui.figures.network import network_figure  # noqa: E402

st.set_page_config(page_title="How a neural network learns", page_icon="🧠", layout="wide")
identify_tabs(tab_key, FLOOD.is_gone)  # each tab's share of the compute slots; closed: stop
stop_if_dropped()       # a tab that flooded the server with reruns (see asgi.py) gets a sentence
widgets.page_style()


def home():
    widgets.header("How a neural network learns")
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.markdown(widgets.text("home"))
    with right:
        widgets.chart(network_figure([12288, 8, 1], 209), key="home_network")
    st.subheader("Try it")
    for row in range(0, len(PAGE_NOTES), CARDS_A_ROW):      # wide enough for their titles
        cols = st.columns(CARDS_A_ROW)
        for col, (page, what) in zip(cols, PAGE_NOTES[row:row + CARDS_A_ROW]):
            with col.container(border=True):
                st.page_link(page, label=f"**{page.title}**", icon=page.icon)
                st.caption(what)
    home_experiments.show(EXPERIMENT_PAGES)
    teacher_address()


def teacher_address():
    """For the teacher: the address students type and its QR code (``make serve``), or how to
    get one when the app answers on this computer only."""
    url = address.public_url()
    if url is None:
        if address.only_this_computer():
            with st.expander("For the teacher: let a class in", icon=":material/school:"):
                st.markdown("Started with `make run`, the app answers on this computer only. "
                            "`make serve` (or `make serve HTTPS=1` for phones' cameras) lets "
                            "the class in and shows here the address students type.")
        return
    with st.expander("For the teacher: the address students type", icon=":material/school:",
                     expanded=True), st.container(key="serve_address"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"Students open\n## `{url}`\nor scan the code with a phone's camera. "
                      "The lesson plan's links and the class board use this address.")
        right.image(address.qr_png(url), width=220, caption=url)


PAGES = [
    st.Page("app_pages/activations.py", title="Activation functions", icon=":material/show_chart:"),
    st.Page("app_pages/loss.py", title="Loss and cost", icon=":material/functions:"),
    st.Page("app_pages/live_training.py", title="Live training", icon=":material/play_circle:"),
    st.Page("app_pages/cost_curves.py", title="Cost curves", icon=":material/stacked_line_chart:"),
    st.Page("app_pages/prediction.py", title="Is it a cat?", icon=":material/photo_camera:"),
    st.Page("app_pages/own_data.py", title="Your own data", icon=":material/add_photo_alternate:"),
    st.Page("app_pages/class_board.py", title="Class board", icon=":material/groups:"),
]
CARDS_A_ROW = 3                 # each title whole on a laptop and a projector
PAGE_NOTES = list(zip(PAGES, [
    "g(z) and its slope g′(z) for sigmoid, tanh, ReLU and leaky ReLU: where gradients vanish.",
    "The loss of one answer, binary cross-entropy; the cost J, their mean; W and b against α.",
    "Watch the network learn: the cost J falls, iteration after iteration. Change α as it runs.",
    "Compare the runs of this session: which α, which network learned best?",
    "Upload a photo or take one: the network says how sure it is that it shows a cat.",
    "Two classes of your own photos: the network learns to tell them apart, and you see why.",
    "Join your class: every run you finish appears on the board, beside everyone else's.",
]))

EXPERIMENT_PAGES = [st.Page(e.path, title=f"{e.number}. {e.title}", icon=e.icon)
                    for e in experiments.available()]
page = st.navigation({
    "Learn": [st.Page(home, title="Home", icon=":material/home:", default=True), *PAGES],
    **({"Experiments": EXPERIMENT_PAGES} if EXPERIMENT_PAGES else {}),
})
params.check(page.url_path)  # bad query parameters and widget values: the defaults, with a note
# Who this browser's student is (a token in the browser), their saved runs brought back once a
# session, and a sentence when saving failed or runs came back.
if student_db.mount_token() is not None:
    restore_ui.restore(st.session_state)
restore_ui.show_notices()
try:
    page.run()
finally:
    params.remember()
