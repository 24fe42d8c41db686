"""The app's user interface pieces, one concept a module (the README's "Layout" section lists
them: the data, the live run and its view in the browser, kept and saved runs, the experiments,
the class board, the figures with their one style module, the page's words and widgets).

Arrows point one way: pages -> nn_ui -> classroom, nn_io, nn_core.
"""
