"""Drive Debian's Chromium with Playwright for the tests that look at what a person sees.

Playwright's own browser download is not used: the tests launch the system's
``chromium`` through ``executable_path``. Where none can be found, they skip
and say so. :func:`free_port` and :func:`screenshot_dir` serve the tests that
start a server on 127.0.0.1 and keep screenshots to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Flags for a headless Chromium on a machine without a network or a display.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome executable, or None."""
    explicit = os.environ.get("FRAMING_CHROMIUM")
    if explicit and Path(explicit).is_file():
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def chromium_browser() -> Iterator[object]:
    """A headless Playwright ``Browser`` on the system Chromium; skips the test if none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set FRAMING_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder for a test's screenshots (kept with pytest's temporary folders)."""
    folder = tmp_path_factory.mktemp(f"screenshots-{name}")
    return folder
