"""Install the project's JupyterLab settings into an environment (run by ``make install``).

JupyterLab reads ``<prefix>/share/jupyter/lab/settings/overrides.json`` as the
defaults of that environment. The project's ``jupyter/overrides.json`` makes a
double-click on a ``.py`` file open it as a notebook (the percent-format
notebooks in ``notebooks/``) through jupytext; Open With → Editor still opens
the text. It also turns off the Jupyter news feed and update checks, which ask
to reach a web site (workbooks often run offline, and the prompt covers the
notebook). Settings already in the file are kept; ours are merged in. The
user's own settings (in their home) are not touched.

Usage: ``python jupyter/install_settings.py [--prefix PREFIX]`` (default: this
Python's ``sys.prefix``, e.g. the ``.venv`` or the conda environment).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SOURCE = Path(__file__).with_name("overrides.json")


def settings_file(prefix: str | Path) -> Path:
    """Where JupyterLab of the environment at ``prefix`` reads its overrides."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def merge(current: dict, ours: dict) -> dict:
    """``current`` with ``ours`` merged in, plugin by plugin and key by key."""
    merged = dict(current)
    for plugin, values in ours.items():
        entry = dict(merged.get(plugin, {}))
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(entry.get(key), dict):
                entry[key] = {**entry[key], **value}
            else:
                entry[key] = value
        merged[plugin] = entry
    return merged


def install(prefix: str | Path = sys.prefix) -> Path:
    """Merge the project's overrides into the environment at ``prefix``; return the file."""
    target = settings_file(prefix)
    current = {}
    if target.is_file():
        try:
            current = json.loads(target.read_text(encoding="utf-8") or "{}")
        except json.JSONDecodeError as exc:
            raise SystemExit(f"install_settings: error: {target} line {exc.lineno}: not valid "
                             f"JSON ({exc.msg}); fix or remove it, then run this again.") from None
    ours = json.loads(SOURCE.read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merge(current, ours), indent=2) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default=sys.prefix,
                        help="environment to configure (default: %(default)s)")
    target = install(parser.parse_args().prefix)
    print(f"JupyterLab settings for the notebooks installed in {target}")


if __name__ == "__main__":
    main()
