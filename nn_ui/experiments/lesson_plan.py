"""A 45-minute lesson, step by step: where to go (a page and its settings, in a link), what to
ask the class before pressing Play, and what they will see. Plain data: the lesson-plan page
draws it, with each link on the address students type."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    minutes: tuple[int, int]       # from, to: minutes into the lesson
    title: str
    path: str                      # the page, app_pages/<name>.py ("" for Home)
    link: str                      # the link's words
    ask: str                       # the question for the class, before Play
    see: str                       # what they will see
    params: dict[str, str] = field(default_factory=dict)    # the page's settings in its URL


PLAN = (
    Step((0, 5), "What learning means", "app_pages/loss.py", "Loss and cost",
         "If the network says P(cat) = 0.99 for a non-cat, how wrong is it? And for 0.6?",
         "The loss of one answer grows without bound as a sure answer is wrong; the cost J is "
         "the mean loss over all the photos, the one number training makes smaller."),
    Step((5, 13), "A network learns cats", "app_pages/live_training.py",
         "Live training: the cat photos, α 0.0075",
         "As the training cost falls, will the test cost (photos it never trains on) fall too?",
         "The training cost falls towards 0 and training accuracy reaches 100 %; the dotted "
         "test cost falls, then climbs again after about 1,200 iterations, with test accuracy "
         "near 70 %: the network learns its 209 photos by heart (over-fitting).",
         {"alpha": "0.0075", "iterations": "2500"}),
    Step((13, 18), "Too large a step", "app_pages/live_training.py",
         "Live training at α 10",
         "The same network with a learning rate 1,000 times larger: faster, or worse?",
         "The cost jumps off the chart at the first iteration and the run stops: each step "
         "overshoots. The page says so and asks for a smaller α and Reset.",
         {"alpha": "10"}),
    Step((18, 24), "The learning-rate race", "app_pages/exp_learning_rate.py",
         "2. Learning-rate race: from crawling to diverging",
         "Five networks, α from 0.001 to 30: which one wins? Which ones never arrive?",
         "The smallest α crawls, the middle ones learn fastest, the largest overshoot and "
         "diverge: there is a best range, not a best “bigger”.",
         {"race_rates": "0.001, 0.03, 0.3, 10, 30"}),
    Step((24, 29), "Why weights start random", "app_pages/exp_initialization.py",
         "1. Initialisation and symmetry",
         "What if every weight starts at 0: will the network still learn?",
         "All-zero weights keep every hidden unit the same, and the cost stays flat; small "
         "random or He weights break the symmetry and learn."),
    Step((29, 34), "Gradients that vanish", "app_pages/exp_vanishing.py",
         "4. Vanishing gradients and dying ReLU",
         "In a deep sigmoid network, which layer learns slowest: the first or the last?",
         "The first layer's gradient |dW1| is far smaller under sigmoid than under ReLU: its "
         "weights barely move. A ReLU unit pushed below 0 stops learning; leaky ReLU brings "
         "it back."),
    Step((34, 41), "The class compares", "app_pages/class_board.py", "Class board",
         "Open a class, show its code; each student picks a data set and an α on Live "
         "training and presses Play. Which α gives the best test accuracy on each data set?",
         "Every finished run appears on the board within seconds, one colour a data set, "
         "against α; the best run of each data set is ringed. Diverged runs are counted."),
    Step((41, 45), "Does it know my cat?", "app_pages/prediction.py", "Is it a cat?",
         "Will the network recognise a photo you take now? And a drawing of a horse?",
         "It answers every photo with a P(cat), even ones like nothing it learned from; the "
         "page says when a photo is far from all its training photos, so its answer is a "
         "guess."),
)
