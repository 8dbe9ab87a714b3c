"""The Agenda similarity page's parts: where its sessions come from (`input`), its tabs (`views`), the Fix clashes
tab (`fix`) and results cached by content (`cache`)."""
