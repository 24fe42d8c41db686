"""The load test of the app: Streamlit sessions driven over the websocket protocol.

protocol.py  ``Tab``: one session (a browser tab without a browser)
server.py    ``AppServer``: streamlit run on 127.0.0.1, RSS and CPU from /proc
scenarios.py what one student does on a page, and the right answer for their settings
run.py       N students at once, the report table (``python -m loadtest --help``)
"""
