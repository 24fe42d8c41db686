"""The app's user interface pieces, one concept a module:

* ``data``: the cat photos and the 2-D sets as the network's input (shared, read-only), a
  student's photo, and what a page says when the photos are not on the server.
* ``settings``: what makes a live network, in the page's words; ``live_run``: the network
  being trained in this session and the live page's buttons; ``replay``: the default run,
  trained once per server and replayed by every session; ``runs``: the runs kept for the
  cost-curve page, and their CSV.
* ``model_choice``: which network answers (the app's, the session's, a file) and its answers
  on the test photos.
* ``race``: several networks trained together (experiments 1-4), ``race_words`` what they say
  about their runs; ``shape_quiz``
  (experiment 5); ``gradient_check`` (experiment 6); ``cat_runs``: one cat network trained
  with measures along the way (experiments 7 and 9).
* ``figure_style``: the look of every figure; ``figures``, ``figures_network``,
  ``figures_race``, ``figures_answers``: Plotly builders, pure (arrays in, a figure out).
* ``names``: the table from the page's words to ``nn_core``'s names; ``widgets``: texts, the
  page header, charts, errors; ``experiments``: the experiments' registry and presets.

Arrows point one way: pages -> nn_ui -> classroom, nn_io, nn_core.
"""
