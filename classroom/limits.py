"""What one student may ask of the server: limits on the controls and the budget of one click.

Two records, both frozen, both plain numbers:

* ``Limits``: the ranges of the controls (hidden layers, units per layer, iterations). A page
  uses them as the bounds of its widgets; ``check`` enforces them again on the server, since a
  websocket client can send any value.
* ``Budget``: the work one training call may do. Work is counted in *unit-iterations*,
  ``iterations x units`` with ``units = n_1 + ... + n_L`` (hidden and output units; times K for
  K networks trained side by side). Measured on one core with the Trainer: 2 to 6 microseconds a
  unit-iteration for the lesson's networks, cats or 2-D points, so the default 250 000 is about
  one second of one core. ``max_seconds`` is a wall-clock deadline on top, and
  ``slice_seconds`` the longest stretch between two calls back to the page (where a page makes
  a Streamlit call, so that a closed tab stops the work).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LimitError(ValueError):
    """A request outside the limits; the message is meant for the page, as is."""


def network_units(layer_dims: Sequence[int]) -> int:
    """Units that compute: n_1 + ... + n_L (the input layer n_0 is data, not work).

    [12288, 8, 1] -> 9
    """
    if len(layer_dims) < 2:
        raise ValueError(f"layer_dims needs an input and an output size, got {list(layer_dims)}")
    return int(sum(int(n) for n in layer_dims[1:]))


@dataclass(frozen=True)
class Limits:
    """Bounds of the controls. Defaults: 4 hidden layers of at most 64 units, 10 000 iterations."""

    max_hidden_layers: int = 4
    max_units: int = 64
    max_iterations: int = 10_000

    def check(self, hidden_units: Sequence[int], iterations: int | None = None) -> None:
        """Raise ``LimitError`` (a message for the page) if the request is out of bounds.

        hidden_units: sizes of the hidden layers, e.g. [8] or [20, 7, 5]
        """
        hidden = [int(n) for n in hidden_units]
        if len(hidden) > self.max_hidden_layers:
            raise LimitError(f"at most {self.max_hidden_layers} hidden layers, "
                             f"got {len(hidden)}")
        for i, n in enumerate(hidden, start=1):
            if not 1 <= n <= self.max_units:
                raise LimitError(f"hidden layer {i} has {n} units; "
                                 f"between 1 and {self.max_units} are allowed")
        if iterations is not None and not 1 <= int(iterations) <= self.max_iterations:
            raise LimitError(f"{iterations} iterations asked; between 1 and "
                             f"{self.max_iterations} are allowed")


@dataclass(frozen=True)
class Budget:
    """The work of one training call: unit-iterations, a deadline, and the slice length."""

    max_work: int = 250_000
    max_seconds: float = 2.0
    slice_seconds: float = 0.1

    def iterations_allowed(self, layer_dims: Sequence[int], requested: int,
                           networks: int = 1) -> int:
        """Iterations of ``requested`` that fit in ``max_work``: at least 1, at most requested.

        [12288, 8, 1], 2500 asked -> 9 units x 2500 = 22 500 <= 250 000 -> 2500
        [2, 64, 64, 64, 64, 1], 5000 asked -> 257 units -> 250 000 // 257 = 972
        """
        if requested < 1:
            return 0
        per_iteration = network_units(layer_dims) * max(int(networks), 1)
        return max(1, min(int(requested), self.max_work // per_iteration))


#: The server's defaults, used by ``classroom.train_click`` unless a page passes its own.
LIMITS = Limits()
BUDGET = Budget()
