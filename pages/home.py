"""Home: what the dashboard does; open a workspace (the demo, a new one, a link, a file); a card for every page."""
import streamlit as st

from dashboard import workspace
from dashboard.page_index import HOME, PAGES, WORKSPACE
from dashboard.widgets import md_escape, show_error, summary

st.title("Events LLM Dashboard")
st.markdown(
    "Put small, local language models to work on your event: write session copy, read every attendee "
    "comment, and untangle the agenda. Each page also shows the idea behind the model it uses, on your own data. "
    "Everything you load or make is kept in a **workspace**: its link brings it back after a reload or a week "
    "away, and opens it for your team."
)


def load_demo() -> None:
    if workspace.create_demo() is not None:
        st.toast(f"Loaded {workspace.demo_name()} into a new workspace of your own", icon=":material/check_circle:")


opened = workspace.current()
left, right = st.columns([1, 2], vertical_alignment="center")
with left:
    st.button("Load the demo event", type="primary", icon=":material/celebration:", on_click=load_demo,
              help="A fresh copy of a fictional two-day tech summit, in a new workspace: 40 sessions and about 300 "
                   "attendee comments. Other visitors' copies are theirs.")
with right:
    if opened is None:
        st.caption("The demo event is a fictional two-day tech summit: 40 sessions and about 300 attendee comments.")
    else:
        st.success(f"**{md_escape(opened.name)}** · {summary()}", icon=":material/event_available:")

if opened is not None:
    with st.container(border=True):
        st.markdown("**The link for your team.** Anyone with it can open this workspace; keep it like a key.")
        st.code(workspace.link(opened), language=None, wrap_lines=True)
        a, b = st.columns(2)
        a.page_link(str(WORKSPACE.path), label="Team, backup and history", icon=WORKSPACE.icon)
        if b.button("Close this workspace", icon=":material/logout:", key="home_close"):
            workspace.close()
            st.rerun()

with st.expander("Start a workspace, open a link, or restore a file", icon=":material/folder_open:",
                 expanded=opened is None):
    new, link, restore = st.tabs(["New workspace", "Open a link", "Restore a file"])
    with new:
        name = st.text_input("Event name", max_chars=200, key="home_new_name",
                             placeholder="e.g. PyData Harbourline 2027")
        if st.button("Create the workspace", icon=":material/add:", key="home_create"):
            if not name.strip():
                st.warning("Give the event a name first.", icon=":material/edit:")
            elif workspace.create(name) is not None:
                st.rerun()
    with link:
        pasted = st.text_input("Workspace link or id", max_chars=500, key="home_link",
                               placeholder="https://…/?w=…")
        if st.button("Open", icon=":material/link:", key="home_open"):
            workspace.open_link(pasted)
            st.rerun()
    with restore:
        upload = st.file_uploader("A workspace file (.zip), from “Download the whole workspace”", type=["zip"],
                                  key="home_restore")
        if upload is not None and st.button("Restore it as a new workspace", icon=":material/unarchive:",
                                            key="home_restore_go"):
            try:
                restored = workspace.restore(upload.getvalue())
            except ValueError as exc:  # BackupError: the file says what is wrong with it
                show_error(exc)
            else:
                st.toast(f"Restored {restored.name}", icon=":material/check_circle:")
                st.rerun()

mine = workspace.mine()
if mine:
    st.subheader("Your workspaces")
    for ws in mine:
        a, b = st.columns([3, 1], vertical_alignment="center")
        a.markdown(f"**{md_escape(ws.name)}** · changed {workspace.local_time(ws.updated_at)}"
                   + (" · shared with you" if ws.owner_email != (workspace.signed_in().email or "").lower() else ""))
        if b.button("Open", key=f"home_mine_{ws.id}", disabled=opened is not None and opened.id == ws.id):
            workspace.open_link(ws.id)
            st.rerun()

for section in dict.fromkeys(p.section for p in PAGES if p not in (HOME, WORKSPACE)):
    st.subheader(section)
    cards = [p for p in PAGES if p.section == section]
    for row in range(0, len(cards), 3):
        for column, page in zip(st.columns(3), cards[row:row + 3]):
            with column.container(border=True, height="stretch"):
                st.page_link(str(page.path), label=page.title, icon=page.icon)
                st.caption(page.blurb)
