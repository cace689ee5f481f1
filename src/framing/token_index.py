"""Token boundaries and token hashes of a long text, computed with numpy.

The matcher scores texts in batches: it joins them, normalises the batch once,
and needs, for every token, where it starts and ends and whether it could be
a lexicon form. Doing that word by word in Python costs more than the rest of
scoring together; here it is a few whole-array operations:

* a text is read as an array of code points (``str.encode("utf-32")``);
* a lookup table says which code points belong to tokens (letters and digits,
  and marks when they are kept), so token starts and ends are where that
  flag changes;
* each token gets a 64-bit polynomial hash, from prefix sums of the code
  points times powers of an odd constant (numpy's unsigned arithmetic wraps
  modulo 2**64, which is the hash's arithmetic).

Equal strings always get equal hashes, so a token whose hash is not a
lexicon form's hash is not a lexicon form; the few tokens that pass the hash
test are then compared as strings.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from framing import chars

__all__ = ["TokenIndex", "string_hash", "token_char_table"]

_P = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_P_INVERSE = pow(_P, -1, 1 << 64)
_MASK = (1 << 64) - 1


@cache
def token_char_table(with_marks: bool) -> np.ndarray:
    """``table[code point]``: does the character belong to a token?

    Letters and digits (``str.isalnum``, what ``[^\\W_]`` matches), and the
    Arabic marks and tatweel when ``with_marks`` (for text whose marks were
    kept, as :data:`framing.chars.TOKEN_PATTERN` reads it).
    """
    flags = bytes(map(str.isalnum, map(chr, range(0x110000))))
    table = np.frombuffer(flags, dtype=bool).copy()
    if with_marks:
        table[[ord(ch) for ch in chars.MARK_CLASS]] = True
    return table


def string_hash(text: str) -> int:
    """The hash :class:`TokenIndex` gives a token spelt ``text``."""
    value, power = 0, 1
    for ch in text:
        value = (value + ord(ch) * power) & _MASK
        power = (power * _P) & _MASK
    return value


class _Powers:
    """Powers of the constant and of its inverse, grown as longer texts come.

    Both arrays are replaced together, as one tuple, and each caller works on
    the pair it read: safe when several threads scan at once.
    """

    def __init__(self) -> None:
        self.pair = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        up, down = self.pair
        if len(up) < n:
            size = max(n, 2 * len(up))
            up = np.cumprod(np.r_[np.uint64(1), np.full(size - 1, _P, dtype=np.uint64)],
                            dtype=np.uint64)
            down = np.cumprod(np.r_[np.uint64(1), np.full(size - 1, _P_INVERSE, dtype=np.uint64)],
                              dtype=np.uint64)
            self.pair = (up, down)
        return up[:n], down[:n]


_POWERS = _Powers()


class TokenIndex:
    """Where the tokens of ``text`` are, and their hashes.

    Attributes
    ----------
    codes : ndarray of uint32
        The code points of ``text``.
    starts, ends : ndarray of int64
        Token ``k`` is ``text[starts[k]:ends[k]]``.
    hashes : ndarray of uint64
        :func:`string_hash` of every token.
    """

    def __init__(self, text: str, *, with_marks: bool = False) -> None:
        self.codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        inside = token_char_table(with_marks)[self.codes].view(np.int8)
        change = np.diff(inside, prepend=np.int8(0), append=np.int8(0))
        self.starts = np.flatnonzero(change == 1)
        self.ends = np.flatnonzero(change == -1)
        n = len(self.codes)
        up, down = _POWERS.get(n + 1)
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(self.codes.astype(np.uint64) * up[:n], out=prefix[1:])
        # sum of code * P**position over the token, brought back to P**0 at its start
        self.hashes = (prefix[self.ends] - prefix[self.starts]) * down[self.starts]
