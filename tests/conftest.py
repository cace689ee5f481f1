"""Shared fixtures: the seed articles, their hand coding, and SaudiNewsNet.

The read-only material lives in a ``shared/`` folder beside the repository
(``../shared``). Tests that need SaudiNewsNet skip with a reason where it is
absent; in CI it is present and they run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_GOLD = SHARED / "dev-gold" / "seeds.json"
SAUDINEWSNET = SHARED / "corpora" / "saudinewsnet"
ENGLISH_DEV = SHARED / "dev-gold" / "english"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles, doc_id (file stem) → text."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared/ folder beside the repo)")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def dev_gold_path() -> Path:
    if not DEV_GOLD.is_file():
        pytest.skip(f"hand-coded seeds not found at {DEV_GOLD}")
    return DEV_GOLD


@pytest.fixture(scope="session")
def english_dev_dir() -> Path:
    """Folder of the five hand-coded English articles (texts, english.json, manifest.csv)."""
    if not (ENGLISH_DEV / "english.json").is_file():
        pytest.skip(f"English development set not found at {ENGLISH_DEV} "
                    "(the shared/ folder beside the repo)")
    return ENGLISH_DEV


@pytest.fixture(scope="session")
def saudinewsnet_dir() -> Path:
    """Folder of SaudiNewsNet daily zips; skips where the corpus is absent."""
    if not any(SAUDINEWSNET.glob("*.zip")):
        pytest.skip(f"SaudiNewsNet not found at {SAUDINEWSNET} (it is present in CI)")
    return SAUDINEWSNET


@pytest.fixture(scope="session")
def default_matcher():
    import framing

    return framing.Matcher("default")


@pytest.fixture(scope="session", autouse=True)
def _private_result_cache(tmp_path_factory):
    """Scoring caches go to a folder of this test session, not the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("framing-cache")
    previous = os.environ.get("FRAMING_CACHE_DIR")
    os.environ["FRAMING_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("FRAMING_CACHE_DIR", None)
    else:
        os.environ["FRAMING_CACHE_DIR"] = previous
