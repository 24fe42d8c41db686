"""Everything that touches files: the cat data set (.h5), photos, model files (.npz).

``nn_core`` stays pure NumPy; this package turns files into its arrays and back, and turns every
bad file into an ``nn_io.errors.InputError`` with one clear sentence. Import the module you need
(``nn_io.catdata``, ``nn_io.images``, ``nn_io.models``); this file imports nothing heavy.
"""
