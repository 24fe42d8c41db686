"""Experiments 1-9: the registry (``registry``), the race of several networks (``race``), the
words of the results, the quiz, the gradient check, the cat runs (``cat_runs_ui``)."""
