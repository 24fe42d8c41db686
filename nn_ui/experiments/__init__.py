"""Experiments 1-9 and the lesson pages' computations: the registry (``registry``), the race of
several networks (``race``, pure; ``race_ui``, its page side; ``probes``, ``race_words``), the
quiz, the gradient check, the cat runs (``cat_runs_ui``), the lesson (``lesson``, ``lesson_ui``)."""
