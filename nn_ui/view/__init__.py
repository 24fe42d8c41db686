"""The live view in the browser: the data sent (``chunks``) and the requests read back
(``requests``), both pure; the chart library file (``plotly_js``); the component, registered at
its first use (``component_ui``); the live page's server side (``page_ui``), its address bar
(``link_ui``) and its run in the session (``session_ui``); the browser's code (``browser/``)."""
