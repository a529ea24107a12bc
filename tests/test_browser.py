"""The built book as a reader meets it: every page in a real browser (headless Chromium).

The site is served from a local port and every request to another host is refused and recorded,
so each page is checked as it behaves offline. Screenshots of one chapter at desktop and phone
widths are written to ``_build/screenshots/`` for a person to look at.
"""

import functools
import http.server
import os
import socketserver
import threading
from pathlib import Path

import pytest
from course import HIDDEN_RE, ROOT, chapter_path, chapters, read, secret_lines, toc_files
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "_build" / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    assert (site / "_static" / "mathjax" / "tex-mml-chtml.js").is_file(), (
        "the book has no MathJax of its own: run `make mathjax` before the tests"
    )
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), f"no Chromium at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Visit:
    """One page opened in a fresh tab, with what it logged and requested."""

    def __init__(self, browser, base: str, path: str, viewport=(1280, 900)):
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text[:300]))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:300]))
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"),
        )

        def route(request_route):
            url = request_route.request.url
            if url.startswith(base):
                request_route.continue_()
            else:
                self.elsewhere.append(url)
                request_route.abort()

        self.page.route("**/*", route)
        self.page.goto(f"{base}/{path}", wait_until="load")
        # Math is typeset after the load event; wait until MathJax says it is done.
        self.page.wait_for_function(
            "() => !document.querySelector('.math') || "
            "(window.MathJax && MathJax.startup && MathJax.startup.promise)"
        )
        self.page.evaluate(
            "() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null"
        )

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def visits(browser, server):
    opened = {}

    def visit(path: str) -> Visit:
        if path not in opened:
            opened[path] = Visit(browser, server, path)
        return opened[path]

    yield visit
    for v in opened.values():
        v.close()


PAGES = [f"{name}.html" for name in toc_files()]
CHAPTER_PAGES = [f"notebooks/{c}/{c}.html" for c in chapters()]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_loads_cleanly_and_offline(visits, path):
    visit = visits(path)
    assert not visit.errors, f"console errors: {visit.errors}"
    assert not visit.failed, f"failed requests: {visit.failed}"
    assert not visit.elsewhere, f"requests to other hosts: {visit.elsewhere}"


@pytest.mark.parametrize("path", PAGES)
def test_every_image_has_loaded(visits, path):
    page = visits(path).page
    page.evaluate("() => document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    broken = page.evaluate(
        "() => [...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_math_is_rendered_and_no_raw_tex_is_left(visits, path):
    page = visits(path).page
    assert page.locator("mjx-container").count() >= 5
    text = page.inner_text("main")
    assert "$$" not in text and "\\frac" not in text and "\\begin{" not in text


@pytest.mark.parametrize("chapter", chapters())
def test_solutions_are_collapsed_and_open_on_click_and_hidden_tests_appear_nowhere(visits, chapter):
    page = visits(f"notebooks/{chapter}/{chapter}.html").page
    folds = page.locator(".tag_hide-input details")
    assert folds.count() > 0, "no folded solution on the page"
    assert not any(folds.nth(i).get_attribute("open") is not None for i in range(folds.count()))
    first = folds.nth(0)
    code = first.locator(".cell_input")
    assert not code.is_visible()
    first.locator("summary").click()
    page.wait_for_function("(d) => d.open", arg=first.element_handle())
    assert code.is_visible()
    shown = set(line.strip() for line in page.inner_text("body").splitlines())
    hidden = secret_lines(read(chapter_path(chapter)), (HIDDEN_RE,))
    hidden = [line for line in hidden if len(line) >= 6]  # a line such as "2" gives nothing away
    assert hidden
    leaked = [line for line in hidden if line in shown]
    assert not leaked, f"hidden tests on the page: {leaked[:3]}"


@pytest.mark.parametrize("chapter", chapters())
def test_launch_and_download_buttons_point_at_the_chapter_notebook(visits, chapter):
    page = visits(f"notebooks/{chapter}/{chapter}.html").page
    notebook = f"notebooks/{chapter}/{chapter}.ipynb"
    links = page.eval_on_selector_all(
        ".header-article a[href], .dropdown-launch-buttons a[href], .dropdown-download-buttons "
        "a[href]",
        "links => links.map(a => a.href)",
    )
    for service in ("mybinder.org", "colab.research.google.com"):
        found = [link for link in links if service in link]
        assert found, f"no {service} launch button"
        assert all(link.endswith(notebook) for link in found), found
    assert any(link.endswith(f"_sources/{notebook}") for link in links), "no .ipynb download"


def test_search_finds_a_term_from_a_chapter(browser, server):
    visit = Visit(browser, server, "search.html?q=backpropagation")
    try:
        visit.page.wait_for_selector("#search-results li a", timeout=20_000)
        hits = visit.page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.href)"
        )
        assert any("04_backprop" in h for h in hits), hits[:5]
        assert not visit.errors and not visit.elsewhere
    finally:
        visit.close()


@pytest.mark.parametrize(("name", "size"), [("desktop", (1280, 900)), ("phone", (390, 844))])
def test_screenshots_of_a_chapter(browser, server, name, size):
    chapter = chapters()[0]
    visit = Visit(browser, server, f"notebooks/{chapter}/{chapter}.html", viewport=size)
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{chapter}_{name}.png"
        visit.page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 10_000
        width = visit.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= size[0] + 1, f"the page is {width} px wide on a {size[0]} px screen"
    finally:
        visit.close()
