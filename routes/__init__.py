"""HTTP routes served beside the dashboard on the same port, through Streamlit's ASGI entry point (`st.App`):
the attendee form of each session (`forms`, /f/<token>), the live programme feeds (`feeds`, /p/<token>/schedule.*)
and the programme's public page where attendees star what they want to see (`picks`, /p/<token>/).
Plain server-rendered HTML and files, no websocket and no JavaScript. They reach the store only through
`routes.store`, and never import the dashboard.

    app = st.App("dashboard/app.py", routes=ROUTES)
"""
from routes.feeds import ROUTES as FEED_ROUTES
from routes.forms import ROUTES as FORM_ROUTES
from routes.picks import ROUTES as PICK_ROUTES

ROUTES = [*FORM_ROUTES, *FEED_ROUTES, *PICK_ROUTES]

__all__ = ["ROUTES"]
