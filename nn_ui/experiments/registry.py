"""The experiments: one page each, the lesson's claim it makes visible, and its presets.

app.py puts these pages in the navigation under "Experiments"; the lesson-plan page lists them
with a link per preset (the settings travel in the URL: every experiment widget is bound to a
query parameter, ``bind="query-params"``, so a teacher hands out one link per exercise).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Experiment:
    number: int
    path: str            # the page file, relative to the repository root
    title: str
    icon: str
    claim: str           # the lesson's claim, one sentence
    presets: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> query params


EXPERIMENTS = [
    Experiment(1, "app_pages/exp_initialization.py", "Initialisation and symmetry", ":material/grid_on:",
               "All-zero weights cannot break symmetry; small random or He weights can.",
               {"The course's circles": {},
                "Cat photos": {"init_data": "cats", "init_iterations": "2000"},
                "A larger α": {"init_lr": "0.1"}}),
    Experiment(2, "app_pages/exp_learning_rate.py", "Learning-rate race", ":material/speed:",
               "Too small a learning rate crawls; too large overshoots or diverges.",
               {"From crawling to diverging": {"race_rates": "0.001, 0.03, 0.3, 10, 30"},
                "Too large α": {"race_rates": "0.3, 3, 10, 30"},
                "Too small α": {"race_rates": "0.00001, 0.0001, 0.001"},
                "Cat photos": {"race_data": "cats", "race_rates": "0.0001, 0.001, 0.0075, 0.03, 0.3"}}),
    Experiment(3, "app_pages/exp_scaling.py", "Why inputs are scaled", ":material/tune:",
               "Raw 0-255 inputs saturate sigmoid units and kill ReLU units; scaled inputs learn.",
               {"Sigmoid units saturate": {},
                "ReLU on raw pixels": {"scale_activation": "relu"},
                # 2-D points at α 0.3: raw 0-255 diverges, ÷ 255 learns some, standardised most
                "Without the photos": {"scale_data": "circles", "scale_activation": "relu",
                                       "scale_lr": "0.3"}}),
    Experiment(4, "app_pages/exp_vanishing.py", "Vanishing gradients and dying ReLU", ":material/trending_down:",
               "Sigmoid layers saturate and their gradients vanish; a ReLU unit pushed below 0 dies; leaky ReLU brings it back.",
               {"Vanishing gradients": {},
                # XOR needs all 3 units: under leaky ReLU unit 1 is back near iteration 1200
                "Dying ReLU: one unit's bias at −5": {
                    "vanish_data": "xor", "vanish_depth": "1", "vanish_units": "3",
                    "vanish_lr": "1", "vanish_bias": "-5", "vanish_iterations": "2000"},
                "Cat photos": {"vanish_data": "cats", "vanish_lr": "0.0075"}}),
    Experiment(5, "app_pages/exp_one_iteration.py", "One iteration, step by step", ":material/footprint:",
               "One iteration is forward propagation, the cost, back-propagation and the update.",
               {"Guess every shape": {},
                "Show every step": {"step_reveal": "true"},
                "Small 2-D network": {"step_data": "flower", "step_hidden": "4"}}),
    Experiment(6, "app_pages/exp_gradient_check.py", "Gradient check", ":material/fact_check:",
               "Back-propagation computes the same gradient as the numerical derivative; a bug shows.",
               {"Check 50 entries of every W and b": {"gc_entries": "50"},
                "Bug: dW2 doubled": {"gc_plant": "true", "gc_bug": "dW2 doubled"},
                "Bug: db1 forgotten": {"gc_plant": "true", "gc_bug": "db1 forgotten"},
                "Bug: the slope g′(Z) wrong for Z < 0": {
                    "gc_plant": "true", "gc_bug": "wrong slope for negative Z"}}),
    Experiment(7, "app_pages/exp_cost_vs_accuracy.py", "Cost, not accuracy", ":material/balance:",
               "Training minimises the cost, which falls smoothly; accuracy moves in steps.",
               {"The steps up close: 250 iterations, test every 5": {"cva_iterations": "250", "cva_every": "5"},
                "What 72 % means: α = 0.001": {"cva_lr": "0.001"},
                "Too slow: no better than “always non-cat”": {"cva_lr": "0.0001"}}),
    Experiment(8, "app_pages/exp_mistakes.py", "Mistakes", ":material/error_outline:",
               "Where the network is wrong, and how sure it was.",
               {"Cats it called non-cats": {"mis_show": "cat called non-cat"},
                "Non-cats it called cats": {"mis_show": "non-cat called cat"},
                "The mistakes of my own network": {"mis_model": "The one I trained here"}}),
    Experiment(9, "app_pages/exp_photo_over_training.py", "Your photo over training", ":material/history:",
               "The network changes its mind about your photo as it learns.",
               {"A photo it keeps changing its mind about": {"pot_photo": "6"},
                "The same photo, a copy every 10 iterations": {"pot_photo": "6", "pot_every": "10"},
                "My own photo": {"pot_source": "my photo"}}),
    Experiment(10, "app_pages/lesson_plan.py", "Lesson plan: shareable links", ":material/link:",
               "Every experiment's settings fit in a link a teacher hands out.",
               {}),
]


def available() -> list[Experiment]:
    """The experiments whose page file exists (all of them in a complete checkout)."""
    return [e for e in EXPERIMENTS if (ROOT / e.path).exists()]
