"""Entrypoint: `streamlit run dashboard/app.py`. Builds the navigation from `dashboard.page_index`."""
from __future__ import annotations

import faulthandler
import signal

import streamlit as st

from core.models import limit_malloc_arenas, trim_free_memory, warm_up
from dashboard import workspace
from dashboard.page_index import PAGES, SECTIONS
from dashboard.widgets import sidebar, sign_in_gate

limit_malloc_arenas()  # before the page (and its models) allocate; repeating it on a rerun is a no-op
# `kill -USR1 <pid>` prints every thread's stack to the server's log: what a stuck page is waiting for, without
# stopping the server (the browser tests read it when a step times out)
if hasattr(signal, "SIGUSR1"):
    faulthandler.register(signal.SIGUSR1, all_threads=True)

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
