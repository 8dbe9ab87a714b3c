"""Entrypoint: `streamlit run dashboard/app.py`. Serves the dashboard and, beside it on the same port, the HTTP
routes for attendees and apps (`routes`: feedback forms, live programme feeds) through Streamlit's ASGI entry
point. `streamlit run` finds the `st.App` below and serves it; each browser session then runs this same file as
its script (`__main__`), which builds the navigation from `dashboard.page_index`, or, for a speaker's private
link (`?s=<token>`), shows that speaker's page alone."""
from __future__ import annotations

import faulthandler
import signal

import streamlit as st

from core.models import limit_malloc_arenas, trim_free_memory, warm_up
from dashboard import workspace
from dashboard.page_index import PAGES, SECTIONS, SPEAKER_LINK, SPEAKER_PAGE
from dashboard.widgets import sidebar, sign_in_gate


def run_page() -> None:
    """One run of a browser session's script: the page in the link, the sidebar, then housekeeping."""
    limit_malloc_arenas()  # before the page (and its models) allocate; repeating it on a rerun is a no-op
    # `kill -USR1 <pid>` prints every thread's stack to the server's log: what a stuck page is waiting for, without
    # stopping the server (the browser tests read it when a step times out)
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, all_threads=True)

    # a speaker's private link: their page alone, with no sign-in, no workspace opened, no navigation, no sidebar
    if SPEAKER_LINK in st.query_params:
        st.set_page_config(page_title="Your speaker page", page_icon=":material/record_voice_over:", layout="centered")
        st.navigation([st.Page(SPEAKER_PAGE.path, title=SPEAKER_PAGE.title, icon=SPEAKER_PAGE.icon,
                               url_path=SPEAKER_PAGE.url_path, default=True)], position="hidden").run()
        return
    st.set_page_config(page_title="Events LLM Dashboard", page_icon=":material/event:", layout="wide")
    sign_in_gate()  # with EVENTS_REQUIRE_LOGIN=1, nothing below runs for a visitor who has not signed in
    workspace.sync()  # the workspace in the link, its waiting changes written, what others changed noticed
    if (said := workspace.notice()) is not None:
        st.warning(said, icon=":material/link_off:")

    navigation = st.navigation(
        {section: [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=(i == 0))
                   for i, p in enumerate(PAGES) if p.section == section]
         for section in SECTIONS}
    )
    navigation.run()
    sidebar()  # after the page, so it shows what the page just did (e.g. the demo event it loaded)
    trim_free_memory()  # give back what this run freed, so resident memory tracks what is really in use
    warm_up()  # once per process, after the first page is drawn: the first Generate finds its models loaded


if __name__ == "__main__":  # a browser session's script run
    run_page()
else:  # imported by `streamlit run` (or any ASGI server): the app, with the routes beside it
    from routes import ROUTES

    app = st.App(__file__, routes=ROUTES)
