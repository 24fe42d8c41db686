"""2-D points of the learner's own from a CSV file of ``x1, x2, label`` rows, and back.

    X, Y = read_points(uploaded.getvalue())     # X (2, m) float64, Y (1, m) int of 0/1
    data = points_csv(X, Y)                     # the same rows, for a download

A header row (any text in its first two fields) is allowed as the first row, and so are empty
rows and rows starting with ``#``. Commas separate the values; a semicolon or a tab does too
when a row uses them (then ``1,5`` is one and a half, as a spreadsheet in many languages writes
it). Anything else is a ``BadPoints`` with one sentence naming the row as a spreadsheet numbers
it: text where a number belongs, NaN or infinity, a number beyond ``MAX_ABS``, a label other
than 0 or 1, a row of more or fewer than three values, more than ``MAX_ROWS`` rows (or a file
over ``MAX_BYTES``), no rows, or points of one class only.
"""
from __future__ import annotations

import math

import numpy as np

from nn_io.errors import BadPoints, quoted

MAX_ROWS = 1000
#: 1000 rows of long numbers with comments fit many times over.
MAX_BYTES = 256 * 1024
#: The plane the live view draws is a few units wide; a thousand is far outside it.
MAX_ABS = 1000.0
_EXAMPLE = "each row is x1, x2, label, for example 0.5, -1.2, 1"


def read_points(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of a CSV file -> X (2, m) float64, Y (1, m) int (0 or 1). BadPoints else."""
    if not data:
        raise BadPoints(f"This file is empty; {_EXAMPLE}.")
    if len(data) > MAX_BYTES:
        raise BadPoints(f"This file is {len(data) / 2**20:.1f} MB; a file of points has at most "
                        f"{MAX_ROWS:,} rows (under {MAX_BYTES // 1024} KB), so it was not read.")
    if b"\x00" in data:
        raise BadPoints(f"This file is not text (a CSV file is); {_EXAMPLE}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadPoints("This file is not UTF-8 text; save it as “CSV UTF-8” and try "
                        "again.") from None
    points, labels = [], []
    first = True
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = _fields(line)
        if first and len(fields) >= 2 and not (_is_number(fields[0]) and _is_number(fields[1])):
            first = False                         # a header: x1, x2, label
            continue
        first = False
        if len(points) == MAX_ROWS:
            raise BadPoints(f"This file has more than {MAX_ROWS:,} rows of points; at most "
                            f"{MAX_ROWS:,} are taken, so it was not read.")
        x1, x2, label = _row(number, line, fields)
        points.append((x1, x2))
        labels.append(label)
    if not points:
        raise BadPoints(f"This file has no rows of points; {_EXAMPLE}.")
    Y = np.array([labels], dtype=int)
    for label in (0, 1):
        if not (Y == label).any():
            raise BadPoints(f"All {len(labels)} points have label {1 - label}; the network "
                            "needs points of both classes (label 0 and label 1).")
    return np.array(points, dtype=float).T, Y


def points_csv(X: np.ndarray, Y: np.ndarray) -> bytes:
    """X (2, m), Y (1, m) -> a CSV with the header x1,x2,label that ``read_points`` reads."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y).reshape(-1)
    rows = [f"{float(x1)!r},{float(x2)!r},{int(y)}" for x1, x2, y in zip(X[0], X[1], Y)]
    return ("x1,x2,label\n" + "".join(r + "\n" for r in rows)).encode()


def _fields(line: str) -> list[str]:
    if ";" in line:
        return [f.strip().replace(",", ".") for f in line.split(";")]
    if "\t" in line:
        return [f.strip().replace(",", ".") for f in line.split("\t")]
    return [f.strip() for f in line.split(",")]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _row(number: int, line: str, fields: list[str]) -> tuple[float, float, int]:
    """One row's x1, x2 and label, or BadPoints naming row ``number`` and what is wrong."""
    row = f"Row {number} ({quoted(line)})"
    if len(fields) != 3:
        raise BadPoints(f"{row} has {len(fields)} value{'s' if len(fields) != 1 else ''}; "
                        f"{_EXAMPLE}.")
    values = []
    for name, text in zip(("x1", "x2", "label"), fields):
        try:
            value = float(text)
        except ValueError:
            raise BadPoints(f"{row}: {name} is {quoted(text)}, not a number.") from None
        if not math.isfinite(value):
            raise BadPoints(f"{row}: {name} is {quoted(text)}; every value must be a finite "
                            "number.")
        if abs(value) > MAX_ABS:
            raise BadPoints(f"{row}: {name} is {quoted(text)}, outside −{MAX_ABS:g} … "
                            f"{MAX_ABS:g}.")
        values.append(value)
    if values[2] not in (0.0, 1.0):
        raise BadPoints(f"{row}: the label is {quoted(fields[2])}; a label is 0 or 1.")
    return values[0], values[1], int(values[2])
