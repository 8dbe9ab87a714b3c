"""A speaker's own page, opened by their private link (`?s=<token>`): nothing of the organiser's pages."""
import streamlit as st

from dashboard.page_index import SPEAKER_LINK
from dashboard.speakers import speaker_page

speaker_page(str(st.query_params.get(SPEAKER_LINK, "")))
