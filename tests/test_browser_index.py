"""What a reader sees when opening a report's index.html in a browser (Chromium, offline)."""

from __future__ import annotations

import pytest

from browser_support import chromium_browser, screenshot_dir
from framing.report_index import write_index
from test_report_index import NASTY, build_report_folder


@pytest.fixture(scope="module")
def index_page(tmp_path_factory, seed_texts, default_matcher):
    out = tmp_path_factory.mktemp("browser-index") / "report"
    with pytest.MonkeyPatch.context() as monkeypatch:
        manifest = build_report_folder(out, seed_texts, monkeypatch, default_matcher)
    return write_index(out, manifest)


def test_index_opens_with_summary_findings_and_a_share_chart(index_page, tmp_path_factory):
    shots = screenshot_dir(tmp_path_factory, "index")
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(index_page.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(shots / "index.png"), full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=str(shots / "index-print.png"), full_page=False)
        page.emulate_media(media="screen")

        # failed notebooks first, then the summary with the key findings
        assert page.locator(".failed h2").inner_text() == "1 of 5 notebooks failed"
        findings = page.locator("#summary ol li")
        assert findings.count() == 8
        assert findings.first.inner_text().startswith("Finding 0: " + NASTY)
        assert page.locator("#summary").get_by_text("12.0 percentage points").is_visible()

        # the first figure on the page is a share chart, with its picture loaded
        first = page.locator("figure").first
        assert "How armed groups are named" in first.locator("h3").inner_text()
        assert first.evaluate("f => f.closest('section').id") == "shares"
        width = first.locator("img").evaluate("img => img.naturalWidth")
        assert width > 100
        caption = first.locator("figcaption").inner_text()
        assert "المسلحين" in caption
        assert first.locator("a", has_text="numbers (CSV)").get_attribute("href") == \
            "tables/shares_armed_group_label.csv"
        arabic = first.locator('figcaption span[lang="ar"]')
        assert arabic.evaluate("s => getComputedStyle(s).direction") in ("ltr", "rtl")

        # every picture is loaded, also those further down (they must print)
        sizes = page.locator("figure img").evaluate_all("imgs => imgs.map(i => i.naturalWidth)")
        assert len(sizes) == 3 and min(sizes) > 100, sizes
        # nothing ran from the data, nothing was fetched from elsewhere
        assert dialogs == []
        assert page.evaluate("document.scripts.length") == 0
        assert all(url.startswith("file://") for url in requests), requests
        # the contents are hidden when printing
        page.emulate_media(media="print")
        assert not page.locator("nav").is_visible()
    assert (shots / "index.png").stat().st_size > 10_000
