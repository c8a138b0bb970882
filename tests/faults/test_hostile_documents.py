"""Hostile text through every document path: Markdown export (rendered by GitHub's cmark-gfm
and by markdown-it-py), Markdown import, ``facilitator import`` and ``facilitator lint``.

What happens to control characters: the archive keeps what was typed, byte for byte (NUL and
ESC included, see test_archive_keeps_control_characters); the Markdown export drops control
characters other than tab and newline (``markdown_export.clean_text``: they have no place in
a wiki page), and the terminal output of the CLI shows them escaped (``\\x1b``), never raw.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
import yaml
from faults_support import (
    ALL_HOSTILE,
    CONTROL,
    HOSTILE,
    big_paste,
    cli,
    full_postmortem,
    main_in_process,
)
from markdown_it import MarkdownIt

from facilitator.core.blame import lint
from facilitator.core.markdown_export import clean_text, to_markdown
from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import to_dict
from facilitator.store.archive import Archive

KINDS = {**HOSTILE, "all at once": ALL_HOSTILE}
# The only elements a post-mortem's own structure produces.
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr",
                "th", "td", "strong", "em", "br", "hr", "a", "code", "pre", "blockquote",
                "input", "del"}
STRUCTURE_NOISE = {"br", "a"}  # a newline in text gives <br>; a typed URL may be linked


class _Page(HTMLParser):
    """The tags, attributes, comments and visible text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.cells: list[list[str]] = []  # per table row: number of cells

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag == "tr":
            self.cells.append([])
        if tag in ("td", "th") and self.cells:
            self.cells[-1].append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _split_front_matter(markdown: str) -> tuple[dict[str, object], str]:
    """The YAML front matter and the body; GitHub and MkDocs read the two apart too."""
    assert markdown.startswith("---\n")
    end = markdown.index("\n---\n", 4)
    data = yaml.safe_load(markdown[4:end])
    assert isinstance(data, dict)
    return data, markdown[end + 5:]


def _renders(markdown: str) -> dict[str, str]:
    # UNSAFE: raw HTML passed through, as some wikis do; the strictest test of our escaping.
    if markdown.startswith("---\n"):
        markdown = _split_front_matter(markdown)[1]
    return {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(
            markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE),
        "cmark-gfm safe": cmarkgfm.github_flavored_markdown_to_html(markdown),
        "markdown-it": MarkdownIt("gfm-like", {"html": True}).render(markdown),
    }


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _structure(page: _Page) -> list[str]:
    return [t for t in page.tags if t.lstrip("/") not in STRUCTURE_NOISE]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def benign() -> dict[str, _Page]:
    markdown = to_markdown(full_postmortem("benign words"))
    return {name: _parse(html) for name, html in _renders(markdown).items()}


@pytest.mark.parametrize("kind", list(KINDS))
def test_export_renders_user_text_as_text(kind: str, benign: dict[str, _Page]) -> None:
    text = KINDS[kind]
    markdown = to_markdown(full_postmortem(text))
    assert not CONTROL & set(markdown), "control characters reach the page"
    front, _body = _split_front_matter(markdown)
    assert front["title"] == clean_text(text)  # a YAML string, read back literally
    for renderer, html in _renders(markdown).items():
        page = _parse(html)
        assert set(t.lstrip("/") for t in page.tags) <= ALLOWED_TAGS, (renderer, page.tags)
        # Same elements in the same order as with harmless text: no table broken, no
        # heading, rule, list, code or emphasis made from what the user typed.
        assert _structure(page) == _structure(benign[renderer]), renderer
        for name, value in page.attributes:
            assert not name.startswith("on"), (renderer, name)
            assert not value.lower().startswith(("javascript:", "data:")), (renderer, value)
        for comment in page.comments:  # only our own marker comment (hidden when safe)
            assert "facilitator:dismissed-flags" in comment or (
                renderer == "cmark-gfm safe" and comment.strip() == "raw HTML omitted"
            ), (renderer, comment)
        visible = _squash("".join(page.text))
        for fragment in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                         "[bold]loud[/bold]", "[@click=app.quit]", "a | b || c", "`tick`",
                         "**bold**", "障害対応の振り返り", "👩\u200d👩\u200d👧", "e\u0301",
                         "\u202eevil.exe\u202c", "<!-- c -->", "# heading"):
            for line in text.split("\n"):
                if fragment in line and renderer != "cmark-gfm safe":
                    assert _squash(fragment) in visible, (renderer, fragment)


def test_tables_keep_their_rows_with_pipes_and_newlines(benign: dict[str, _Page]) -> None:
    text = "a | b\n| c | d |\n|---|\n---"
    pm = full_postmortem(text)
    for renderer, html in _renders(to_markdown(pm)).items():
        page = _parse(html)
        assert page.cells == benign[renderer].cells, renderer
        assert "a | b" in "".join(page.text), renderer


@pytest.mark.parametrize("kind", list(KINDS))
def test_markdown_round_trip_keeps_hostile_text(kind: str) -> None:
    pm = full_postmortem(KINDS[kind], pm_id="PM-2026-0001")
    back = from_markdown(to_markdown(pm))
    expected = to_dict(full_postmortem(clean_text(KINDS[kind]), pm_id="PM-2026-0001"))
    assert to_dict(back) == expected


@pytest.mark.slow
def test_a_one_megabyte_paste_exports_renders_and_comes_back() -> None:
    pm = full_postmortem("short", pm_id="PM-2026-0001")
    pm.timeline[0].description = big_paste()  # a table cell: the hardest place
    markdown = to_markdown(pm)
    html = cmarkgfm.github_flavored_markdown_to_html(markdown,
                                                     options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    page = _parse(html)
    assert "pool exhausted (waiters=512) [retry] |" in "".join(page.text)
    assert all(tag.lstrip("/") in ALLOWED_TAGS for tag in page.tags)
    back = from_markdown(markdown)
    assert back.timeline[0].description == big_paste().rstrip("\n")


def test_archive_keeps_control_characters(tmp_path: Path) -> None:
    text = HOSTILE["escapes"] + HOSTILE["nul"]
    with Archive.open(str(tmp_path / "a.sqlite3")) as archive:
        saved = archive.save(full_postmortem(text))
        back = archive.load(saved.id)
    assert to_dict(back) == to_dict(saved)
    assert back.summary == text and "\x00" in back.title and "\x1b" in back.summary


def test_cli_import_of_our_hostile_export(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    path = tmp_path / "hostile.md"
    path.write_text(to_markdown(full_postmortem(ALL_HOSTILE, pm_id="PM-2026-0009")),
                    encoding="utf-8")
    result = cli("import", str(path), db=db, home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PM-2026-0009"
    expected = full_postmortem(clean_text(ALL_HOSTILE), pm_id="PM-2026-0009")
    expected.number_action_items()  # as every save does
    with Archive.open(str(db)) as archive:
        assert to_dict(archive.load("PM-2026-0009")) == to_dict(expected)
    listed = cli("list", db=db, home=home)
    assert listed.returncode == 0 and "\x1b" not in listed.stdout + listed.stderr
    assert "[bold]loud[/bold]" in listed.stdout


WIKI_PAGES = {
    "html and scripts": "# Outage <script>alert(1)</script>\n\n## Summary\n\n"
                        "<img src=x onerror=alert(1)> text\n\n## Timeline\n\n"
                        "| Time | Event |\n|---|---|\n| 14:02 | a \\| b <b>x</b> |\n",
    "control characters": "---\ntitle: \"t\\x1b[2J\\0\"\n---\n# T\x1b[31m\x00itle\n\n"
                          "## Summary\n\nbell\x07 nul\x00 esc\x1b]0;x\x07\n",
    "broken front matter": "---\ntitle: [unclosed\nid: {\n---\n# x\n",
    "only rules": "---\n---\n---\n",
    "markup": "# [bold]x[/] [@click=app.quit]q[/]\n\n## Action items\n\n- [link=x]y[/link]\n",
    "deep nesting": "> " * 500 + "x\n" + "- " * 500 + "y\n" + "[" * 5000 + "\n",
    "wide and rtl": "# 障害 🔥 \u202eevil\n\n## Summary\n\nمرحبا e\u0301\u0301\n",
    "empty": "",
}


@pytest.mark.parametrize("name", list(WIKI_PAGES))
def test_import_of_hostile_wiki_pages_never_crashes(tmp_path: Path, name: str) -> None:
    path = tmp_path / "page.md"
    path.write_text(WIKI_PAGES[name], encoding="utf-8")
    status, out, err = main_in_process("--db", str(tmp_path / "a.sqlite3"), "import",
                                       str(path))
    assert "Traceback" not in err
    if status == 0:
        with Archive.open(str(tmp_path / "a.sqlite3")) as archive:
            pm = archive.load(out.strip())
        # Kept as text: nothing interpreted, no markup turned into structure.
        if name == "html and scripts":
            assert "<script>alert(1)</script>" in pm.title
    else:
        assert status == 2 and "cannot import" in err and str(path) in err


def test_import_of_binary_and_nul_bytes(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"# title\x00\xff\xfe\n\n\x1b[2J")
    result = cli("import", str(path), db=tmp_path / "a.sqlite3", home=home)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "UTF-8" in result.stderr and "\x1b" not in result.stderr


@pytest.mark.parametrize("kind", list(KINDS))
def test_lint_takes_hostile_text(kind: str) -> None:
    text = "She should have caught this. " + KINDS[kind]
    findings = lint(text)
    assert any(f.category == "blame" for f in findings)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


def test_lint_command_with_hostile_input(tmp_path: Path, home: Path) -> None:
    text = "She should have caught this.\n" + ALL_HOSTILE + "\nHe failed to follow \x1b[2J.\n"
    page = tmp_path / "pm.md"
    page.write_text(text, encoding="utf-8")
    as_json = cli("lint", "--format", "json", str(page), db=None, home=home)
    assert as_json.returncode == 1, as_json.stderr
    findings = json.loads(as_json.stdout)
    assert findings and all(f["path"] == str(page) for f in findings)
    plain = cli("lint", "-", stdin=text, db=None, home=home)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "\x1b" not in plain.stdout + plain.stderr  # never a live escape sequence
    big = cli("lint", "-", stdin=big_paste(), db=None, home=home)
    assert big.returncode in (0, 1) and "Traceback" not in big.stderr


def test_command_output_never_carries_a_live_control_character(tmp_path: Path,
                                                               home: Path) -> None:
    # A JSON import keeps control characters (the archive stores what it is given).
    db = tmp_path / "archive.sqlite3"
    draft = tmp_path / "hostile.json"
    draft.write_text(json.dumps(to_dict(full_postmortem(ALL_HOSTILE))), encoding="utf-8")
    imported = cli("import", str(draft), db=db, home=home)
    assert imported.returncode == 0, imported.stderr
    pm_id = imported.stdout.strip()
    for args in (["list"], ["search", "loud"], ["actions"], ["actions", "--json"], ["report"],
                 ["export", pm_id], ["report", "--markdown"], ["report", "--json"]):
        status, out, err = main_in_process("--db", str(db), *args)
        assert status == 0, (args, err)
        assert not {"\x1b", "\x00", "\x9b", "\x07"} & set(out + err), args
    result = cli("export", pm_id, "--format", "json", db=db, home=home)  # a real process too
    assert result.returncode == 0, result.stderr
    assert not {"\x1b", "\x00", "\x9b", "\x07"} & set(result.stdout + result.stderr)
    as_json = json.loads(result.stdout)
    assert as_json["summary"] == ALL_HOSTILE  # JSON keeps it exactly, escaped as \u001b


SHELL_BAIT = "$(touch pwned) `touch pwned2` ; touch pwned3 ' \" \\ | & > pwned4 $HOME *"


def test_gh_script_and_csv_of_hostile_action_items(tmp_path: Path) -> None:
    import csv
    import io
    import stat
    import subprocess

    from facilitator.store.tracking import action_items, actions_csv, gh_commands

    pm = full_postmortem("x")
    pm.action_items[0].description = SHELL_BAIT + " " + LINE_FOR_SHELL
    pm.action_items[0].owner = '=HYPERLINK("http://evil.example","x")'
    with Archive.open(str(tmp_path / "a.sqlite3")) as archive:
        archive.save(pm)
        rows = action_items(archive)
    script = tmp_path / "issues.sh"
    script.write_text("\n".join(gh_commands(rows)) + "\n", encoding="utf-8")
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> "$OUT"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "args"
    subprocess.run(["sh", str(script)], cwd=work, check=True, timeout=30,
                   env={"PATH": f"{fake.parent}:/usr/bin:/bin", "OUT": str(out),
                        "HOME": str(tmp_path)})
    assert list(work.iterdir()) == []  # nothing in the text ran
    args = out.read_bytes().decode().split("\0")[:-1]
    title = args[args.index("--title") + 1]
    assert title.startswith(SHELL_BAIT)  # passed through as the words typed
    assert "\x1b" not in title and "\x00" not in title
    cells = next(csv.reader(io.StringIO(actions_csv(rows).split("\n", 1)[1])))
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)  # not a formula


LINE_FOR_SHELL = " ".join(v for k, v in HOSTILE.items() if k != "lines")
