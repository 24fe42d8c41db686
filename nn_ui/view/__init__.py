"""The live view in the browser: the pure chunk format (``chunks``), the chart library file
(``plotly_js``), the component (``component_ui``, registered at first use) and the page glue
(``page_ui``); the JS and CSS the browser runs."""
