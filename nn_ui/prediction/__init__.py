"""Which model answers (``model_choice_ui``), the learner's photo (``photo_choice_ui``) and why it
says cat (``why_cat``, pure)."""
