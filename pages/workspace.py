"""Workspace: its name and link, the people it is shared with, a backup file, its change log, and deleting it."""
import streamlit as st

from dashboard import workspace
from dashboard.collecting import feeds_section, forms_section
from dashboard.speakers import speakers_section
from dashboard.widgets import md_escape, show_error, summary

st.title("Workspace")
opened = workspace.require()
st.markdown(f"**{md_escape(opened.name)}** · {summary()}")

left, right = st.columns(2)
with left:
    with st.container(border=True):
        st.markdown("**Name**")
        name = st.text_input("Workspace name", opened.name, max_chars=200, key=f"ws_name_{opened.id}",
                             label_visibility="collapsed")
        if name.strip() and name.strip() != opened.name and st.button("Rename", key="ws_rename"):
            workspace.rename(name)
            st.rerun()
    with st.container(border=True):
        st.markdown("**Link**: whoever has it can open this workspace" + (
            "" if workspace.signed_in() is None else " if it is shared with them") + ".")
        st.code(workspace.link(opened), language=None, wrap_lines=True)
    if workspace.signed_in() is not None:
        with st.container(border=True):
            st.markdown("**Shared with**")
            for email in workspace.members():
                a, b = st.columns([3, 1])
                a.caption(md_escape(email))
                if b.button("Remove", key=f"ws_unshare_{email}"):
                    workspace.unshare(email)
                    st.rerun()
            email = st.text_input("Share with (e-mail)", max_chars=320, key="ws_share_email",
                                  placeholder="colleague@example.org")
            if st.button("Share", icon=":material/person_add:", key="ws_share"):
                try:
                    st.toast(f"Shared with {workspace.share(email)}", icon=":material/check_circle:")
                except ValueError as exc:
                    show_error(exc)

with right:
    with st.container(border=True):
        st.markdown("**Backup.** One file with everything in this workspace: the programme as uploaded, every "
                    "timetable, every draft with its brief and check, the comments with their labels, the themes and "
                    "the reports. Restore it on Home, here or on another deployment, as a new workspace.")
        prepared = f"ws_export_{opened.id}"  # the file, until this page run ends: it is only as fresh as then
        if st.button("Prepare the file", icon=":material/archive:", key="ws_export"):
            st.session_state[prepared] = workspace.export()
        if prepared in st.session_state:
            st.download_button("Download the whole workspace", st.session_state.pop(prepared),
                               file_name=f"{opened.name[:60] or 'workspace'}.zip", mime="application/zip",
                               icon=":material/download:", type="primary", key="ws_download")
    with st.container(border=True):
        st.markdown("**Delete this workspace** and everything in it, for everyone who has its link.")
        sure = st.text_input(f"Type the name, “{opened.name}”, to confirm", max_chars=200, key="ws_delete_name")
        if st.button("Delete the workspace", icon=":material/delete_forever:", key="ws_delete"):
            if sure.strip() != opened.name:
                st.warning("Type the workspace's name exactly to confirm; nothing was deleted.", icon=":material/edit:")
            else:
                workspace.delete()
                st.rerun()

st.subheader("At the event")
with st.container(border=True):
    st.markdown("**Attendee feedback forms**: a page per session, opened from a QR code, no app or account needed.")
    forms_section()
with st.container(border=True):
    st.markdown("**Live programme feeds** for conference apps and calendars.")
    feeds_section()
with st.container(border=True):
    st.markdown("**Speakers**: a private link each, to approve the copy written about them and, after the event, "
                "to read their feedback.")
    speakers_section()

held, caps = workspace.counts(), workspace.WORKSPACE_CAPS
st.caption(f"A workspace holds up to {caps.sessions:,} sessions (this one: {held.get('sessions', 0):,}), "
           f"{caps.comments:,} comments ({held.get('comments', 0):,}), {caps.drafts:,} drafts "
           f"({held.get('drafts', 0):,}), {caps.timetables} timetables and {caps.report_bytes // 2**20} MB of "
           f"reports; a workspace file restores up to {caps.backup_bytes // 2**20} MB. A change past a limit is "
           "refused whole, and nothing already kept is touched.")

st.subheader("What changed")
log = workspace.history()
if log.empty:
    st.caption("Nothing yet.")
else:
    log["at"] = [workspace.local_time(at) for at in log["at"]]
    st.dataframe(log, hide_index=True, width="stretch",
                 column_config={"what": st.column_config.TextColumn(width="large")})
