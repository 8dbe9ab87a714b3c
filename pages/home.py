"""Home: what the dashboard does, the demo event, and a card for every page."""
import streamlit as st

from dashboard.page_index import HOME, PAGES
from dashboard.state import current_event, load_demo

st.title("Events LLM Dashboard")
st.markdown(
    "Put small, local language models to work on your event: write session copy, read every attendee "
    "comment, and untangle the agenda. Each page also shows the idea behind the model it uses, on your own data."
)

event = current_event()
left, right = st.columns([1, 2], vertical_alignment="center")
with left:
    if st.button("Load the demo event", type="primary", icon=":material/celebration:"):
        event = load_demo()
        st.toast(f"Loaded {event.name}", icon=":material/check_circle:")
with right:
    if event is None:
        st.caption("The demo event is a fictional two-day tech summit: 40 sessions and about 300 attendee comments.")
    else:
        st.success(f"Loaded: {event.summary()}", icon=":material/event_available:")

for section in dict.fromkeys(p.section for p in PAGES if p is not HOME):
    st.subheader(section)
    cards = [p for p in PAGES if p.section == section]
    for row in range(0, len(cards), 3):
        for column, page in zip(st.columns(3), cards[row:row + 3]):
            with column.container(border=True, height="stretch"):
                st.page_link(str(page.path), label=page.title, icon=page.icon)
                st.caption(page.blurb)
