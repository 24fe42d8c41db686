"""What every page shares: the options and their words (``names``, pure), and the Streamlit
pieces: ``widgets_ui``, the lesson plan's links (``params_ui``), the page's address (``address_ui``)."""
