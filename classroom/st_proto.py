"""Streamlit's wire messages, the one place that imports them.

``streamlit.proto`` is not part of Streamlit's public API: it is the protobuf schema its
browser client and server speak over ``/_stcore/stream``. Two parts of this project must speak
it themselves, because they stand where no Streamlit API reaches: the rerun-flood guard
(``classroom.flood_asgi``) reads each tab's messages before Streamlit does, and the websocket
load test (``loadtest.protocol``) plays the browser's part. They import the messages from here,
so an upgrade of Streamlit that moves them is mended in one file.
"""
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = ["BackMsg", "ClientState", "ForwardMsg", "Slider", "WidgetState"]
