"""The book builds with warnings as errors, and each chapter page shows what a reader needs."""

import html
import re
import sys
from pathlib import Path

import pytest
import yaml
from course import (
    HIDDEN_RE,
    ROOT,
    build_book,
    chapter_path,
    chapters,
    is_solution,
    read,
    secret_lines,
    toc_files,
)


def page_text(site: Path, docname: str) -> str:
    return (site / f"{docname}.html").read_text(encoding="utf-8")


def test_every_toc_entry_becomes_a_page(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").is_file()]
    assert not missing, f"pages missing from the built book: {missing}"
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_page_has_math_for_mathjax_and_no_raw_dollars(site, chapter):
    page = page_text(site, f"notebooks/{chapter}/{chapter}")
    assert page.count('class="math') >= 5, "expected display and inline math on the page"
    assert "mathjax" in page.lower(), "no MathJax script on the page"
    body = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "$$" not in body, "raw $$ left in the page: the math was not parsed"


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_page_shows_every_figure_the_notebook_made(site, chapter):
    notebook = read(chapter_path(chapter))
    n_figures = sum(
        "image/png" in out.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    page = page_text(site, f"notebooks/{chapter}/{chapter}")
    images = re.findall(r'<img[^>]+src="\.\./\.\./(_images/[^"]+\.png)"', page)
    assert len(images) == n_figures, (
        f"{len(images)} images on the page, {n_figures} in the notebook"
    )
    for src in images:
        assert (site / src).stat().st_size > 1000, f"{src} is missing or empty"


@pytest.mark.parametrize("chapter", chapters())
def test_solutions_are_folded_and_hidden_tests_absent(site, chapter):
    notebook = read(chapter_path(chapter))
    page = page_text(site, f"notebooks/{chapter}/{chapter}")
    n_code_solutions = sum(is_solution(c) and c.cell_type == "code" for c in notebook.cells)
    assert page.count('class="cell tag_hide-input') == n_code_solutions
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    hidden = secret_lines(notebook, (HIDDEN_RE,))
    assert hidden, "the chapter has no hidden tests to look for"
    page_lines = {line.strip() for line in text.splitlines()}
    shown = [line for line in hidden if line in page_lines]
    assert not shown, f"hidden-test lines appear on the page: {shown[:3]}"
    assert "BEGIN HIDDEN TESTS" not in text


@pytest.mark.parametrize("chapter", chapters())
def test_launch_buttons_point_at_the_chapter_notebook(site, chapter):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    page = page_text(site, f"notebooks/{chapter}/{chapter}")
    path = f"notebooks/{chapter}/{chapter}.ipynb"
    assert f"{config['launch_buttons']['colab_url']}/github/{repo}/blob/main/{path}" in page
    assert (
        f"{config['launch_buttons']['binderhub_url']}/v2/gh/{repo}/main?urlpath=lab/tree/{path}"
        in page
    )
    assert f'href="../../_sources/{path}"' in page, "no download-.ipynb button"


def test_a_configured_jupyterhub_gets_a_button_that_pulls_the_chapter(tmp_path):
    """The book ships with no hub, so its pages have no JupyterHub button; an instructor who sets
    `launch_buttons.jupyterhub_url` gets one that opens the chapter's notebook with nbgitpuller.
    Built here with a hub set, on the introduction and the first chapter."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert not config["launch_buttons"]["jupyterhub_url"]
    hub = "https://hub.example.edu"
    config["launch_buttons"]["jupyterhub_url"] = hub
    extensions = config["sphinx"]["local_extensions"]
    config["sphinx"]["local_extensions"] = {k: str(ROOT / v) for k, v in extensions.items()}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    chapter = chapters()[0]
    toc = {
        "format": "jb-book",
        "root": "book/intro",
        "chapters": [{"file": chapter_path(chapter).relative_to(ROOT).with_suffix("").as_posix()}],
    }
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc))
    config_file, toc_file = str(tmp_path / "_config.yml"), str(tmp_path / "_toc.yml")
    site, _ = build_book(tmp_path / "out", "--config", config_file, "--toc", toc_file)
    page = page_text(site, f"notebooks/{chapter}/{chapter}")
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page) if hub in h]
    repo = config["repository"]["url"]
    name = repo.rstrip("/").rsplit("/", 1)[-1]
    assert links == [
        f"{hub}/hub/user-redirect/git-pull?repo={repo.replace('://', '%3A//')}"
        f"&urlpath=lab/tree/{name}/notebooks/{chapter}/{chapter}.ipynb&branch=main"
    ]


def test_citations_link_to_the_bibliography(site):
    references = page_text(site, "book/references")
    cited = set()
    for chapter in chapters():
        page = page_text(site, f"notebooks/{chapter}/{chapter}")
        cited |= set(re.findall(r'href="\.\./\.\./book/references\.html#(id\d+)"', page))
    assert cited, "no chapter cites anything"
    for anchor in cited:
        assert f'id="{anchor}"' in references, f"citation target {anchor} missing from references"


def test_the_chapter_map_is_drawn_from_the_prerequisites_and_up_to_date(tmp_path):
    sys.path.insert(0, str(ROOT / "book"))
    import chapter_map

    graph = chapter_map.chapters()
    assert sorted(graph) == [int(c[:2]) for c in chapters()]
    first = min(graph)
    unlinked = [n for n, (_, before) in graph.items() if n != first and not before]
    assert not unlinked, f"chapters whose Prerequisites link to no chapter: {unlinked}"
    assert all(p < n for n, (_, before) in graph.items() for p in before)
    fresh = tmp_path / "chapter_map.svg"
    chapter_map.draw(graph, fresh)
    assert fresh.read_bytes() == chapter_map.OUTPUT.read_bytes(), (
        "book/images/chapter_map.svg is out of date: run `python book/chapter_map.py`"
    )
