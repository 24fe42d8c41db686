"""Runs the learner kept: their records (``records``), saved in the student's database
(``saved_ui``, ``student_db_ui``), and the class board (``class_board_ui``)."""
