"""The notebooks as a person uses them: JupyterLab in Chromium, double-click, Run All.

One JupyterLab server serves a temporary copy of the project's notebooks,
with the settings ``make install`` puts into the environment (installed
here by the same script into a temporary prefix) and a temporary home, so
nothing of this machine's own Jupyter set-up counts. For each notebook the
test double-clicks it in the file browser (it must open as a notebook, not
as text), runs all cells from the Run menu, waits for the kernel, checks
that no cell shows a traceback, that every explorer shows a chart as an
``<img>`` whose pixels change when a dropdown changes, and that saving the
unchanged notebook leaves the file byte for byte as it was. It also opens
an executed report notebook and checks that no "File Load Error" appears.
On one day of SaudiNewsNet, it clicks accept and reject beside lexicon
candidates in notebook 7 and checks the lexicon the notebook then writes.
Screenshots are kept in the test's temporary folder.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_support import chromium_browser, free_port, screenshot_dir

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.py"))
#: Notebooks whose last cell is an explorer (a chart with controls).
EXPLORERS = {"02_framing_by_outlet.py", "03_framing_over_time.py"}
RUN_TIMEOUT_MS = 150_000


def _install_settings(prefix: Path) -> Path:
    """Install the JupyterLab settings exactly as ``make install`` does, into ``prefix``."""
    spec = importlib.util.spec_from_file_location("framing_lab_settings",
                                                  REPO / "jupyter" / "install_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.install(prefix)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the project's notebooks: (base url, token, root)."""
    if shutil.which("chromium") is None and not os.environ.get("FRAMING_CHROMIUM"):
        # checked again by chromium_browser(); no server started for nothing
        from browser_support import find_chromium

        if find_chromium() is None:
            pytest.skip("no Chromium found (apt-get install chromium, or set FRAMING_CHROMIUM)")
    base = tmp_path_factory.mktemp("lab")
    root = base / "project"
    (root / "notebooks").mkdir(parents=True)
    for name in NOTEBOOKS:
        shutil.copy2(REPO / "notebooks" / name, root / "notebooks" / name)
    for name in ("pyproject.toml", "jupytext.toml"):
        shutil.copy2(REPO / name, root / name)
    # an executed report notebook, as `framing report` leaves it
    from framing.report import run_report

    run_report(out=root / "report", notebooks=["01_corpus_overview"],
               notebooks_dir=REPO / "notebooks", progress=False, jobs=1)
    settings = _install_settings(base / "prefix")
    home = base / "home"
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    port, token = free_port(), secrets.token_hex(16)
    log = (base / "lab.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", f"--LabApp.app_settings_dir={settings.parent}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start: "
                                + (base / "lab.log").read_text(errors="replace")[-2000:])
                time.sleep(0.5)
        yield url, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


#: JavaScript: the state of the current notebook (needs expose_app_in_browser).
NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) { return null; }
  const cells = Array.from(panel.content.model.cells).filter(c => c.type === 'code');
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const errors = cells.flatMap(c => Array.from({length: c.outputs.length},
      (_, i) => c.outputs.get(i).toJSON()).filter(o => o.output_type === 'error')
      .map(o => o.ename + ': ' + o.evalue));
  return {path: panel.context.path, dirty: panel.context.model.dirty,
          status: kernel ? kernel.status : 'none',
          pending: cells.filter(c => c.executionCount === null).length,
          cells: cells.length, errors: errors};
}"""


def _open_by_double_click(page, folder: str, name: str) -> None:
    """Double-click ``folder`` then ``name`` in the file browser."""
    listing = page.locator(".jp-DirListing-content")
    listing.locator(".jp-DirListing-itemText").get_by_text(folder, exact=True).dblclick()
    item = listing.locator(".jp-DirListing-itemText").get_by_text(name, exact=True)
    item.first.wait_for(timeout=30_000)
    item.first.dblclick()


def _go_home(page) -> None:
    """The file browser back at the root folder."""
    page.locator(".jp-BreadCrumbs-home").first.click()


def _wait_for_kernel(page) -> None:
    """Wait until the notebook's kernel has started and is idle."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = page.evaluate(NOTEBOOK_STATE)
        if state and state["status"] == "idle":
            return
        time.sleep(0.5)
    pytest.fail(f"The kernel did not start: {state}")


def _run_all(page) -> dict:
    """Run → Run All Cells, then wait until every code cell ran and the kernel is idle."""
    _wait_for_kernel(page)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').first.click()
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(NOTEBOOK_STATE)
        if state and state["errors"]:
            return state
        if state and state["pending"] == 0 and state["status"] == "idle":
            return state
        time.sleep(0.5)
    pytest.fail(f"Run All did not finish in {RUN_TIMEOUT_MS / 1000:.0f} s: {state}")


def _check_explorer(page, name: str) -> None:
    """The explorer shows an <img>; choosing another dimension changes its pixels."""
    panel = page.locator(".jp-NotebookPanel:visible")
    explorer = panel.locator(".widget-vbox").last
    explorer.scroll_into_view_if_needed()
    image = explorer.locator(".jupyter-widgets-output-area img, .widget-output img").first
    image.wait_for(timeout=30_000)
    before = image.get_attribute("src")
    assert before and before.startswith("data:image/png"), f"{name}: no PNG chart"
    dropdown = explorer.locator(".widget-dropdown select").first
    options = dropdown.locator("option").all_inner_texts()
    assert len(options) > 1, f"{name}: the dimension dropdown offers {options}"
    assert all("_" not in o for o in options), f"{name}: ids instead of names: {options}"
    dropdown.select_option(index=1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = explorer.locator(".jupyter-widgets-output-area img, .widget-output img")
        if after.count() and after.first.get_attribute("src") not in (None, before):
            return
        time.sleep(0.3)
    pytest.fail(f"{name}: the chart did not change when the dimension changed")


def test_notebooks_open_run_and_redraw_in_jupyterlab(lab, tmp_path_factory):
    url, token, root = lab
    shots = screenshot_dir(tmp_path_factory, "jupyterlab")
    timings = {}
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab?reset&token={token}")
        page.locator(".jp-DirListing-content").wait_for()
        for name in NOTEBOOKS:
            original = (root / "notebooks" / name).read_bytes()
            _go_home(page)
            _open_by_double_click(page, "notebooks", name)
            page.locator(".jp-NotebookPanel:visible .jp-Notebook").wait_for(timeout=60_000)
            page.locator(".jp-NotebookPanel:visible .jp-Notebook-cell").first.wait_for()
            # a kernel, not a "select kernel" dialog
            assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
            started = time.monotonic()
            state = _run_all(page)
            timings[name] = time.monotonic() - started
            assert state["path"] == f"notebooks/{name}"
            page.screenshot(path=str(shots / f"{name}.png"))
            assert not state["errors"], f"{name}: {state['errors']}"
            stderr = page.locator('.jp-NotebookPanel:visible .jp-OutputArea-output'
                                  '[data-mime-type="application/vnd.jupyter.stderr"]')
            texts = stderr.all_inner_texts()
            assert not [t for t in texts if "Traceback" in t or "Error" in t], texts
            assert not texts, f"{name}: warnings in the cell outputs: {texts}"
            if name in EXPLORERS:
                _check_explorer(page, name)
            else:  # the last output in view
                page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output").last \
                    .scroll_into_view_if_needed()
            page.screenshot(path=str(shots / f"{name}-end.png"))
            # saving the unchanged notebook leaves the tracked file as it was
            page.keyboard.press("Control+s")
            deadline = time.monotonic() + 20
            while page.evaluate(NOTEBOOK_STATE)["dirty"] and time.monotonic() < deadline:
                time.sleep(0.3)
            assert (root / "notebooks" / name).read_bytes() == original, \
                f"{name}: saving from JupyterLab changed the file"
            # shut the kernel down and close the (saved) notebook, freeing the cores
            page.evaluate("async () => { const panel = window.jupyterapp.shell.currentWidget;"
                          " await panel.sessionContext.shutdown(); panel.close(); }")
            print(f"{name}: ran in {timings[name]:.1f} s", flush=True)
        # an executed report notebook opens without a load error
        _go_home(page)
        _open_by_double_click(page, "report", "01_corpus_overview.ipynb")
        page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output img").first.wait_for()
        page.screenshot(path=str(shots / "report-notebook.png"))
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        assert not [d for d in dialogs if "File Load Error" in d], dialogs
        page.close()
    print("Run All seconds (cold kernel, in the browser): "
          + ", ".join(f"{k}: {v:.1f}" for k, v in timings.items()))
    print(f"screenshots: {shots}")


#: JavaScript: run the current notebook's last code cell (as Shift+Enter on it would).
RUN_LAST_CELL = """async () => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const cells = Array.from(notebook.model.cells);
  let last = -1;
  cells.forEach((c, i) => { if (c.type === 'code') { last = i; } });
  notebook.activeCellIndex = last;
  await app.commands.execute('notebook:run-cell');
}"""


def test_candidates_are_accepted_and_rejected_with_the_buttons(lab, saudinewsnet_dir,
                                                                tmp_path_factory):
    """Notebook 7 on one day of SaudiNewsNet: the picker shows each candidate with its
    lines; clicking accept on the first and reject on the second, then running the last
    cell, writes a lexicon extending the default with that one term and remembers the
    rejected one."""
    url, token, root = lab
    shots = screenshot_dir(tmp_path_factory, "jupyterlab-picker")
    archive = min(saudinewsnet_dir.glob("*.zip"), key=lambda p: p.stat().st_size)
    text = (REPO / "notebooks" / "07_grow_the_lexicon.py").read_text(encoding="utf-8")
    for old, new in [('corpus = "sample"', f"corpus = {str(archive)!r}"),
                     ('categories = ["militia", "terrorist", "houthi"]',
                      'categories = ["militia"]'),
                     ("top = 20", "top = 4"), ("train = False", "train = True"),
                     ("grown_lexicon = None", 'grown_lexicon = "grown.yaml"')]:
        # the parameter lines only (the text above them names train = False too)
        assert f"\n{old}  #" in text, old
        text = text.replace(f"\n{old}  #", f"\n{new}  #", 1)
    (root / "picker").mkdir(exist_ok=True)
    (root / "picker" / "grow_one_day.py").write_text(text, encoding="utf-8")
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab?reset&token={token}")
        page.locator(".jp-DirListing-content").wait_for()
        _open_by_double_click(page, "picker", "grow_one_day.py")
        page.locator(".jp-NotebookPanel:visible .jp-Notebook-cell").first.wait_for()
        state = _run_all(page)
        assert not state["errors"], state["errors"]
        panel = page.locator(".jp-NotebookPanel:visible")
        toggles = panel.locator(".widget-toggle-buttons")
        toggles.first.wait_for(timeout=30_000)
        assert toggles.count() == 4
        first_row = toggles.first.locator("xpath=../..")
        first_row.scroll_into_view_if_needed()
        # each candidate is shown with its lines in context, the keyword marked
        assert "⟦" in first_row.inner_text()
        page.screenshot(path=str(shots / "picker.png"))
        toggles.nth(0).get_by_role("button", name="accept").click()
        toggles.nth(1).get_by_role("button", name="reject").click()
        page.screenshot(path=str(shots / "picker-clicked.png"))
        grown = root / "picker" / "grown.yaml"
        # Run All wrote nothing: no candidate was marked then
        last = panel.locator(".jp-OutputArea-output").last
        assert "No candidate is marked yet" in last.inner_text()
        assert not grown.exists()
        page.evaluate(RUN_LAST_CELL)
        deadline = time.monotonic() + 60
        while not grown.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        page.screenshot(path=str(shots / "grown.png"))
        assert not page.evaluate(NOTEBOOK_STATE)["errors"]
        page.evaluate("async () => { const panel = window.jupyterapp.shell.currentWidget;"
                      " await panel.sessionContext.shutdown(); panel.close(); }")
        page.close()
    assert grown.is_file(), "the last cell wrote no lexicon after the clicks"
    import yaml

    import framing

    written = yaml.safe_load(grown.read_text(encoding="utf-8"))
    assert written["extends"] == "default"
    added = [t for d in written["dimensions"] for c in d["categories"]
             for t in c.get("terms", [])]
    assert len(added) == 1
    lexicon = framing.load_lexicon(grown)
    assert len(lexicon.category("militia").terms) == len(
        framing.load_lexicon("default").category("militia").terms) + 1
    rejected = (root / "picker" / "grown.rejected.csv").read_text(encoding="utf-8")
    assert rejected.count("\n") == 2 and "militia" in rejected  # header and one row
