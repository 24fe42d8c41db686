"""What the pages call, in rooms by concept (README "Layout", ARCHITECTURE.md): common/,
data_sets/, figures/, live/, view/, experiments/, runs/, prediction/.

A module may use Streamlit only when its name ends in ``_ui.py``; every other one is pure
(``tests/test_architecture.py``). Arrows point one way: pages -> nn_ui -> classroom, nn_io,
nn_core.
"""
