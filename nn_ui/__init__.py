"""The app's user interface pieces: Plotly figure builders (``nn_ui.figures``, pure), the table
from page names to ``nn_core`` names (``nn_ui.names``), the session's state and shared data
(``nn_ui.session``), and shared widgets and page setup (``nn_ui.widgets``).

Arrows point one way: pages -> nn_ui -> nn_core / nn_io.
"""
