"""Printable signage for attendee forms: a QR code per session, and for each room and day an A4 PDF listing its
sessions with their times, titles and codes, to pin by the door.

QR codes come from segno (pure Python, no image library needed for PNG) and the PDF from fpdf2. Titles are set in
DejaVu Sans when the system has it (Debian's fonts-dejavu-core; `packages.txt` asks Streamlit Community Cloud
for it), so any script prints; without it, Helvetica prints Latin text and marks what it cannot.

    png = qr_png("https://events.example.org/f/3q2-…")
    pdf = room_day_pdf("PyData Harbour 2026", "Hall A", date(2026, 6, 11), [SignRow("09:00–09:45", "Keynote", "Ana", url)])
    archive = signage_zip("PyData Harbour 2026", sessions_frame, {"S01": url, …})
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import segno
from fpdf import FPDF

FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
QR_MM = 38  # printed size of a code: phones read it from about a metre and a half


@dataclass(frozen=True)
class SignRow:
    when: str
    title: str
    speakers: str
    url: str


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code for the link as PNG, with medium error correction (readable when a corner is scuffed)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def _pdf() -> tuple[FPDF, str, bool]:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if all(p.exists() for p in FONTS):
        pdf.add_font("DejaVu", "", str(FONTS[0]))
        pdf.add_font("DejaVu", "B", str(FONTS[1]))
        return pdf, "DejaVu", True
    return pdf, "Helvetica", False


def _text(value: str, unicode_font: bool) -> str:
    text = " ".join(str(value or "").split())
    return text if unicode_font else text.encode("latin-1", "replace").decode("latin-1")


def room_day_pdf(event: str, room: str, day: date, rows: list[SignRow]) -> bytes:
    """One room's sessions on one day, each with its time, title, speakers and the code to its form."""
    pdf, font, unicode_font = _pdf()
    pdf.add_page()
    pdf.set_font(font, "B", 20)
    pdf.multi_cell(0, 9, _text(f"{room} · {day:%A} {day.day} {day:%B}", unicode_font), new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font(font, "", 12)
    pdf.multi_cell(0, 6, _text(f"{event}: scan a session's code to tell us how it went. Anonymous, one minute.",
                               unicode_font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for row in rows:
        if pdf.get_y() + QR_MM + 6 > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(io.BytesIO(qr_png(row.url)), x=pdf.w - pdf.r_margin - QR_MM, y=top, w=QR_MM, h=QR_MM)
        text_width = pdf.w - pdf.l_margin - pdf.r_margin - QR_MM - 5
        pdf.set_font(font, "B", 13)
        pdf.cell(text_width, 7, _text(row.when, unicode_font), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "B", 15)
        pdf.multi_cell(text_width, 7, _text(row.title, unicode_font), new_x="LMARGIN", new_y="NEXT")
        if row.speakers:
            pdf.set_font(font, "", 12)
            pdf.multi_cell(text_width, 6, _text(row.speakers, unicode_font), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + QR_MM) + 6)
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.get_y() - 3, pdf.w - pdf.r_margin, pdf.get_y() - 3)
    return bytes(pdf.output())


def file_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:50] or "room"


def signage_zip(event: str, sessions: pd.DataFrame, links: dict[str, str]) -> bytes:
    """A zip with a PDF per room and day (`rooms/2026-06-11-hall-a.pdf`) and a PNG code per session
    (`codes/S01.png`), for the sessions that have a form link. Sessions without a time or room are in the codes
    only."""
    linked = sessions[sessions["session_id"].isin(links)].copy()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in linked.itertuples():
            archive.writestr(f"codes/{file_slug(row.session_id)}.png", qr_png(links[row.session_id]))
        placed = linked[linked["start"].notna() & (linked["room"].astype(str) != "")]
        placed = placed.assign(day=placed["start"].dt.date).sort_values(["day", "room", "start"])
        for (day, room), group in placed.groupby(["day", "room"], sort=False):
            rows = [SignRow(f"{r.start:%H:%M}" + (f"–{r.end:%H:%M}" if pd.notna(r.end) else ""), r.title,
                            r.speakers, links[r.session_id]) for r in group.itertuples()]
            archive.writestr(f"rooms/{day:%Y-%m-%d}-{file_slug(room)}.pdf", room_day_pdf(event, room, day, rows))
    return out.getvalue()
