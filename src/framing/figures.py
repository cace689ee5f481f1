"""Write figures to disk: PNG for screens, SVG and PDF for print, fonts embedded.

:func:`save_figure` writes one figure in several formats under one name and
never replaces an existing file unless asked; :func:`safe_filename` turns an
outlet or category name (often Arabic) into a file name that is safe on every
common system while staying readable.

Export settings, and why:

* PNG at 300 dpi by default, the figure's exact size (no tight cropping), so
  the pixel size is ``figsize × dpi``.
* PDF with TrueType (Type 42) fonts: the glyphs are embedded, so Arabic prints
  as drawn and text stays selectable, instead of Type 3 bitmaps-as-procedures.
* SVG with text as paths (``svg.fonttype = "path"``): the shaped Arabic glyphs
  are stored as outlines, so every viewer shows exactly what matplotlib drew;
  with ``"none"`` the viewer would re-shape the text with whatever font it
  has, and a viewer without an Arabic font would show boxes.
* No creation dates and fixed SVG ids, so unchanged figures give unchanged
  files (diffs and caches stay quiet).
* At most :data:`MAX_PNG_PIXELS` (40 megapixels) per PNG: the charts of
  :mod:`framing.plots` are sized to stay under it at 300 dpi, and a larger
  figure or resolution is refused with the size it would have, rather than
  written as a file that image readers refuse (Pillow calls images over
  about 89 megapixels decompression bombs).

Names made from data (outlets, categories) are best turned into file names
with :func:`framing.outputs.output_name`, which keeps distinct names distinct.
"""

from __future__ import annotations

import functools
import gc
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import matplotlib
from matplotlib.figure import Figure, SubFigure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

__all__ = ["FORMATS", "MAX_PNG_PIXELS", "PNG_COMPRESS_LEVEL", "gc_paused", "laid_out", "render",
           "safe_filename", "save_figure", "saved_picture", "without_gc", "write_png"]

#: Formats :func:`save_figure` writes.
FORMATS = ("png", "svg", "pdf")

#: Most pixels :func:`save_figure` writes to one PNG.
MAX_PNG_PIXELS = 40_000_000

_F = TypeVar("_F", bound=Callable[..., Any])

#: zlib level of the PNGs written (1: quickest; 9: smallest).
PNG_COMPRESS_LEVEL = 1

_EXPORT_RC = {
    # The figure's exact size, whatever the user's savefig.bbox setting.
    "savefig.bbox": "standard",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "framing",
}
_METADATA: dict[str, dict[str, None]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}

#: Characters that separate paths or are reserved on Windows, plus '#' and '%',
#: which break the relative links of an HTML report.
_UNSAFE_CHARACTERS = frozenset('/\\:*?"<>|#%')

#: Device names Windows reserves, with or without an extension.
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{i}" for port in ("COM", "LPT") for i in (*"123456789", "¹", "²", "³")}
)


def safe_filename(name: str, *, max_bytes: int = 120) -> str:
    """A file name made from ``name``: safe everywhere, still readable.

    Arabic and other letters, digits, marks and ordinary punctuation are
    kept as they are (nothing is transliterated). What could escape the
    folder or upset a file system is removed: path separators and the
    characters Windows reserves become ``_``, as does every run of
    whitespace; control, format (bidirectional overrides, zero-width) and
    unassigned characters are dropped; leading and trailing dots and
    underscores go, so ``..`` and hidden names cannot result; Windows device
    names (``CON``, ``NUL``, ``COM1``...) get a leading ``_``. The result is
    NFC-normalised and at most ``max_bytes`` bytes in UTF-8, cut at a
    character boundary.

    Parameters
    ----------
    name : str
        An outlet, category or other name.
    max_bytes : int
        Longest result in UTF-8 bytes (file systems allow 255; the default
        leaves room for a folder-safe suffix such as ``_timeline.png``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When nothing usable is left (for example ``"../"`` or ``""``).

    Examples
    --------
    >>> safe_filename("الجيش السوري / share")
    'الجيش_السوري_share'
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    """
    if not isinstance(name, str):
        raise TypeError(f"safe_filename expects a str. Got {type(name).__name__} instead.")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 8:
        raise ValueError(
            f"The 'max_bytes' parameter of framing.figures.safe_filename must be an integer "
            f">= 8. Got {max_bytes!r} instead."
        )
    kept = []
    for ch in unicodedata.normalize("NFC", name):
        if ch.isspace() or ch in _UNSAFE_CHARACTERS:
            kept.append("_")
        elif not unicodedata.category(ch).startswith("C"):
            kept.append(ch)
    text = re.sub(r"_{2,}", "_", "".join(kept)).strip("._ ")
    if text.split(".", 1)[0].upper() in _RESERVED_NAMES:
        text = "_" + text
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip("._ ")
    if not text:
        raise ValueError(
            f"{name!r} has no characters usable in a file name (only separators, dots, "
            "spaces or control characters). Give the figure a name with letters or digits."
        )
    return text


def save_figure(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    formats: Sequence[str] | str = FORMATS,
    dpi: float = 300,
    overwrite: bool = False,
) -> list[Path]:
    """Write a figure as PNG, SVG and PDF (or the formats asked for).

    Parameters
    ----------
    fig : Figure
        The figure, e.g. from :mod:`framing.plots`.
    path : str or Path
        The file path without extension: ``figures/share_bars`` writes
        ``figures/share_bars.png``, ``.svg`` and ``.pdf``. An extension that
        names one of the formats is ignored (``share_bars.png`` → the same
        three files). Missing folders are created. Build names from data with
        :func:`framing.outputs.output_name` (or :func:`safe_filename`).
    formats : sequence of {"png", "svg", "pdf"}, or one of them
        Formats to write, in order.
    dpi : float
        Resolution of the PNG (and of any rasterised part of SVG/PDF).
    overwrite : bool
        Replace existing files. Without it, if any target exists nothing is
        written and FileExistsError names the files.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    FileExistsError
        When a target exists and ``overwrite`` is False; no file is written.
    ValueError
        When the PNG would have more than :data:`MAX_PNG_PIXELS` pixels; no
        file is written.
    """
    return saved_picture(fig, path, formats=formats, dpi=dpi, overwrite=overwrite)[0]


def saved_picture(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    formats: Sequence[str] | str = FORMATS,
    dpi: float = 300,
    overwrite: bool = False,
) -> tuple[list[Path], Image.Image | None]:
    """:func:`save_figure`, also giving the PNG's picture (None without PNG).

    For a caller that shows the chart too (:func:`framing.workbook.show_chart`): the
    picture is scaled down for the screen instead of drawing the figure again.
    """
    if isinstance(fig, SubFigure):
        fig = fig.get_figure(root=True)
    if not isinstance(fig, Figure):
        raise TypeError(
            f"save_figure expects a matplotlib Figure. Got {type(fig).__name__} instead; for "
            "Axes pass ax.figure."
        )
    chosen = _check_formats(formats)
    if isinstance(dpi, bool) or not isinstance(dpi, int | float) or not dpi > 0:
        raise ValueError(
            f"The 'dpi' parameter of framing.figures.save_figure must be a positive number. "
            f"Got {dpi!r} instead."
        )
    if "png" in chosen:
        width, height = fig.get_size_inches() * dpi
        if width * height > MAX_PNG_PIXELS:
            raise ValueError(
                f"save_figure: the PNG of this {fig.get_figwidth():.1f} × "
                f"{fig.get_figheight():.1f} in figure at {dpi:g} dpi would be "
                f"{round(width):,} × {round(height):,} pixels ({width * height / 1e6:.0f} "
                f"megapixels, more than the {MAX_PNG_PIXELS / 1e6:.0f} allowed); nothing was "
                f"written. Pass a lower dpi (at most "
                f"{int((MAX_PNG_PIXELS / (fig.get_figwidth() * fig.get_figheight())) ** 0.5)}), "
                "make the figure smaller, or leave out 'png'."
            )
    base = Path(path)
    if base.is_dir():
        raise IsADirectoryError(
            f"{base} is a folder; give a file name inside it, e.g. {base / 'figure'}."
        )
    if base.suffix.lower().lstrip(".") in FORMATS:
        base = base.with_suffix("")
    if not base.name or base.name in {".", ".."}:
        raise ValueError(f"{str(path)!r} has no file name; give one, e.g. 'figures/share_bars'.")
    targets = [base.parent / f"{base.name}.{fmt}" for fmt in chosen]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; nothing "
            "was written. Pass overwrite=True to replace, or choose another name."
        )
    base.parent.mkdir(parents=True, exist_ok=True)
    picture = _write_formats(fig, list(zip(chosen, targets, strict=True)), dpi)
    return targets, picture


def _write_formats(fig: Figure, jobs: list[tuple[str, Path]], dpi: float) -> Image.Image | None:
    """Write ``fig`` in each (format, target) of ``jobs``; the PNG's picture, if one was made.

    Every format goes to a temporary file first; the targets are replaced only
    once all have been written, so a failure leaves the folder as it was.
    """
    temporary: list[Path] = []
    picture = None
    try:
        with gc_paused(), matplotlib.rc_context(_EXPORT_RC), laid_out(fig):
            for fmt, target in jobs:
                scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                temporary.append(scratch)
                if fmt == "png":
                    picture = render(fig, dpi)
                    write_png(picture, scratch, dpi)
                else:
                    fig.savefig(scratch, format=fmt, dpi=dpi, metadata=_METADATA[fmt],
                                bbox_inches=None)
        for scratch, (_, target) in zip(temporary, jobs, strict=True):
            os.replace(scratch, target)
    finally:
        for scratch in temporary:
            scratch.unlink(missing_ok=True)
    return picture


def render(fig: Figure, dpi: float) -> Image.Image:
    """The figure drawn once at ``dpi``, as a Pillow image (RGB when it is opaque).

    Drawn as :meth:`~matplotlib.figure.Figure.savefig` draws it (same canvas
    switch, face colour and size), into raw pixels: the same picture can then
    be written as the PNG file and scaled down for the screen without
    drawing it again or decoding the file. An opaque figure (every chart of
    :mod:`framing.plots`) loses its alpha channel, which holds nothing but
    makes the PNG a quarter larger and slower to write.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi, bbox_inches=None)
    raw = buffer.getvalue()
    # the Agg canvas is the figure's bounding box at this dpi, each side truncated
    width = int(fig.bbox_inches.width * dpi)
    for guess in (width, width + 1, width - 1):
        if guess > 0 and len(raw) % (4 * guess) == 0:
            width = guess
            break
    else:  # pragma: no cover - matplotlib sized its canvas some other way
        raise RuntimeError(f"render: cannot tell the size of a {len(raw)}-byte RGBA buffer.")
    picture = Image.frombuffer("RGBA", (width, len(raw) // (4 * width)), raw, "raw", "RGBA",
                               0, 1)
    if picture.getchannel("A").getextrema() == (255, 255):
        return picture.convert("RGB")
    return picture.copy()  # own pixels, not a view of the buffer


def write_png(picture: Image.Image, path: str | os.PathLike[str] | IO[bytes],
              dpi: float) -> None:
    """Write a picture of :func:`render` as PNG, with its resolution and maker noted.

    Written at zlib level :data:`PNG_COMPRESS_LEVEL`: charts are large flat
    areas, which level 1 already shrinks well, in a third of the time of
    Pillow's default (the files are about a quarter larger).
    """
    info = PngInfo()
    info.add_text("Software", f"matplotlib version{matplotlib.__version__}, "
                              "https://matplotlib.org/")
    picture.save(path, format="png", pnginfo=info, dpi=(dpi, dpi),
                 compress_level=PNG_COMPRESS_LEVEL)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a chart is built, laid out or saved.

    A chart allocates tens of thousands of small objects (artists, transforms,
    text layouts); each burst of allocations triggers collections that walk
    every object alive, which in a notebook's kernel (tables, models, earlier
    charts) is most of a third of a chart's time. Garbage is still collected,
    once the block ends. Nested blocks, and code that switched the collector
    off itself, are left as they are.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_gc(func: _F) -> _F:
    """Decorator: run ``func`` inside :func:`gc_paused`."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def laid_out(fig: Figure) -> Iterator[Figure]:
    """Run the figure's layout engine once, then save or draw it without the engine.

    With a layout engine, every ``savefig`` draws the figure twice: once with
    output disabled, to lay it out, then for real. Running the engine
    directly places the axes without that extra draw, and the saves inside
    the block reuse the positions (every format gets the same layout). The
    engine is put back on exit.

    Matplotlib's public way to switch the engine off (``"none"``) leaves a
    placeholder engine, which still triggers the extra draw; the figure's
    engine slot is therefore emptied directly while saving (and the public
    route is taken if that attribute ever disappears).
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield fig
        return
    try:
        engine.execute(fig)
        if hasattr(fig, "_layout_engine"):
            fig._layout_engine = None
        else:  # pragma: no cover - a future matplotlib
            fig.set_layout_engine("none")
        yield fig
    finally:
        if fig.get_layout_engine() is not engine:
            if hasattr(fig, "_layout_engine"):
                fig._layout_engine = engine
            else:  # pragma: no cover
                fig.set_layout_engine(engine)


def _check_formats(formats: Sequence[str] | str) -> list[str]:
    if isinstance(formats, str):
        formats = [formats]
    chosen = []
    for fmt in formats:
        value = str(fmt).lower().lstrip(".")
        if value not in FORMATS:
            raise ValueError(
                f"The 'formats' parameter of framing.figures.save_figure must contain only "
                f"{{'png', 'svg', 'pdf'}}. Got {fmt!r} instead."
            )
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise ValueError(
            "The 'formats' parameter of framing.figures.save_figure is empty; name at least "
            "one of 'png', 'svg', 'pdf'."
        )
    return chosen
