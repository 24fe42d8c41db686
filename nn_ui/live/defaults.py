"""The live page's default run: every student who plays the page's defaults is sent the same
run, computed once per server (``nn_ui.live.default_run.shared_default``)."""
from __future__ import annotations

from nn_ui.common.names import CATS
from nn_ui.live.settings import Settings

#: The page's defaults: the article's network on the cat photos.
DEFAULT_SETTINGS = Settings(CATS, (8,), "relu", "he", 1, "scale")
DEFAULT_LEARNING_RATE = 0.0075
TAPE_ITERATIONS = 2500
