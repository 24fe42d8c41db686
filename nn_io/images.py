"""Any photo a person has -> the 64 x 64 RGB image the network sees.

    photo = load_photo(uploaded.getvalue())        # fit="crop" (centre square) or "squash"
    photo.image64    # (64, 64, 3) uint8, ready for nn_core.preprocessing.images_to_X
    photo.preview    # the upright RGB photo, at most about 512 px a side, to show
    photo.format, photo.notes   # "JPEG", ("rotated per EXIF",)

The steps, each refusing a bad file with its own InputError before any pixel is decoded:

1. bytes: not empty, at most MAX_UPLOAD_BYTES;
2. format, from the content (never the file name): JPEG, PNG, WebP, GIF, BMP, AVIF, HEIC/HEIF;
   other pictures (TIFF, SVG, ...) are UnsupportedFormat, anything else NotAnImage;
3. the header (Pillow's open reads only that): side lengths, aspect ratio and pixel count.
   A JPEG is then decoded at 1/2, 1/4 or 1/8 scale straight from its DCT (draft mode), so a
   12 MP phone photo costs a 0.2 MP decode; other formats have a lower pixel limit;
4. decode (first frame), inside the process's ``DECODING`` budget: the pixels being decoded
   at once, by every session, are at most ``DECODE_PIXELS`` (a full decode of WebP, PNG, AVIF
   or HEIC costs about 15 bytes a pixel at its peak: a 25 MP WebP of 38 bytes takes 380 MB),
   so ten students uploading such files at once wait their turn instead of taking the server's
   memory; after ``DECODE_WAIT`` seconds in line a photo is refused with ServerBusy;
5. shrink by a whole factor first (a box average, on premultiplied colours where there is
   transparency, so memory stays near the decoded image's own), then colours to 8-bit RGB
   with transparency on white, turn upright per EXIF, then the centre square (or the whole
   photo) to 64 x 64.
"""
from __future__ import annotations

import io
import os
import re
import threading
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from nn_io.errors import (EmptyFile, ImageTooLarge, ImageTooSmall, NotAnImage, ServerBusy,
                          TruncatedImage, UnsupportedFormat)

try:  # HEIC from iPhones; without pillow-heif such files are reported as unsupported
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_AVAILABLE = True
except ImportError:  # pragma: no cover - pillow-heif is in requirements.txt
    HEIF_AVAILABLE = False

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: JPEG is decoded at up to 1/8 scale (draft mode), so it may have more pixels than the others.
MAX_JPEG_PIXELS = 50_000_000
#: Progressive JPEGs keep every coefficient in memory while decoding: a lower limit.
MAX_PROGRESSIVE_JPEG_PIXELS = 25_000_000
#: Other formats are decoded in full: 25 MP is a 24 MP phone photo (HEIC), about 380 MB at the
#: peak of its decode. Per format: a GIF or BMP is never a camera's photo.
MAX_PIXELS = 25_000_000
FORMAT_MAX_PIXELS = {"PNG": MAX_PIXELS, "WEBP": MAX_PIXELS, "AVIF": MAX_PIXELS,
                     "HEIF": MAX_PIXELS, "GIF": 10_000_000, "BMP": 10_000_000}
#: Pixels decoded at once in this process (all sessions): one of the largest photos (ten
#: 25 MP lossless WebPs at once added 851 MB to the peak with two, 479 MB with one), or many
#: phone photos (a 12 MP JPEG decodes at 1/8 scale: 0.2 MP).
DECODE_PIXELS = int(float(os.environ.get("NN_DECODE_PIXELS", MAX_PIXELS)))
#: Seconds a photo waits for its turn before "the server is busy".
DECODE_WAIT = 60.0
#: A JPEG with more scans than this is refused: each scan is decoded again over the whole
#: image (a "scan bomb" of 100 KB can take minutes). Progressive photos have about 10.
MAX_JPEG_SCANS = 100
MAX_SIDE = 16_384
MIN_SIDE = 16
MAX_ASPECT = 10.0
IMAGE_SIZE = 64
PREVIEW_SIDE = 512
FITS = ("crop", "squash")
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "BMP": "BMP",
                "AVIF": "AVIF", "HEIF": "HEIC"}
_PLEASE = "please save the photo as JPEG or PNG and try again"
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs",
                b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps.exif_transpose)
_ORIENTATION = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
                8: Image.Transpose.ROTATE_90}


@dataclass(frozen=True)
class Photo:
    """image64: (64, 64, 3) uint8 RGB, what the network sees.
    preview: the upright RGB photo (PIL image), at most about PREVIEW_SIDE px a side.
    format: "JPEG", "PNG", "WEBP", "GIF", "BMP", "AVIF" or "HEIF" (from the content).
    notes: what was done on the way, for the page to say (first frame, rotation, ...)."""
    image64: np.ndarray
    preview: Image.Image
    format: str
    notes: tuple[str, ...] = ()


class PixelBudget:
    """At most ``capacity`` pixels being decoded at once; a photo larger than the whole budget
    waits until it is alone. Waiters are served in arrival order.

        with DECODING.take(w * h, wait=60):    # ServerBusy after 60 s in line
            im.load()
    """

    def __init__(self, capacity: int):
        self.capacity = int(capacity)
        self.in_use = 0
        self.peak = 0
        self._cond = threading.Condition()
        self._line: list[object] = []

    def take(self, pixels: int, wait: float = DECODE_WAIT) -> _Taken:
        pixels = max(int(pixels), 1)
        me = object()
        deadline = time.monotonic() + wait
        with self._cond:
            self._line.append(me)
            try:
                while not (self._line[0] is me and (
                        self.in_use == 0 or self.in_use + pixels <= self.capacity)):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise ServerBusy("The server is opening other students' photos right "
                                         "now; please try again in a few seconds.")
                    self._cond.wait(left)
            finally:
                self._line.remove(me)
                self._cond.notify_all()
            self.in_use += pixels
            self.peak = max(self.peak, self.in_use)
        return _Taken(self, pixels)

    def _give_back(self, pixels: int) -> None:
        with self._cond:
            self.in_use -= pixels
            self._cond.notify_all()


class _Taken:
    def __init__(self, budget: PixelBudget, pixels: int):
        self.budget, self.pixels = budget, pixels

    def __enter__(self) -> _Taken:
        return self

    def __exit__(self, *exc) -> None:
        self.budget._give_back(self.pixels)


#: The process's budget (every session's photos share it).
DECODING = PixelBudget(DECODE_PIXELS)


def load_photo(data: bytes, fit: str = "crop") -> Photo:
    """The bytes of an uploaded photo -> Photo. Every bad file raises its own InputError.

    fit: "crop" takes the centre square (nothing is stretched), "squash" resizes the whole
    photo to a square (nothing is cut off).
    """
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}, got {fit!r}")
    if data is None or len(data) == 0:
        raise EmptyFile("This file is empty (0 bytes); please choose a photo.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageTooLarge(f"This file is {len(data) / 2**20:.1f} MB; photos up to "
                            f"{MAX_UPLOAD_BYTES // 2**20} MB are accepted.")
    fmt = detect_format(data)
    name = FORMAT_NAMES[fmt]
    if fmt == "JPEG" and bytes(data).count(b"\xff\xda") > MAX_JPEG_SCANS:   # SOS markers
        raise ImageTooLarge(f"This JPEG file is built of more than {MAX_JPEG_SCANS} scans, far "
                            f"more than any camera writes; {_PLEASE}.")
    notes: list[str] = []
    im = _open(data, fmt)
    _check_size(im, fmt, name)
    try:  # a GIF is read up to its second frame here: a damaged one fails now
        animated = bool(getattr(im, "is_animated", False))
    except Exception as e:  # noqa: BLE001 - IndexError, EOFError, OSError ...
        raise _damaged(name, e) from None
    if animated and fmt in ("GIF", "WEBP", "PNG", "AVIF"):
        notes.append(f"{name}: first frame used")
    header_pixels = im.size[0] * im.size[1]
    if fmt == "JPEG":
        w, h = im.size
        long_side, short_side = max(w, h), min(w, h)
        # the largest 1/8..1/1 scale keeping the long side >= 400 and the short side >= 128
        want = (400, 128) if w >= h else (128, 400)
        if long_side >= 800 and short_side >= 256:
            im.draft("RGB", want)
    with DECODING.take(_decode_pixels(im, fmt, header_pixels)):
        try:
            im.load()
        except MemoryError:
            raise ImageTooLarge(f"This {name} image needs too much memory to open.") from None
        except Exception as e:  # noqa: BLE001 - decoders raise many kinds for a damaged file
            raise _damaged(name, e) from None
        orientation = _orientation(im)
        rgb = _to_rgb(im, notes)
        if rgb is not im:
            im.close()              # the full decode goes before the budget is given back
    if orientation in _ORIENTATION:
        rgb = rgb.transpose(_ORIENTATION[orientation])
        notes.append("rotated per EXIF")
    elif fmt == "HEIF" and im.info.get("original_orientation") not in (None, 1):
        notes.append("rotated per EXIF")  # libheif turned it upright already
    preview = rgb
    if max(rgb.size) > PREVIEW_SIDE:
        preview = rgb.copy()
        preview.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE), Image.Resampling.LANCZOS)
    image64 = np.asarray(_fit64(rgb, fit), dtype=np.uint8)
    image64.flags.writeable = False
    return Photo(image64, preview, fmt, tuple(notes))


# --- 1. what the bytes are ------------------------------------------------------------------
def detect_format(data: bytes) -> str:
    """The Pillow format name of an allowed picture, from its first bytes.

    Raises UnsupportedFormat for a picture in another format, NotAnImage for anything else.
    """
    head = bytes(data[:512])
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    # "BM" and a known size of the BMP info header (so a text starting "BM..." is text)
    if head[:2] == b"BM" and len(head) >= 26 and int.from_bytes(head[14:18], "little") in (
            12, 16, 40, 52, 56, 64, 108, 124):
        return "BMP"
    if head[4:8] == b"ftyp":
        size = int.from_bytes(head[:4], "big")
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
        if brands & _AVIF_BRANDS:
            return "AVIF"
        if brands & _HEIF_BRANDS:
            if not HEIF_AVAILABLE:
                raise UnsupportedFormat(f"HEIC photos cannot be read on this server; {_PLEASE}.")
            return "HEIF"
        raise UnsupportedFormat("This file looks like a video, not a photo; please choose a "
                                "photo (JPEG, PNG, HEIC, ...).")
    other = _other_picture(head)
    if other:
        raise UnsupportedFormat(f"{other} files are not supported; {_PLEASE}.")
    kind = _non_image(head)
    raise NotAnImage(f"This file is not an image{f' ({kind})' if kind else ''}.")


def _other_picture(head: bytes) -> str | None:
    """The name of a picture format not on the allowlist, or None."""
    lower = head.lower()
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF (and camera RAW)"
    if b"<svg" in lower:
        return "SVG"
    if head[:4] == b"8BPS":
        return "Photoshop (PSD)"
    if head[:4] == b"\x00\x00\x01\x00" and len(head) > 6 and head[4] > 0:
        return "Icon (ICO)"
    if head[:2] == b"\xff\x0a" or head[:12] == b"\x00\x00\x00\x0cJXL \r\n\x87\n":
        return "JPEG XL"
    if head[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n" or head[:4] == b"\xff\x4f\xff\x51":
        return "JPEG 2000"
    if head[:4] == b"qoif":
        return "QOI"
    if head[:2] in (b"P1", b"P2", b"P3", b"P4", b"P5", b"P6") and head[2:3] in (b"\n", b" ", b"\r"):
        return "PNM"
    return None


def _non_image(head: bytes) -> str:
    """A few words on what a non-image file seems to be, or ""."""
    lower = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "it is a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "it is a zip archive or an office document"
    if head.startswith((b"\x7fELF", b"MZ")):
        return "it is a program"
    if lower.startswith((b"<!doctype html", b"<html")):
        return "it is a web page"
    if _looks_like_text(head):
        return "it looks like text"
    return ""


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 (or ASCII) with almost only printable characters and no NUL bytes."""
    if not head or b"\x00" in head:
        return False
    text = head.decode("utf-8", errors="replace")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return text.count("\ufffd") <= 2 and printable >= 0.95 * len(text)


# --- 2. the header --------------------------------------------------------------------------
def _open(data: bytes, fmt: str) -> Image.Image:
    name = FORMAT_NAMES[fmt]
    try:
        im = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as e:  # Pillow's own limit, far above ours
        found = re.search(r"\((\d+) pixels\)", str(e))
        count = f"{int(found.group(1)) / 1e6:.0f} million" if found else "far too many"
        raise ImageTooLarge(f"This {name} image has {count} pixels; at most "
                            f"{MAX_PIXELS / 1e6:.0f} million are accepted.") from None
    except MemoryError:
        raise ImageTooLarge(f"This {name} image needs too much memory to open.") from None
    except Exception as e:  # noqa: BLE001 - Pillow raises many kinds for a damaged header
        raise _damaged(name, e) from None
    if im.format not in (fmt, "MPO"):
        raise UnsupportedFormat(f"This {im.format} file is not supported; {_PLEASE}.")
    return im


def _check_size(im: Image.Image, fmt: str, name: str) -> None:
    """Side lengths, aspect ratio and pixel count from the header, before decoding."""
    w, h = im.size
    if w < MIN_SIDE or h < MIN_SIDE:
        raise ImageTooSmall(f"This image is only {w}x{h} pixels; the network needs at least "
                            f"{MIN_SIDE}x{MIN_SIDE}.")
    if max(w, h) / min(w, h) > MAX_ASPECT:
        raise ImageTooLarge(f"This image is {w}x{h} pixels, too long and thin to show as a "
                            f"square (at most {MAX_ASPECT:.0f} times longer than wide).")
    if max(w, h) > MAX_SIDE:
        raise ImageTooLarge(f"This image is {w}x{h} pixels; sides up to {MAX_SIDE} pixels "
                            "are accepted.")
    if fmt == "JPEG":
        limit = MAX_PROGRESSIVE_JPEG_PIXELS if _progressive(im) else MAX_JPEG_PIXELS
    else:
        limit = FORMAT_MAX_PIXELS[fmt]
    if w * h > limit:
        raise ImageTooLarge(f"This {name} image has {w * h / 1e6:.0f} million pixels "
                            f"({w}x{h}); at most {limit / 1e6:.0f} million are accepted.")


def _progressive(im: Image.Image) -> bool:
    return bool(im.info.get("progressive") or im.info.get("progression"))


def _decode_pixels(im: Image.Image, fmt: str, header_pixels: int) -> int:
    """The pixels a decode counts in ``DECODING``: the decoded size (a JPEG's after draft
    mode); a progressive JPEG also keeps every coefficient of the whole picture (2 bytes a
    pixel, an eighth of a full decode's cost)."""
    w, h = im.size
    if fmt == "JPEG" and _progressive(im):
        return w * h + header_pixels // 8
    return w * h


def _damaged(name: str, e: BaseException) -> TruncatedImage:
    text = str(e).lower()
    if "truncated" in text or isinstance(e, EOFError) or "end of file" in text:
        return TruncatedImage(f"This {name} file is incomplete (it was probably cut off while "
                              "copying or uploading).")
    return TruncatedImage(f"This {name} file is damaged and cannot be read.")


# --- 3. pixels --------------------------------------------------------------------------------
def _to_rgb(im: Image.Image, notes: list[str]) -> Image.Image:
    """A decoded image of any mode -> 8-bit RGB, shrunk by a whole factor (``_factor``), with
    transparency composited on white. Large images are shrunk before any conversion that
    copies them, so a 25 MP PNG costs about its own decoded size once more, not five times."""
    factor = _factor(im.size)
    mode = im.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        wide = _reduce(im.convert("I") if mode.startswith("I;16") else im, factor)
        a = np.asarray(wide, dtype=np.float64)
        if mode.startswith("I;16") or (mode == "I" and a.max(initial=0) > 255):
            a = a / 257.0
            notes.append("16-bit levels reduced to 8-bit")
        small = Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), "L")
        if "transparency" in im.info and mode != "F":
            # a 16-bit grey PNG's transparent level: those pixels are white
            clear = np.asarray(wide) == im.info["transparency"]
            if clear.any():
                small = Image.fromarray(np.where(clear, 255, np.asarray(small)).astype(np.uint8))
                notes.append("transparency composited on white")
        return small.convert("RGB")
    if mode in ("P", "1") or ("transparency" in im.info and mode in ("L", "RGB")):
        has_alpha = "transparency" in im.info or (mode == "P" and im.palette is not None
                                                  and im.palette.mode == "RGBA")
        im = im.convert("RGBA" if has_alpha else "RGB")
        mode = im.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        # premultiplied, so a transparent pixel's hidden colour does not bleed into its
        # neighbours when averaged; then on white: colour + (255 - alpha)
        if mode in ("LA", "La"):
            pre = _reduce(im if mode == "La" else im.convert("La"), factor)
        else:
            rgba = im if mode in ("RGBA", "RGBa") else im.convert("RGBA")
            pre = _reduce(rgba if rgba.mode == "RGBa" else rgba.convert("RGBa"), factor)
            del rgba
        a = np.asarray(pre, dtype=np.int16)             # (h, w, colours + alpha)
        alpha = a[..., -1:]
        if alpha.min(initial=255) < 255:
            notes.append("transparency composited on white")
        rgb = np.clip(a[..., :-1] + (255 - alpha), 0, 255).astype(np.uint8)
        return Image.fromarray(np.repeat(rgb, 3, axis=2) if rgb.shape[2] == 1 else rgb, "RGB")
    if mode == "CMYK":
        notes.append("CMYK colours converted to RGB")
    small = _reduce(im, factor)
    return small if small.mode == "RGB" else small.convert("RGB")


def _orientation(im: Image.Image) -> int:
    """The EXIF orientation (1 = upright) of a decoded image; 1 when absent or unreadable."""
    try:
        value = im.getexif().get(0x0112, 1)
        return int(value) if int(value) in range(1, 9) else 1
    except Exception:  # noqa: BLE001 - a damaged EXIF block must not lose the photo
        return 1


def _factor(size: tuple[int, int]) -> int:
    """The whole shrink factor that keeps the long side >= 512 and the short side >= 128."""
    w, h = size
    return max(min(max(w, h) // PREVIEW_SIDE, min(w, h) // (2 * IMAGE_SIZE)), 1)


def _reduce(im: Image.Image, factor: int) -> Image.Image:
    """``im`` shrunk by a whole factor (box average); ``im`` itself when the factor is 1."""
    return im.reduce(factor) if factor > 1 else im


def _fit64(im: Image.Image, fit: str) -> Image.Image:
    """The centre square ("crop") or the whole picture ("squash") -> 64 x 64.

    The square is cut out first, so no pixel outside it leaks in through the filter."""
    if fit == "crop":
        w, h = im.size
        s = min(w, h)
        left, top = (w - s) // 2, (h - s) // 2
        im = im.crop((left, top, left + s, top + s))
    return im.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.LANCZOS)
