"""The errors a page shows a student when a file cannot be used.

Every problem with a file the app was given (an upload, a data folder, a model file) ends in an
``InputError`` whose ``message`` is one sentence a student understands. A page does::

    try:
        photo = load_photo(uploaded.getvalue())
    except InputError as err:
        st.error(err.message)

The subclasses say what kind of problem it was, for tests and for pages that want to offer a
next step (for example the upload box when the data set cannot be downloaded).
"""
from __future__ import annotations


def quoted(text, limit: int = 40) -> str:
    """Text taken from a file, safe inside a message the page renders as Markdown: control
    characters and backticks dropped, cut to ``limit`` characters, set as inline code (where
    ``**``, ``[link](…)`` or ``<b>`` stay plain characters).

    "**cat**" -> "`**cat**`"
    """
    text = "".join(c for c in str(text) if c.isprintable() and c != "`")
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"`{text}`" if text else "(nothing)"


class InputError(ValueError):
    """A file the app cannot use. ``message``: one clear sentence for the student."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- photos -------------------------------------------------------------------------------
class EmptyFile(InputError):
    """Zero bytes (an upload that did not arrive, or an empty file)."""


class NotAnImage(InputError):
    """The bytes are not a picture at all (text, a PDF, random bytes, ...)."""


class UnsupportedFormat(InputError):
    """A picture, but in a format not on the allowlist (TIFF, SVG, PSD, ...)."""


class TruncatedImage(InputError):
    """A picture in an allowed format whose data is cut off or damaged."""


class ImageTooLarge(InputError):
    """Too many bytes, too many pixels (a decompression bomb), or too long and thin."""


class ImageTooSmall(InputError):
    """Too few pixels to show the network anything (1 x 1, 5 x 5, ...)."""


class ServerBusy(InputError):
    """The server is decoding as many photos as its memory allows; try again shortly."""


# --- the learner's own data -----------------------------------------------------------------
class LimitReached(InputError):
    """A cap on the learner's own data: photos in a class or a session, bytes, zip entries."""


class DuplicatePhoto(InputError):
    """A photo that is already in the set (the same 64 x 64 pixels)."""


class BadClassNames(InputError):
    """A class with no name, two classes with one name, or a name a folder cannot have."""


class BadZip(InputError):
    """A photo-set .zip that is damaged, unsafe (a zip bomb, ``../`` paths) or not laid out as
    one folder per class."""


class BadPoints(InputError):
    """A CSV of 2-D points that cannot be used: text, NaN, one class only, too many rows."""


# --- model files --------------------------------------------------------------------------
class BadModelFile(InputError):
    """A model file (.npz) that is not one this app wrote, or is damaged or unsafe."""


class MissingDefaultModel(InputError):
    """The default model file in assets/ is not there."""


# --- the cat data set ---------------------------------------------------------------------
class BadDataset(InputError):
    """A cat data set file (.h5) that is damaged, unsafe, or has the wrong contents."""


class DownloadFailed(InputError):
    """The data set could not be downloaded from any mirror (offline, or a bad copy)."""


__all__ = [
    "InputError", "EmptyFile", "NotAnImage", "UnsupportedFormat", "TruncatedImage",
    "ImageTooLarge", "ImageTooSmall", "ServerBusy", "BadModelFile", "MissingDefaultModel", "BadDataset",
    "DownloadFailed", "LimitReached", "DuplicatePhoto", "BadClassNames", "BadZip", "BadPoints",
]
