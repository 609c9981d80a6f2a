"""Reading page dumps from disk: text in UTF-8 or GB18030, or the text layer of a PDF.

Every failure becomes a ``SourceError`` whose message names the reason in a
few words, so a batch can report it in one line and go on.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extract.normalize import UndecodableError, decode_bytes

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})


class SourceError(Exception):
    """A file that cannot be ingested; the message is the reason."""


@dataclass(frozen=True, slots=True)
class LoadedPage:
    path: Path
    text: str
    kind: Literal["text", "pdf"]
    raw_sha256: str
    encoding: str


def _megabytes(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"


def pdf_text(raw: bytes) -> str:
    """The text layer of every page, in page order; raises SourceError for a broken or image-only PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise SourceError("PDF has no text layer (a scanned image?); OCR it first")
    return text


def load_page(path: Path, *, max_bytes: int) -> LoadedPage:
    if not path.exists():
        raise SourceError("no such file")
    if path.is_dir():
        raise SourceError("is a directory")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"too large ({_megabytes(size)} > {_megabytes(max_bytes)} limit; UNIONKB_MAX_FILE_BYTES)"
            )
        raw = path.read_bytes()
    except PermissionError as exc:
        raise SourceError("permission denied") from exc
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise SourceError("empty file")
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or raw.startswith(b"%PDF-"):
        return LoadedPage(path=path, text=pdf_text(raw), kind="pdf", raw_sha256=digest, encoding="pdf")
    try:
        decoded = decode_bytes(raw)
    except UndecodableError as exc:
        raise SourceError(str(exc)) from exc
    if suffix not in TEXT_SUFFIXES:
        log.info("%s: unknown suffix %r, read as text", path, suffix)
    if not decoded.text.strip():
        raise SourceError("empty file")
    return LoadedPage(path=path, text=decoded.text, kind="text", raw_sha256=digest, encoding=decoded.encoding)
