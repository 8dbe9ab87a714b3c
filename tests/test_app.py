"""The app shell through Streamlit's AppTest: home, the demo event in a workspace, and every registered page."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.models.cache import ModelCache
from dashboard.page_index import HOME, PAGES, WORKSPACE

ENTRYPOINT = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def open_app() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def load_demo(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Load the demo event").click()
    at.run()
    assert not at.exception
    return at


def test_home_explains_the_product_and_loads_no_model(monkeypatch):
    asked = []
    original = ModelCache.get
    monkeypatch.setattr(ModelCache, "get", lambda self, name: asked.append(name) or original(self, name))
    at = open_app()
    assert at.title[0].value == "Events LLM Dashboard"
    assert "language models" in at.markdown[0].value
    assert any("No workspace open" in c.value for c in at.sidebar.caption)
    load_demo(at)
    assert "40 sessions" in at.success[0].value and "308 comments" in at.success[0].value
    assert asked == []


def test_home_has_a_card_for_every_other_page():
    at = open_app()
    linked = {link.label for link in at.get("page_link")}
    assert linked == {p.title for p in PAGES if p not in (HOME, WORKSPACE)}


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_with_the_demo_event(page):
    at = load_demo(open_app())
    at.switch_page(str(page.path))
    at.run()
    assert not at.exception
    assert at.title, "every page has a title"
    if page is not HOME:
        assert at.title[0].value == page.title
    # the demo event's workspace survives the page switch, and stays in the link
    assert any("Harbourline Tech Summit 2026" in c.value for c in at.sidebar.caption)
    assert len(at.query_params["w"]) == 22


def test_model_status_page_lists_every_model_and_memory():
    at = open_app()
    at.switch_page(str(next(p for p in PAGES if p.file == "model_status.py").path))
    at.run()
    table = at.dataframe[0].value
    assert set(table["model"]) == {"decoder", "decoder_torch", "embedder", "sentiment"}
    assert table.set_index("model").loc["decoder", "engine"].startswith("llama.cpp")
    assert set(table["status"]) <= {"loaded", "not loaded", "failed"}
    assert any("Process memory" in c.value for c in at.sidebar.caption)
