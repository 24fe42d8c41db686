"""Which model answers, why cat, the student's photo."""
