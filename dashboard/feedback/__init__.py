"""The Attendee feedback page's parts: where its comments come from (`input`), the tabs that read the labels
(`views`) and the insight tabs: themes, digests and the report (`insights`)."""
