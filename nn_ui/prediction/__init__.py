"""Which model answers (``model_choice_ui``), the learner's photo (``photo_choice_ui``) and why it
says cat (``why_cat``, pure), how like the training photos a photo is (``familiar``, pure), the
answer brought into view on a phone (``scroll_to_answer_ui``)."""
