"""The learner's own photos: two named classes of 64 x 64 photos, kept in the session only.

    photos = PhotoSet(("mug", "banana"))
    photo = photos.add(0, uploaded.getvalue(), "IMG_1.jpg")   # or an InputError's sentence
    photos.counts                 # (1, 0)
    photos.remove(0, photo.digest)

Each photo goes through the prediction page's safe loader (``nn_io.images.load_photo``): the
centre square shrunk to 64 x 64, what the network sees, is all that is kept (about 12 KB),
with a hash of its pixels so the same photo is noticed when it comes a second time (also
after a trip through a .zip, whose PNGs hold the very same pixels). The caps are checked
before a file is decoded: ``MAX_PER_CLASS`` photos a class, ``MAX_PHOTOS`` a set, and the
files kept at most ``MAX_TOTAL_BYTES`` together.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

import numpy as np

from nn_io.errors import BadClassNames, DuplicatePhoto, LimitReached, quoted
from nn_io.images import IMAGE_SIZE, load_photo

MAX_PER_CLASS = 100
MAX_PHOTOS = 200
#: The files of the photos kept, as they were uploaded, together (each at most 10 MB).
MAX_TOTAL_BYTES = 300 * 2**20
MAX_NAME = 30
DEFAULT_NAMES = ("A", "B")
#: Characters a class name cannot hold: it is a folder's name in the set's .zip.
_NOT_IN_NAMES = "/\\"


@dataclass(frozen=True)
class OwnPhoto:
    """image64: (64, 64, 3) uint8, read-only, what the network sees.
    digest: the SHA-256 of those pixels (hex), the same for the same photo.
    name: the file's name as given (shown to the learner, never used as a path).
    nbytes: the size of the file it came from."""
    image64: np.ndarray
    digest: str
    name: str
    nbytes: int


def pixel_digest(image64: np.ndarray) -> str:
    """The SHA-256 (hex) of a (64, 64, 3) uint8 image's pixels."""
    a = np.ascontiguousarray(image64, dtype=np.uint8)
    return hashlib.sha256(repr(a.shape).encode() + a.tobytes()).hexdigest()


def own_photo(image64: np.ndarray, name: str, nbytes: int) -> OwnPhoto:
    """A decoded (64, 64, 3) image as an OwnPhoto (a read-only copy, with its digest)."""
    a = np.array(image64, dtype=np.uint8)
    if a.shape != (IMAGE_SIZE, IMAGE_SIZE, 3):
        raise ValueError(f"image64 must be ({IMAGE_SIZE}, {IMAGE_SIZE}, 3), got {a.shape}")
    a.flags.writeable = False
    return OwnPhoto(a, pixel_digest(a), str(name), int(nbytes))


def check_class_names(names) -> tuple[str, str]:
    """The two class names, trimmed, or BadClassNames with a sentence.

    (" mug ", "banana") -> ("mug", "banana"); ("", "B") -> "Class 1 has no name; ..."
    ("Cat", "cat") -> "Both classes are called `cat`; ..."
    """
    names = tuple(names)
    if len(names) != 2:
        raise ValueError(f"two class names are needed, got {len(names)}")
    clean = []
    for i, name in enumerate(names, 1):
        name = unicodedata.normalize("NFC", str(name if name is not None else "")).strip()
        if not name:
            raise BadClassNames(f"Class {i} has no name; give each class a name, for example "
                                "“mug” and “banana”.")
        if len(name) > MAX_NAME:
            raise BadClassNames(f"The name of class {i} is {len(name)} characters long; a class "
                                f"name has at most {MAX_NAME}.")
        if any(c in _NOT_IN_NAMES or not c.isprintable() for c in name):
            raise BadClassNames(f"The name of class {i}, {quoted(name)}, holds / or \\ or a "
                                "control character; a class name is a folder's name in the "
                                ".zip, so it cannot.")
        if name in (".", ".."):
            raise BadClassNames(f"Class {i} cannot be called {quoted(name)}; choose a word.")
        clean.append(name)
    if clean[0].casefold() == clean[1].casefold():
        raise BadClassNames(f"Both classes are called {quoted(clean[0])}; give them different "
                            "names, so that the answer says which one the network means.")
    return clean[0], clean[1]


class PhotoSet:
    """Two named classes of OwnPhoto, with the caps. Class numbers are 0 and 1 (the label Y)."""

    def __init__(self, names=DEFAULT_NAMES):
        self._names = check_class_names(names)
        self._photos: tuple[list[OwnPhoto], list[OwnPhoto]] = ([], [])

    # --- reading ---------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, str]:
        return self._names

    @property
    def counts(self) -> tuple[int, int]:
        return len(self._photos[0]), len(self._photos[1])

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def nbytes(self) -> int:
        """The sizes of the files the photos came from, together."""
        return sum(p.nbytes for photos in self._photos for p in photos)

    def photos(self, c: int) -> tuple[OwnPhoto, ...]:
        return tuple(self._photos[c])

    def find(self, digest: str) -> tuple[int, OwnPhoto] | None:
        """(class, photo) of the photo with these pixels, or None."""
        for c, photos in enumerate(self._photos):
            for p in photos:
                if p.digest == digest:
                    return c, p
        return None

    # --- changing --------------------------------------------------------------------------
    def rename(self, names) -> None:
        """New names for the two classes (BadClassNames for bad ones; the old names stay)."""
        self._names = check_class_names(names)

    def check_room(self, c: int, nbytes: int = 0) -> None:
        """LimitReached when a photo of ``nbytes`` more would pass a cap of class ``c``."""
        if self.counts[c] >= MAX_PER_CLASS:
            raise LimitReached(f"Class {quoted(self._names[c])} has {MAX_PER_CLASS} photos, the "
                               "most a class can have; remove some to add others.")
        if self.total >= MAX_PHOTOS:
            raise LimitReached(f"The set has {MAX_PHOTOS} photos, the most it can have; "
                               "remove some to add others.")
        if self.nbytes + nbytes > MAX_TOTAL_BYTES:
            raise LimitReached(f"The photos kept came in files of {self.nbytes / 2**20:.0f} MB "
                               f"together, and this one is {nbytes / 2**20:.1f} MB: at most "
                               f"{MAX_TOTAL_BYTES // 2**20} MB are taken; smaller photos "
                               "(or a .zip of this set) fit.")

    def add(self, c: int, data: bytes, name: str, fit: str = "crop") -> OwnPhoto:
        """Decode ``data`` (``nn_io.images.load_photo``) and add it to class ``c``.

        Raises the loader's InputError for a bad file, LimitReached when a cap is reached
        (checked before decoding) and DuplicatePhoto for a photo already in the set.
        """
        self.check_room(c, len(data))
        photo = load_photo(data, fit=fit)
        return self.add_image(c, photo.image64, name, len(data))

    def add_image(self, c: int, image64: np.ndarray, name: str, nbytes: int) -> OwnPhoto:
        """Add an image already decoded to 64 x 64 (as ``add`` after the loader)."""
        self.check_room(c, nbytes)
        photo = own_photo(image64, name, nbytes)
        there = self.find(photo.digest)
        if there is not None:
            where, first = there
            raise DuplicatePhoto(f"It is the same photo as {quoted(first.name)} in class "
                                 f"{quoted(self._names[where])}, so it was not added again.")
        self._photos[c].append(photo)
        return photo

    def remove(self, c: int, digest: str) -> bool:
        """Remove the photo with this digest from class ``c``; False when it is not there."""
        for i, p in enumerate(self._photos[c]):
            if p.digest == digest:
                del self._photos[c][i]
                return True
        return False

    def clear(self) -> None:
        self._photos[0].clear()
        self._photos[1].clear()
