"""The Workspace page's part for the event itself: attendee forms with their links, states and signage, and the
live programme feeds (`controls`)."""
from dashboard.collecting.controls import feeds_section, forms_section, origin

__all__ = ["feeds_section", "forms_section", "origin"]
