"""One live run, pure (no Streamlit): what makes a network (``settings``), the run and its α
stretches (``run``), its recording for the browser (``recording``, ``feed``), the shared default
run (``defaults``, ``default_run``) and its settings in a URL (``url``)."""
