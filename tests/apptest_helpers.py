"""Shared AppTest steps: open the app, open a workspace (the demo event's, or an empty one), go to a page."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


def page_path(file: str) -> str:
    return str(ROOT / "pages" / file)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def keyed(widgets, name: str):
    """The widget named `name` in `dashboard.state`, whose key may carry its data's version ("name@3f8a…")."""
    found = [w for w in widgets if w.key == name or (w.key or "").startswith(name + "@")]
    assert len(found) == 1, f"{len(found)} widgets keyed {name}: {[w.key for w in widgets]}"
    return found[0]


def open_page(file: str, with_demo: bool = True, timeout: int = 600, workspace: bool = True) -> AppTest:
    """The page, in a new workspace holding the demo event (or, without it, an empty one; or none at all)."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    if with_demo:
        button(at, "Load the demo event").click().run()
    elif workspace:
        at.text_input(key="home_new_name").input("Test event").run()
        button(at, "Create the workspace").click().run()
    at.switch_page(page_path(file)).run()
    assert not at.exception
    return at


def store_engine():
    """The database the app under test writes to (the test run's own folder, see conftest)."""
    from core.store.db import connect, database_url

    return connect(database_url())


def run_in_threads(fn, n: int = 8) -> tuple[list, list]:
    """Start n threads that call fn at the same instant; return (results, exceptions)."""
    import threading

    barrier, results, errors = threading.Barrier(n), [], []

    def call():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # reported to the caller, who asserts there were none
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


class Downloads:
    """What the page offered for download, by file name: the bytes a click would give the user (recorded as
    Streamlit stores them for its media endpoint)."""

    def __init__(self, monkeypatch):
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

        self.files: dict[str, bytes] = {}
        original = MemoryMediaFileStorage.load_and_get_id

        def record(storage, path_or_data, mimetype, kind, filename=None):
            if filename and isinstance(path_or_data, bytes):
                self.files[filename] = path_or_data
            return original(storage, path_or_data, mimetype, kind, filename)

        monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    def text(self, filename: str) -> str:
        return self.files[filename].decode("utf-8")
