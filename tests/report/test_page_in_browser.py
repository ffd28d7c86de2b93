"""The HTML report of a real nine-layer run, opened in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support.browser import dump_dom, pixels, screenshot
from support.cli import invoke
from support.fixtures import DB_PASSWORD, copy_fixture

pytestmark = pytest.mark.integration
APPLIED = (0x2F, 0x9E, 0x5B)  # report.html COLOURS["applied"]
PLAN = (0x9C, 0xC1, 0xEF)  # report.html PLAN_FILL
# Kept for people to look at (the issue asks for its path): the last run's screenshot.
SHOTS = Path(__file__).resolve().parents[2] / ".streamctl" / "test-screenshots"


class Elements(HTMLParser):
    """Every element's tag and attributes, and the text inside each id'd block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            a
            for t, a in self.found
            if t == tag and all(re.search(v, a.get(k, "")) for k, v in wanted.items())
        ]


def close(colour: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(colour, wanted, strict=True))


def test_the_report_page_of_a_nine_layer_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREAMCTL_TEST_DB_PASSWORD", DB_PASSWORD)
    stack = copy_fixture("platform9", tmp_path)
    page, doc_file = tmp_path / "run.html", tmp_path / "run.json"
    result = invoke(
        ["up", "-y", "--stack", str(stack / "stack.toml"), "--terraform", "terraform",
         "--report", str(page), "--report", str(doc_file)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(doc_file.read_text())

    dom = Elements()
    dom.feed(dump_dom(page, tmp_path / "profile-dom"))
    nodes = dom.having("g", class_="node")
    assert Counter(n["data-status"] for n in nodes) == {"applied": 9}
    edges = dom.having("path", class_="edge")
    assert len(edges) == sum(len(row["depends_on"]) for row in doc["layers"]) == 14
    critical = [n["data-layer"] for n in dom.having("g", class_="critical")]
    assert critical == [row["layer"] for row in doc["layers"] if row["on_critical_path"]]
    assert critical and set(critical) == set(doc["critical_path"])
    bars = dom.having("rect", class_="bar")
    assert Counter(b["data-phase"] for b in bars) == {"plan": 9, "apply": 9}
    text = " ".join(dom.text)
    assert "+9 ~0 -0" in text and "9 applied" in text
    assert " \u2192 ".join(doc["critical_path"]) in text
    assert re.search(r"at most [2-9] layers at once", text)  # layers ran side by side
    assert len(dom.having("tr", data_layer=".")) == 9
    assert not dom.having("script")

    png = screenshot(page, tmp_path / "profile-shot", tmp_path / "run.png", (1200, 1300))
    width, height, seen = pixels(png)
    assert (width, height) == (1200, 1300)
    colours = Counter(seen)
    applied = sum(n for c, n in colours.items() if close(c, APPLIED))
    planned = sum(n for c, n in colours.items() if close(c, PLAN))
    assert applied > 20_000, "the graph's nodes and the apply bars are drawn in green"
    assert planned > 2_000, "the plan bars are drawn"
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, SHOTS / "report-nine-layer-up.png")
    shutil.copyfile(page, SHOTS / "report-nine-layer-up.html")
