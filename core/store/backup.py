"""A whole workspace as one file, and a new workspace made from such a file, here or on another deployment.

The file is a zip: `manifest.json` (what it is, the schema version, when, how many rows of each table), one
JSON file per table with every row, and CSV copies of the sessions, comments and drafts for a spreadsheet.
Restoring reads only the JSON. It is an upload like any other: its size is capped before anything is unzipped,
and a damaged or foreign file gets a plain answer.

    data = export(engine, ws.id)                       # bytes of a .zip
    copy = restore(engine, data, who="Ana")            # a new workspace, with a new link
"""
from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import datetime

import pandas as pd
from sqlalchemy import DateTime, Engine, Table, insert, select, update

from core.readers import to_csv_bytes
from core.store.db import reading, writing
from core.store.migrate import head
from core.store.schema import (batch_jobs, changes, collection, comment_sets, comments, draft_reviews, drafts,
                               expected_audience, feedback_settings, members, pick_sets, pins, programmes, reports,
                               sessions, slots, source_rows, speakers, themes, timetables, unavailable, workspaces)
from core.store.workspaces import WORKSPACE_CAPS, User, Workspace, log, new_token, now, open_workspace

FORMAT = "events-llm-workspace"
# schema versions whose files this version can read
KNOWN_VERSIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
# child tables and the parent key they hang from
CHILDREN = {source_rows: programmes, sessions: programmes, pins: programmes, slots: timetables,
            comments: comment_sets, themes: comment_sets, draft_reviews: drafts}
PARENT_KEY = {programmes: "programme_id", timetables: "timetable_id", comment_sets: "set_id", drafts: "draft_id"}
# Form links, the feed token and the speakers' links are not kept: they are the live workspace's own, and a copy
# gets new ones (a speaker's old link must not open the copy)
OWNED = (members, changes, programmes, timetables, drafts, batch_jobs, comment_sets, reports, feedback_settings,
         collection, speakers, pick_sets, expected_audience, unavailable)


class BackupError(ValueError):
    """The file is not a workspace backup this app can read; the message says why."""


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _rows(conn, table: Table, where) -> list[dict]:
    return [{k: _plain(v) for k, v in r._mapping.items()} for r in conn.execute(select(table).where(where))]


def export(engine: Engine, ws_id: str) -> bytes:
    with reading(engine) as conn:
        data = {"workspaces": _rows(conn, workspaces, workspaces.c.id == ws_id)}
        for table in OWNED:
            data[table.name] = _rows(conn, table, table.c.workspace_id == ws_id)
        for child, parent in CHILDREN.items():
            ids = [r["id"] for r in data[parent.name]]
            data[child.name] = _rows(conn, child, child.c[PARENT_KEY[parent]].in_(ids)) if ids else []
    if not data["workspaces"]:
        raise LookupError("That workspace no longer exists.")
    manifest = {"format": FORMAT, "schema_version": head(), "exported_at": now().isoformat(),
                "name": data["workspaces"][0]["name"], "rows": {name: len(rows) for name, rows in data.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name, rows in data.items():
            archive.writestr(f"tables/{name}.json", json.dumps(rows, ensure_ascii=False))
        for name, columns in (("sessions", ["session_id", "title", "speakers", "format", "track", "room",
                                             "starts_at", "ends_at", "abstract"]),
                              ("comments", ["text", "session", "rating", "submitted_at", "label", "confidence"]),
                              ("drafts", ["session_key", "kind", "status", "text", "edited", "updated_at",
                                          "updated_by"])):
            frame = pd.DataFrame(data[name], columns=columns)
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
    return buffer.getvalue()


def _read(data: bytes) -> tuple[dict, dict[str, list[dict]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BackupError("It is not a workspace file (a .zip made by “Download the whole workspace”).") from None
    if sum(p.file_size for p in parts) > WORKSPACE_CAPS.backup_bytes:  # declared sizes bound what zipfile will unpack
        raise BackupError(f"It unzips to more than {WORKSPACE_CAPS.backup_bytes // 2**20} MB, more than a workspace "
                          "holds.")
    names = {p.filename for p in parts}
    if "manifest.json" not in names:
        raise BackupError("It has no manifest.json, so it is not a workspace file made by this app.")
    try:
        manifest = json.loads(archive.read("manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError("Its manifest does not describe a workspace of this app.")
        version = str(manifest.get("schema_version"))
        if version not in KNOWN_VERSIONS:
            raise BackupError(f"It was made by a newer version of the app (schema {version}); update this "
                              "deployment first.")
        tables = {}
        for table in (workspaces, *OWNED, *CHILDREN):
            part = f"tables/{table.name}.json"
            rows = json.loads(archive.read(part)) if part in names else []
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise BackupError(f"Its {table.name} table is damaged.")
            tables[table.name] = rows
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, RecursionError):
        raise BackupError("Part of the file is damaged and could not be read.") from None
    if len(tables["workspaces"]) != 1:
        raise BackupError("It holds no workspace.")
    return manifest, tables


def _values(table: Table, row: dict, **fixed) -> dict:
    """The row's values for the columns this schema has (an older file may lack some), times parsed."""
    out = {}
    for column in table.columns:
        if column.name in fixed:
            out[column.name] = fixed[column.name]
        elif column.name in row:
            value = row[column.name]
            if isinstance(column.type, DateTime) and isinstance(value, str):
                value = datetime.fromisoformat(value)
            out[column.name] = value
    return out


def restore(engine: Engine, data: bytes, who: str, owner: User | None = None) -> Workspace:
    """A new workspace (new link) holding everything the file holds. All or nothing: one transaction."""
    manifest, tables = _read(data)
    source = tables["workspaces"][0]
    token = secrets.token_urlsafe(16)
    try:
        with writing(engine) as conn:
            conn.execute(insert(workspaces).values(_values(
                workspaces, source, id=token, created_at=now(), updated_at=now(), timetable_id=None,
                owner_issuer=owner.issuer if owner else None, owner_subject=owner.subject if owner else None,
                owner_email=owner.email.lower() if owner and owner.email else None)))
            new_ids: dict[str, dict] = {}
            for table in OWNED:
                mapping = new_ids.setdefault(table.name, {})
                for row in tables[table.name]:
                    fixed = {"workspace_id": token}
                    if table is timetables:
                        fixed["programme_id"] = new_ids["programmes"].get(row.get("programme_id"))
                    if table is collection:
                        fixed["feed_token"] = None
                    if table is speakers or (table is pick_sets and row.get("token")):
                        fixed["token"] = new_token()
                    if table is batch_jobs and row.get("status") == "running":
                        fixed["status"] = "stopped"  # its writer is on the other deployment
                    if "id" in {c.name for c in table.columns}:
                        values = _values(table, row, **fixed)
                        values.pop("id", None)
                        mapping[row.get("id")] = conn.execute(insert(table).values(values)).inserted_primary_key[0]
                    else:
                        conn.execute(insert(table).values(_values(table, row, **fixed)))
            for child, parent in CHILDREN.items():
                key = PARENT_KEY[parent]
                rows = [_values(child, r, **{key: new_ids[parent.name].get(r.get(key))}) for r in tables[child.name]]
                for row in rows:
                    row.pop("id", None)  # a child with an id of its own (a draft's review) gets a new one
                if any(r[key] is None for r in rows):
                    raise BackupError(f"Its {child.name} table is damaged: rows belong to none of its "
                                      f"{parent.name}; nothing was changed.")
                if rows:
                    conn.execute(insert(child), rows)
            in_use = new_ids["timetables"].get(source.get("timetable_id"))
            conn.execute(update(workspaces).where(workspaces.c.id == token).values(timetable_id=in_use))
            log(conn, token, who, f"restored the workspace from a file exported {manifest.get('exported_at', '')[:16]}")
    except BackupError:
        raise
    except Exception as exc:  # a value of the wrong type, a missing column: the whole restore is rolled back
        raise BackupError(f"The file could not be restored ({type(exc).__name__}); nothing was changed.") from exc
    return open_workspace(engine, token, owner)
