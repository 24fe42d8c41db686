"""When two nicknames look the same on the board: ``keys`` gives the forms they are compared in.

"Alice", "ALICE", "Аlice" (a Cyrillic А), "Ａｌｉｃｅ" (full width), "A l i c e", "AIice" (a
capital i)? All read the same on a projector; a class keeps one of them
(``classroom.classes.join_class``). Two nicknames are the same when one of their keys is:

1. Unicode compatibility normalisation (NFKC): full-width and styled letters become plain ones;
2. accents and other combining marks are dropped (after NFD), so are invisible characters;
3. letters of other scripts that are drawn like Latin ones are folded to them (``CONFUSABLES``,
   the Cyrillic, Greek and Armenian look-alikes of Unicode's confusables list, plus digits and
   signs read as letters: 0 -> o, 1 and | -> l);
4. spaces are removed; then either the case is folded (key "case": ALICE = alice), or a
   capital I is read as an l, case kept (key "shape": AIice = Alice, but ALICE is not ALlCE).

Pure Python.
"""
from __future__ import annotations

import unicodedata

_PAIRS = (
    # Cyrillic capitals and small letters drawn like Latin ones
    "АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ЅS Іl ЈJ ԌG ԚQ ԜW Ԁd "
    "аa вb еe кk мm нh оo рp сc тt хx уy ѕs іi јj ԁd ԛq ԝw һh ӏl ҽe ɡg "
    # Greek
    "ΑA ΒB ΕE ΖZ ΗH Ιl ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX "
    "αa ιi κk νv οo ρp τt υu χx ϲc ϳj "
    # Armenian and others
    "օo ոn սu ցg հh ıi ȷj ℓl "
    # digits and signs read as letters (before case folding: capital I reads as l)
    "0o 1l |l ǀl"
)
CONFUSABLES = {pair[0]: pair[1] for pair in _PAIRS.split()}


def fold(nickname: str) -> str:
    """Steps 1 to 3, and spaces removed: "Аlice " -> "Alice" (case kept)."""
    text = unicodedata.normalize("NFKC", str(nickname))
    text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) not in ("Mn", "Me", "Cf", "Cc", "Zs")
                   and not ch.isspace())
    return "".join(CONFUSABLES.get(ch, ch) for ch in text)


def keys(nickname: str) -> set[tuple[str, str]]:
    """The forms a nickname is compared in: {("case", "alice"), ("shape", "Alice")}."""
    text = fold(nickname)
    return {("case", text.casefold()), ("shape", text.replace("I", "l"))}


def same(a: str, b: str) -> bool:
    """Whether nicknames ``a`` and ``b`` read the same on the board."""
    return bool(keys(a) & keys(b))
