"""Reading built PDFs in tests: pages, boxes, text with positions, fonts, metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2

MM = 72 / 25.4


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        return [
            (round(float(p.mediabox[2] - p.mediabox[0]) / MM, 1),
             round(float(p.mediabox[3] - p.mediabox[1]) / MM, 1))
            for p in pdf.pages
        ]


def page_texts(path: Path) -> list[str]:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def text(path: Path) -> str:
    """All text of a PDF with line breaks and hyphenation undone, spaces folded."""
    joined = "\n".join(page_texts(path))
    # pdfium marks a real hyphen ending a line ("long-|lasting") as U+FFFE: it stays a
    # hyphen; an inserted one (U+2010, only where a brand turns hyphenation on) goes.
    joined = joined.replace("\r", "").replace("\u00ad", "").replace("\ufffe", "-")
    joined = joined.replace("-\n", "").replace("\u2010\n", "")
    return " ".join(joined.split())


@dataclass
class Word:
    text: str
    page: int
    left: float
    bottom: float
    right: float
    top: float


def find_text(path: Path, needle: str) -> list[Word]:
    """Every place ``needle`` occurs, with its box in PDF points."""
    doc = pypdfium2.PdfDocument(str(path))
    found: list[Word] = []
    try:
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            searcher = textpage.search(needle, match_case=True)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                found.append(Word(
                    needle, index,
                    min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes),
                ))
    finally:
        doc.close()
    return found


def fonts(path: Path) -> set[str]:
    """Base font names of every embedded font (subset fonts carry a ``XXXXXX+`` prefix)."""
    names: set[str] = set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if (
                isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type") == "/FontDescriptor"
                and any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            ):
                names.add(str(obj.FontName).lstrip("/"))
    return names


def metadata(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        info = {k.lstrip("/"): str(v) for k, v in pdf.docinfo.items()}
        info["Lang"] = str(pdf.Root.get("/Lang", ""))
        info["Marked"] = str(pdf.Root.get("/MarkInfo", {}).get("/Marked", False))
        info["StructTreeRoot"] = str("/StructTreeRoot" in pdf.Root)
        return info


def glyph_sizes(path: Path) -> list[tuple[int, float]]:
    """(page index, size in points) of every printed character, as a ruler on the paper
    would find it: its font size times every matrix it is drawn through (text matrix,
    page scale, imposed panels and pages, pictures), not what a stylesheet asked for."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    found: list[tuple[int, float]] = []
    doc = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(doc)):
            text = doc[index].get_textpage()
            for char in range(text.count_chars()):
                if not text.get_text_range(char, 1).strip():
                    continue
                matrix = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFText_GetMatrix(text.raw, char, ctypes.byref(matrix))
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                size = pdfium_c.FPDFText_GetFontSize(text.raw, char) * scale
                found.append((index, round(size, 2)))
    finally:
        doc.close()
    return found
