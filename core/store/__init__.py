"""Where every workspace is kept: the database (`db`), its tables (`schema`) and their versions (`migrate`,
`migrations/`), and one module per area of a workspace: `workspaces` (create, open, share, log), `programme`
(the sessions and their timetables), `drafts` (copy and batch jobs), `feedback` (comments, labels, themes,
reports) and `backup` (one file in, one file out). Plain SQLAlchemy: no Streamlit here."""
