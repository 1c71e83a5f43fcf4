"""Markdown building blocks that keep source text as data.

Every character that can start Markdown, HTML or extension syntax in running text is
written as an HTML character reference: ``<`` ``>`` ``&`` (raw HTML, entities), ``[`` ``]``
(links, images, footnotes ``[^…]``, reference definitions), ``{`` ``}`` (attribute lists
``{: …}``, Jinja), ``*`` ``_`` `````` (emphasis, code), ``\\`` (escapes), ``|`` (tables) and
``#`` (headings, ids). python-markdown passes a character reference through as the character
it is, so the browser shows it as text. Syntax that only works at the start of a line
(lists, quotes, fences, ``--8<--``) cannot occur: the renderer never starts a line with
source text. Nothing a source says can become markup.
"""

from __future__ import annotations

import html
import io
import json
import re
from urllib.parse import quote

import yaml

_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "#": "&#35;",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SAFE_SCHEMES = ("http", "https", "mailto")


_NEEDS_ESCAPING = re.compile("[\x00-\x1f\x7f" + re.escape("".join(_ESCAPES)) + "]")  # control, newline or markup
_SPACES = re.compile(r" {2,}")


def _escape(match: re.Match) -> str:
    return _ESCAPES[match.group(0)]


def text(value: str) -> str:
    """Source text as inline Markdown that renders to exactly that text, on one line."""
    if _NEEDS_ESCAPING.search(value):  # most text has nothing to replace: one scan decides
        value = _CONTROL.sub("", value).replace("\n", " ")
        value = _ESCAPE_RE.sub(_escape, value)
    # A run of two spaces before a line end would be a line break; keep spaces single.
    if "  " in value:
        value = _SPACES.sub(" ", value)
    return value.strip()


def page_title(value: str) -> str:
    """Source text as the ``title:`` of a page's front matter, HTML-escaped.

    MkDocs takes a page's title from its front matter, else from the H1; Material writes
    it unescaped into ``<title>``, the header and the navigation, and for an H1-derived
    title applies ``striptags``, which turns ``&lt;`` back into ``<``. So every page whose
    H1 holds source text sets this escaped title: ``</title><script>`` in a source title
    stays text in ``<title>`` and everywhere else the title is shown."""
    value = _CONTROL.sub("", value).replace("\n", " ")
    return html.escape(re.sub(r"\s{2,}", " ", value).strip(), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if its scheme is http, https or mailto, percent-encoded so that it cannot
    end the Markdown link it stands in; else ``None``."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].lower()
    if scheme not in _SAFE_SCHEMES or _CONTROL.search(url):
        return None
    return quote(url, safe="/:?#@&=+,;%~-._!$")


def link(label: str, url: str | None) -> str:
    """An external link (``rel=nofollow noopener``), or the plain label if the URL is not allowed."""
    target = safe_url(url)
    if target is None:
        return text(label)
    return f"[{text(label)}]({target}){{: rel=\"nofollow noopener noreferrer\" }}"


def internal_link(label: str, target: str) -> str:
    """A link to another generated page; ``target`` is built by the renderer from slugs."""
    return f"[{text(label)}]({target})"


def front_matter(data: dict) -> str:
    """A YAML front-matter block from plain data (safe_dump: no tags, no objects); nothing
    for empty data."""
    if not data:
        return ""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def json_dumps(data) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8, newline at the end.

    Written chunk by chunk into a ``StringIO``: ``json.dumps`` with an indent first
    collects every token in one list, which for a large dossier (a 50 MB source gives
    millions of tokens) costs several times the size of the text itself."""
    buffer = io.StringIO()
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True).iterencode(data):
        buffer.write(chunk)
    buffer.write("\n")
    return buffer.getvalue()


def json_dumps_lines(data: dict, encoded: dict[str, list[bytes]] | None = None) -> bytes:
    """Stable JSON for a big document as UTF-8 bytes, fast (the C encoder): sorted keys,
    each top-level key on its own line and each item of a top-level list on its own line,
    compact. ``encoded`` gives lists whose items are already compact JSON (UTF-8). The
    bytes are joined once, so a big document is not copied again and again."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    encoded = encoded or {}
    merged = {**data, **encoded}
    pieces = [b"{"]
    for number, key in enumerate(sorted(merged)):
        pieces += [b"," if number else b"", b"\n  ", encoder.encode(key).encode("utf-8"), b": "]
        value = merged[key]
        if key in encoded or (isinstance(value, list) and value):
            items = encoded[key] if key in encoded else [encoder.encode(item).encode("utf-8") for item in value]
            if not items:
                pieces.append(b"[]")
                continue
            pieces.append(b"[")
            for position, item in enumerate(items):
                pieces += [b",\n    " if position else b"\n    ", item]
            pieces.append(b"\n  ]")
        else:
            pieces.append(encoder.encode(value).encode("utf-8"))
    pieces.append(b"\n}\n")
    return b"".join(pieces)
