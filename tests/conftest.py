"""Shared fixtures. Real models load once per test session: they are slow to load and read-only."""
from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Workspaces made by the page tests (and the app servers they start) go to a folder of this test run's own,
# never to the project's .data/; a developer's own database settings stay out.
os.environ["EVENTS_DATA_DIR"] = tempfile.mkdtemp(prefix="events-test-data-")
for _name in ("EVENTS_DB_URL", "EVENTS_REQUIRE_LOGIN"):
    os.environ.pop(_name, None)

from core.models.cache import MODELS  # noqa: E402


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture's teardown can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def decoder():
    return MODELS.get("decoder")


@pytest.fixture(scope="session")
def embedder():
    return MODELS.get("embedder")


@pytest.fixture(autouse=True)
def _no_model_overrides(monkeypatch):
    """A developer's own EVENTS_LLM_* settings must not leak into the tests."""
    for key in list(os.environ):
        if key.startswith("EVENTS_LLM_"):
            monkeypatch.delenv(key)
    # no background model loads racing a test's own (tests/test_warm_start.py turns it on)
    monkeypatch.setenv("EVENTS_LLM_WARM_START", "0")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of the test session's own (see tests/postgres.py)."""
    from postgres import Cluster

    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


_databases = iter(range(10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An empty, migrated database: an SQLite file, then a new database on the test PostgreSQL server."""
    from core.store.db import connect, prepare

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'events.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"events_{next(_databases)}")
    engine = connect(url)
    prepare(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def chromium():
    """Headless Chromium (Debian's, see tests/browser.py) for one browser test."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def routes_db(engine, monkeypatch):
    """The attendee routes pointed at the store's test database (SQLite, then PostgreSQL): a module's
    `pytestmark = pytest.mark.usefixtures("routes_db")`."""
    from routes import store as door

    monkeypatch.setenv("EVENTS_DB_URL", engine.url.render_as_string(hide_password=False))
    door.reset_engine()
    yield engine
    door.reset_engine()
