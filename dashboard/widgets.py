"""Widgets shared by several pages: the sidebar, the model status table, getting a model or stopping the page,
error boxes, user text shown safely, CSV downloads."""
from __future__ import annotations

from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from core.models import MODELS, ModelUnavailableError, model_status, process_memory
from core.readers import to_csv_bytes
from dashboard import workspace
from dashboard.state import VISITOR

T = TypeVar("T")
STATUS_ICONS = {"loaded": "🟢", "loading": "🟡", "not loaded": "⚪", "failed": "🔴"}


def sidebar() -> None:
    with st.sidebar:
        opened = workspace.current()
        if opened is None:
            st.caption("No workspace open. On **Home**, load the demo event, start a workspace, or open a link.")
        else:
            st.caption(f"**Workspace:** {md_escape(opened.name)}")
            st.caption(summary())
        if (paused := workspace.saving_status()) is not None:
            st.warning(paused, icon=":material/cloud_off:")
        _identity()
        with st.expander("Models", icon=":material/memory:"):
            for row in model_status():
                loads = f" · loaded {row['loads']}×" if row["loads"] else ""
                st.caption(f"{STATUS_ICONS[row['status']]} **{row['model']}** — {row['status']}{loads}")
            mem = process_memory()
            st.caption(f"Process memory: {mem['rss_mb']:.0f} MB of {mem['limit_mb']:.0f} MB (Streamlit Cloud)")


def counted(n: int, noun: str, plural: str = "") -> str:
    """Example: counted(1, "draft") -> "1 draft"; counted(1200, "comment") -> "1,200 comments";
    counted(2, "clash", "clashes") -> "2 clashes" """
    return f"{n:,} " + (noun if n == 1 else plural or noun + "s")


def summary() -> str:
    """Example: "40 sessions · 308 comments · 1 draft" """
    held = workspace.counts()
    parts = [counted(held["sessions"], "session") if held.get("sessions") else "no programme yet",
             counted(held["comments"], "comment") if held.get("comments") else "no comments yet"]
    return " · ".join(parts + ([counted(held["drafts"], "draft")] if held.get("drafts") else []))


def _identity() -> None:
    """Who the change log says is working: the signed-in user, or a name a visitor gives."""
    user = workspace.signed_in()
    if user is not None:
        st.caption(f"Signed in as **{md_escape(user.label)}**")
        st.button("Sign out", on_click=st.logout, key="sign_out", icon=":material/logout:")
        return
    if workspace.auth_configured():
        st.button("Sign in", on_click=st.login, key="sign_in", icon=":material/login:")
    if workspace.current() is not None:
        st.text_input("Your name, for the change log", max_chars=80, key=VISITOR,
                      placeholder="someone with the link")


def sign_in_gate() -> None:
    """With EVENTS_REQUIRE_LOGIN=1, a visitor who has not signed in sees only a way to sign in."""
    if not workspace.login_required() or workspace.signed_in() is not None:
        return
    st.title("Events LLM Dashboard")
    if workspace.auth_configured():
        st.info("This deployment is for signed-in users only.", icon=":material/lock:")
        st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
    else:
        st.error("This deployment requires login (EVENTS_REQUIRE_LOGIN), but no identity provider is configured "
                 "in the `[auth]` section of its secrets. Its administrator needs to add one.",
                 icon=":material/lock:")
    st.stop()


def model_status_table() -> None:
    rows = model_status()
    frame = pd.DataFrame(rows).drop(columns=["error"])
    frame.insert(0, "", frame["status"].map(STATUS_ICONS))
    st.dataframe(
        frame, hide_index=True, width="stretch",
        column_config={
            "load_seconds": st.column_config.NumberColumn("load (s)", format="%.1f"),
            "parameters_m": st.column_config.NumberColumn("parameters (M)", format="%.1f"),
            "weights_mb": st.column_config.NumberColumn("weights (MB)"),
            "rss_delta_mb": st.column_config.NumberColumn("memory added (MB)"),
            "shared_mb": st.column_config.NumberColumn(
                "shared (MB)", help="Weights identical to another loaded model's, kept once for both."),
            "loads": st.column_config.NumberColumn("times loaded", help="Stays at 1: each model loads once per process."),
        },
    )
    for row in rows:
        if row["error"]:
            st.error(f"**{row['model']}** failed to load from {md_escape(row['source'])}. {md_escape(row['error'])}",
                     icon=":material/error:")


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"})


def md_escape(text: str) -> str:
    """User text inside st.markdown: shown literally, never as links, images or formatting.

    Example: md_escape("<b>[x](y)</b>") -> "\\<b\\>\\[x\\]\\(y\\)\\</b\\>"
    """
    return str(text).translate(_MARKDOWN_SPECIALS)


def download_csv(frame: pd.DataFrame, filename: str, label: str, key: str) -> None:
    st.download_button(label, to_csv_bytes(frame), file_name=filename, mime="text/csv", key=key,
                       icon=":material/download:", disabled=frame.empty)


def show_error(exc: BaseException, icon: str = ":material/error:") -> None:
    """A plain error box for a failure the organiser can act on: our exceptions' messages say what went wrong and
    what to do, so the message is shown as it is (never a traceback)."""
    st.error(str(exc), icon=icon)


def with_progress(call: Callable[[Callable[[int, int], None]], T], placeholder, start: str, step: str) -> T | None:
    """Run a model over many texts with a progress bar in `placeholder` (one element the page always draws, so
    its tabs never shift), cleared afterwards; a model that cannot be had gives a plain error box and None.

    Example: with_progress(lambda progress: embed(texts, progress=progress), st.empty(), "Embedding sessions…",
                           "Embedded {done} of {total} sessions")
    """
    placeholder.progress(0.0, text=start)
    try:
        return call(lambda done, total: placeholder.progress(done / total, text=step.format(done=done, total=total)))
    except ModelUnavailableError as exc:
        show_error(exc)
        return None
    finally:
        placeholder.empty()


def model_or_stop(name: str, what: str = "model"):
    """The loaded model, with a spinner while it loads (once per server); or an error box and the end of this
    page run when it cannot be had."""
    try:
        if not MODELS.is_loaded(name):
            with st.spinner(f"Loading the {what} (once per server)…"):
                return MODELS.get(name)
        return MODELS.get(name)
    except ModelUnavailableError as exc:
        show_error(exc)
        st.stop()
