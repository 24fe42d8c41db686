"""One live run, pure (no Streamlit): what makes a network (``settings``), the run and its α
stretches (``run``), its recording for the browser (``recording``, ``feed``), the page's defaults
and the shared default run (``defaults``, ``default_run``), its settings in a URL (``url``) and
the session's live state, typed (``state``)."""
