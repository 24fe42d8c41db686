"""What every page shares: the options and their words (``names``, pure), and the Streamlit
pieces: ``widgets_ui``, the lesson plan's links (``params_ui``), the page's address (``address_ui``),
a chart's panels in columns (``panel_columns_ui``), Home's links to the experiments
(``home_experiments_ui``)."""
