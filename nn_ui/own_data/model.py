"""One session's own photo data, pure (no Streamlit): the two classes, what came in and what
was refused, the counts, the balance, and whether there is enough to train.

    own = OwnData()
    report = own.add_files(0, [("id-1", "IMG_1.jpg", data)])   # each file taken in once
    report.added, report.refused          # 1, []  (or a sentence naming each refused file)
    own.missing()     # "Each class needs at least 5 photos before training: A has 1 (4 more) …"
    own.dataset()     # nn_io.photo_data.PhotoData, made once per version (and names)

``version`` grows at every change of the photos (not of the names), so a page knows when the
network it trained was trained on other photos.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nn_io.errors import InputError, quoted
from nn_io.photo_data import PhotoData, photo_dataset
from nn_io.photo_set import (
    DEFAULT_NAMES,
    MAX_PER_CLASS,
    MAX_PHOTOS,
    PhotoSet,
    check_class_names,
)
from nn_io.photo_zip import ZipPhotos, read_zip, zip_bytes

#: Photos each class needs before training starts (one of them is held out to test).
MIN_PER_CLASS = 5
#: A class with fewer than this share of the other's photos makes the set unbalanced.
BALANCED = 0.5


@dataclass
class Report:
    """What adding a batch of files did: how many photos came in, a sentence per refused file."""
    added: int = 0
    refused: list[str] = field(default_factory=list)

    def sentence(self) -> str | None:
        """"3 photos added." or None when nothing was added."""
        return None if not self.added else \
            f"{self.added} photo{'s' if self.added != 1 else ''} added."


def _said(name: str, err: InputError) -> str:
    return f"{quoted(name)}: {err.message}"


class OwnData:
    """The session's photo set (an ``nn_io.photo_set.PhotoSet``) and its bookkeeping."""

    def __init__(self, names=DEFAULT_NAMES):
        self.photos = PhotoSet(names)
        self.version = 0
        self._seen: set[str] = set()                 # the files taken in (added or refused)
        self._dataset: tuple | None = None           # (version, seed, names, PhotoData)

    # --- what the page shows ---------------------------------------------------------------
    @property
    def names(self) -> tuple[str, str]:
        return self.photos.names

    @property
    def counts(self) -> tuple[int, int]:
        return self.photos.counts

    def ready(self) -> bool:
        return min(self.counts) >= MIN_PER_CLASS

    def missing(self) -> str | None:
        """What is missing before training, in a sentence, or None when each class has enough.

        "Each class needs at least 5 photos before training: B has 3 (2 more to add)."
        """
        short = [(n, k) for n, k in zip(self.names, self.counts) if k < MIN_PER_CLASS]
        if not short:
            return None
        said = " and ".join(f"{quoted(n)} has {k} ({MIN_PER_CLASS - k} more to add)"
                            for n, k in short)
        return f"Each class needs at least {MIN_PER_CLASS} photos before training: {said}."

    def shares(self) -> tuple[float, float]:
        """Each class's share of the photos (0.5, 0.5 for an empty set)."""
        n0, n1 = self.counts
        return (0.5, 0.5) if n0 + n1 == 0 else (n0 / (n0 + n1), n1 / (n0 + n1))

    def balance(self) -> str | None:
        """A sentence when one class has less than half the other's photos, else None."""
        n0, n1 = self.counts
        if min(n0, n1) == 0 or min(n0, n1) >= BALANCED * max(n0, n1):
            return None
        few, many = (0, 1) if n0 < n1 else (1, 0)
        return (f"Unbalanced: {quoted(self.names[many])} has {max(n0, n1)} photos, "
                f"{quoted(self.names[few])} {min(n0, n1)}. A network can lower its cost by "
                f"answering {quoted(self.names[many])} more often; add photos of "
                f"{quoted(self.names[few])}.")

    def room(self, c: int) -> int:
        """How many more photos class ``c`` can take."""
        return max(0, min(MAX_PER_CLASS - self.counts[c], MAX_PHOTOS - self.photos.total))

    # --- changes ---------------------------------------------------------------------------
    def rename(self, names) -> str | None:
        """New class names; the sentence why not (the old names kept), or None. The photos
        stay what they were (``version`` too: the network learning them goes on)."""
        try:
            self.photos.rename(check_class_names(names))
        except InputError as err:
            return err.message
        return None

    def add_files(self, c: int, files: Iterable[tuple[str, str, bytes]]) -> Report:
        """Files (id, name, bytes) into class ``c``; a file id already taken in is passed over
        (an uploader keeps its files across reruns). Bad ones are refused with a sentence
        naming them, the rest kept."""
        report = Report()
        for file_id, name, data in files:
            if file_id in self._seen:
                continue
            self._seen.add(file_id)
            try:
                self.photos.add(c, data, name)
            except InputError as err:
                report.refused.append(_said(name, err))
            else:
                report.added += 1
        if report.added:
            self.version += 1
        return report

    def remove(self, c: int, digest: str) -> bool:
        if self.photos.remove(c, digest):
            self.version += 1
            return True
        return False

    def clear(self) -> None:
        if self.photos.total:
            self.photos.clear()
            self.version += 1

    # --- the .zip --------------------------------------------------------------------------
    def zip(self) -> bytes:
        return zip_bytes(self.photos)

    def load_zip(self, data: bytes, file_id: str | None = None) -> Report:
        """A photo-set .zip added to the set: into the classes of the same names (the zip's
        names are taken when the set is empty). A zip whose names differ from a set that holds
        photos is refused, so nothing is lost. A ``file_id`` taken in already is passed over."""
        report = Report()
        if file_id is not None:
            if file_id in self._seen:
                return report
            self._seen.add(file_id)
        try:
            zp = read_zip(data)
        except InputError as err:
            report.refused.append(err.message)
            return report
        order = self._match(zp)
        if order is None:
            report.refused.append(
                f"This .zip's classes are {quoted(zp.names[0])} and {quoted(zp.names[1])}; "
                f"yours, {quoted(self.names[0])} and {quoted(self.names[1])}, hold photos. "
                "Remove your photos (or give your classes its names) to load it.")
            return report
        report.refused += zp.skipped
        for c, name, raw in zp.files:
            try:
                self.photos.add(order[c], raw, name)
            except InputError as err:
                report.refused.append(_said(name, err))
            else:
                report.added += 1
        self.version += 1
        return report

    def _match(self, zp: ZipPhotos) -> tuple[int, int] | None:
        """Which class of the set each of the zip's classes goes to, or None."""
        mine = [n.casefold() for n in self.names]
        theirs = [n.casefold() for n in zp.names]
        if theirs == mine:
            return 0, 1
        if theirs == mine[::-1]:
            return 1, 0
        if self.photos.total == 0:
            self.photos.rename(zp.names)
            return 0, 1
        return None

    # --- the data set ----------------------------------------------------------------------
    def dataset(self, seed: int = 1) -> PhotoData:
        """The network's data set of this version of the set (``nn_io.photo_data``), made once.
        Needs ``ready()``."""
        if not self.ready():
            raise ValueError(self.missing())
        ps = self.photos
        if self._dataset is None or self._dataset[:3] != (self.version, seed, ps.names):
            self._dataset = (self.version, seed, ps.names,
                             photo_dataset(ps.photos(0), ps.photos(1), ps.names, seed=seed))
        return self._dataset[3]


#: Where a session keeps its OwnData.
STATE_KEY = "own_data"


def own_of(state) -> OwnData:
    """The session's OwnData (made on first use). ``state``: the session's mapping."""
    own = state.get(STATE_KEY)
    if not isinstance(own, OwnData):
        own = state[STATE_KEY] = OwnData()
    return own
