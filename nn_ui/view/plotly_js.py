"""The live view's chart library: plotly.min.js of the pinned ``plotly`` package, gzipped once
into ``static/plotly.min.js.gz``, which the app serves itself (Streamlit's static file serving)
as it is, and the browser inflates (``live_view.js``).

Streamlit gzips every response of ``app/static/`` again at each request: 0.2 s of the server's
CPU for the 4.8 MB of plotly.min.js, in its event loop, for every student who opens the page.
A file already gzipped is sent as it is (0.01 s). Standard library only, no Streamlit:

    python -m nn_ui.view.plotly_js       # what the Dockerfile runs at build time
"""
from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
NAME = "plotly.min.js.gz"


def plotly_js_source() -> Path:
    """plotly.min.js of the installed (pinned) plotly package."""
    import plotly
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _made_from(dst: Path, src: Path) -> bool:
    """Whether ``dst`` is the gzip of ``src`` as written here: the source's modification time,
    and its size in the gzip trailer (ISIZE, the size modulo 2**32)."""
    try:
        if int(dst.stat().st_mtime) != int(src.stat().st_mtime):
            return False
        with dst.open("rb") as f:
            f.seek(-4, os.SEEK_END)
            return struct.unpack("<I", f.read(4))[0] == src.stat().st_size % 2 ** 32
    except OSError:
        return False


def ensure_plotly_js(static: Path = STATIC) -> Path:
    """static/plotly.min.js.gz, made from the plotly package when missing or different (its
    modification time the source's, so browsers revalidate it rather than fetch it again)."""
    src, dst = plotly_js_source(), static / NAME
    if _made_from(dst, src):
        return dst
    try:
        tmp = dst.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.compress(src.read_bytes(), compresslevel=9, mtime=0))
        stat = src.stat()
        os.utime(tmp, (stat.st_atime, stat.st_mtime))
        os.replace(tmp, dst)
    except OSError:
        pass                          # a read-only app folder: the image put it there
    return dst


if __name__ == "__main__":
    print(ensure_plotly_js())
