"""The live page's defaults, declared once: the page's widgets start at them, and every student
who plays them is sent the same run, computed once per server
(``nn_ui.live.default_run.shared_default``). Were the widgets to start elsewhere, the shared
run would silently stop being shared."""
from __future__ import annotations

from nn_ui.common.names import CATS, SUGGESTED_LEARNING_RATE
from nn_ui.live.settings import Settings

#: The page's defaults: the article's network on the cat photos.
DEFAULT_SETTINGS = Settings(CATS, (8,), "relu", "he", 1, "scale")
DEFAULT_LEARNING_RATE = SUGGESTED_LEARNING_RATE[CATS]
#: The iterations the page asks for at first, and the length of the shared default run.
DEFAULT_ITERATIONS = TAPE_ITERATIONS = 2500
