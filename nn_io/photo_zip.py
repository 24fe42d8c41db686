"""A learner's photo set as one .zip, a folder per class, and back.

    data = zip_bytes(photos)                 # classes.txt, mug/001.png, banana/001.png, ...
    loaded = read_zip(data)                  # ZipPhotos: the two names, each class's files
    for c, name, raw in loaded.files: ...    # raw bytes, for PhotoSet.add (the safe loader)

Nothing is ever written to disk. ``read_zip`` refuses, each with its sentence (``BadZip``), a
file that is not a zip, one larger than ``MAX_ZIP_BYTES``, with more than ``MAX_ENTRIES``
entries, with a path that leaves its folders (``../``, ``/etc``, ``C:``), whose files unpack
to more than ``MAX_UNPACKED_BYTES`` (a zip bomb: the sizes in its directory are checked first,
then every read is cut at the size it claims, so a lying one cannot take the memory), or that
is not laid out as two class folders. A single file it cannot use (not in a folder, encrypted,
too large) is left out with a sentence and the rest kept; whether a file is a photo the loader
decides when the set adds it.
"""
from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field

from PIL import Image

from nn_io.errors import BadClassNames, BadZip, quoted
from nn_io.images import MAX_UPLOAD_BYTES
from nn_io.photo_set import MAX_PHOTOS, PhotoSet, check_class_names

#: As large as an upload may be (.streamlit/config.toml's maxUploadSize).
MAX_ZIP_BYTES = 10 * 2**20
#: A full set, its two folders, classes.txt, and a computer's extra files (__MACOSX/ ...).
MAX_ENTRIES = MAX_PHOTOS + 100
MAX_UNPACKED_BYTES = 100 * 2**20
MANIFEST = "classes.txt"
#: Files that computers add to folders, left out without a word.
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)      # the same set gives the same bytes


@dataclass
class ZipPhotos:
    """What a photo-set .zip holds. names: the two class names (in classes.txt's order when it
    has one, else the folders' alphabetical order); files: (class 0/1, file name, bytes);
    skipped: a sentence for each file left out."""
    names: tuple[str, str]
    files: list[tuple[int, str, bytes]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def zip_bytes(photos: PhotoSet) -> bytes:
    """The set as a .zip: classes.txt (the two names, class 0 first) and a folder per class of
    the 64 x 64 photos as PNG (001.png, 002.png, ...), always the same bytes for the same set."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(MANIFEST, _FIXED_TIME), "\n".join(photos.names) + "\n")
        for c, name in enumerate(photos.names):
            for i, p in enumerate(photos.photos(c), 1):
                png = io.BytesIO()
                Image.fromarray(p.image64).save(png, "PNG")
                info = zipfile.ZipInfo(f"{name}/{i:03d}.png", _FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, png.getvalue())
    return out.getvalue()


def read_zip(data: bytes) -> ZipPhotos:
    """The class names and the files of a photo-set .zip (see the module's docstring)."""
    if not data:
        raise BadZip("This file is empty (0 bytes); please choose the .zip of a photo set.")
    if len(data) > MAX_ZIP_BYTES:
        raise BadZip(f"This file is {len(data) / 2**20:.1f} MB; a photo set's .zip of up to "
                     f"{MAX_ZIP_BYTES // 2**20} MB is accepted.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BadZip("This file is not a .zip archive (or a damaged one); please choose the "
                     ".zip this page downloaded, or one with a folder of photos per "
                     "class.") from None
    with zf:
        return _read(zf, infos)


def _read(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> ZipPhotos:
    if len(infos) > MAX_ENTRIES:
        raise BadZip(f"This .zip holds {len(infos):,} entries; a photo set has at most "
                     f"{MAX_PHOTOS} photos, so it was not opened.")
    for info in infos:
        if _unsafe(info.filename):
            raise BadZip(f"This .zip holds a path that leads out of its folders "
                         f"({quoted(info.filename)}), so it was not opened.")
    claimed = sum(info.file_size for info in infos)
    if claimed > MAX_UNPACKED_BYTES:
        raise BadZip(f"This .zip unpacks to {_size(claimed)}; a photo set's unpacks to at most "
                     f"{MAX_UNPACKED_BYTES // 2**20} MB, so it was not opened.")
    files = [(info, _parts(info.filename)) for info in infos if _wanted(info)]
    manifest = next((i for i, parts in files if parts == [MANIFEST]), None)
    files = [(i, parts) for i, parts in files if i is not manifest]
    # a single folder around the class folders (a zipped folder "my set/mug/...") is looked into
    while (files and len({p[0] for _, p in files}) == 1 and all(len(p) > 1 for _, p in files)
           and any(len(p) > 2 for _, p in files)):
        files = [(i, p[1:]) for i, p in files]
    skipped = [f"{quoted(i.filename)} is not inside a class folder, so it was left out."
               for i, p in files if len(p) == 1]
    files = [(i, p) for i, p in files if len(p) > 1]
    folders = sorted({p[0] for _, p in files})
    names = _names(zf, manifest, folders)
    out = ZipPhotos(names, skipped=skipped)
    unpacked = 0
    for info, parts in files:
        shown = quoted("/".join(parts))
        if info.flag_bits & 0x1:
            out.skipped.append(f"{shown} is encrypted, so it was left out.")
            continue
        if info.file_size > MAX_UPLOAD_BYTES:
            out.skipped.append(f"{shown} is {_size(info.file_size)}; photos up to "
                               f"{MAX_UPLOAD_BYTES // 2**20} MB are taken, so it was left out.")
            continue
        raw = _read_entry(zf, info)
        unpacked += len(raw)
        if unpacked > MAX_UNPACKED_BYTES:          # cannot happen when the sizes are true
            raise BadZip("This .zip unpacks to more than its directory says; it was not "
                         "opened.")
        out.files.append((names.index(parts[0]), "/".join(parts), raw))
    return out


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read no further than the size the directory claims (plus one byte,
    to catch a lie); a damaged entry is BadZip."""
    try:
        with zf.open(info) as f:
            raw = f.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        raise BadZip(f"{quoted(info.filename)} in this .zip is damaged (or packed in a way "
                     "that cannot be read); it was not opened.") from None
    if len(raw) > info.file_size:
        raise BadZip("This .zip unpacks to more than its directory says; it was not opened.")
    return raw


def _names(zf: zipfile.ZipFile, manifest, folders: list[str]) -> tuple[str, str]:
    """The two class names: the folders, ordered as classes.txt says when it names them."""
    if len(folders) != 2:
        listed = ", ".join(quoted(f) for f in folders[:5]) + (" …" if len(folders) > 5 else "")
        raise BadZip(f"This .zip has {len(folders)} folder{'s' if len(folders) != 1 else ''} of "
                     f"photos{f' ({listed})' if folders else ''}; a photo set has exactly two, "
                     "one for each class.")
    if manifest is not None and manifest.file_size <= 1000:
        try:
            listed = _read_entry(zf, manifest).decode("utf-8-sig").split("\n")
        except (BadZip, UnicodeDecodeError):
            listed = []
        listed = [line.strip() for line in listed if line.strip()]
        if sorted(listed) == folders:
            folders = listed
    try:
        return check_class_names(folders)
    except BadClassNames as err:
        raise BadZip(f"This .zip's folders cannot be class names: {err.message}") from None


def _parts(name: str) -> list[str]:
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def _unsafe(name: str) -> bool:
    """A path that would leave the folder it were unpacked in: absolute, a drive, or ``..``."""
    name = name.replace("\\", "/")
    return (name.startswith("/") or (len(name) > 1 and name[1] == ":")
            or any(p == ".." for p in name.split("/")) or "\x00" in name)


def _wanted(info: zipfile.ZipInfo) -> bool:
    """A file (not a folder, not a link), and not one a computer adds by itself."""
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
        return False
    parts = _parts(info.filename)
    return bool(parts) and parts[0] != "__MACOSX" and not any(
        p.startswith("._") or p.lower() in _JUNK for p in parts)


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.1f} MB"
