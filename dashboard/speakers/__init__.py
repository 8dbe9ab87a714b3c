"""Speakers in the loop: their own page behind a private link (`desk`), and the Workspace page's section where the
organiser keeps their links and e-mails and sends them their messages (`roster`)."""
from dashboard.speakers.desk import no_page, speaker_page
from dashboard.speakers.roster import link_of, speakers_section

__all__ = ["link_of", "no_page", "speaker_page", "speakers_section"]
