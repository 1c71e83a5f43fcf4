"""Markdown building blocks that keep source text as data.

Every character that can start Markdown, HTML or extension syntax in running text is
written as an HTML character reference: ``<`` ``>`` ``&`` (raw HTML, entities), ``[`` ``]``
(links, images, footnotes ``[^…]``, reference definitions), ``{`` ``}`` (attribute lists
``{: …}``, Jinja), ``*`` ``_`` `````` (emphasis, code), ``\\`` (escapes), ``|`` (tables) and
``#`` (headings, ids). python-markdown passes a character reference through as the character
it is, so the browser shows it as text. Syntax that only works at the start of a line
(lists, quotes, rules, admonitions ``!!!``, details ``???``, fences) is disarmed where it
could start one: a leading ``-`` ``+`` ``=`` ``~`` ``:``, the first of a leading ``!!!`` or
``???``, or the ``.``/``)`` after leading digits and before a space is written as a character reference too, so text a page puts at the start
of a line (a description, a paragraph) stays text. Nothing a source says can become markup.
"""

from __future__ import annotations

import html
import io
import json
from itertools import islice
import re
from typing import Iterable, Iterator
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
# What makes a line block syntax when it starts it: a list, rule or setext marker, an
# admonition, details or fence, a definition; or a numbered list's "1." / "1)".
_LINE_START = re.compile(r"[-+=~:]|!!!|\?\?\?|\d+[.)](?=\s|$)")


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
    value = value.strip()
    start = _LINE_START.match(value)
    if start:
        end = start.start() if value[0] in "!?" else start.end() - 1
        value = f"{value[:end]}&#{ord(value[end])};{value[end + 1:]}"
    return value


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
    for empty data. String keys with strings or lists of strings, the front matter of
    every page here, are written directly (:func:`simple_yaml`), anything else by
    ``yaml.safe_dump``; the bytes are the same either way. Read back, it gives the data."""
    if not data:
        return ""
    text = simple_yaml(data)
    if text is None:
        text = yaml.dump(data, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=True, width=1000)
    return "---\n" + text + "---\n\n"


class _FrontMatterDumper(yaml.SafeDumper):
    """``yaml.SafeDumper``, except that a string holding U+0085 (NEL) is double-quoted
    (``\\N``): PyYAML writes it raw in a single-quoted string and reads it back as a space."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\x85" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_FrontMatterDumper.add_representer(str, _represent_str)


# PyYAML folds a line at a space past this column (width=1000): shorter lines are never folded.
_YAML_WIDTH = 1000


def simple_yaml(data: dict) -> str | None:
    """``yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=1000)`` for a
    mapping of string keys to strings or lists of strings whose every scalar
    :func:`yaml_scalar` can write and whose lines are not folded; else ``None``."""
    if not data or not all(type(key) is str for key in data):
        return None
    lines = []
    for key in sorted(data):
        name = yaml_scalar(key)
        value = data[key]
        if name is None or len(key) >= 128:  # PyYAML writes longer keys as "? key"
            return None
        if type(value) is str:
            text = yaml_scalar(value)
            if text is None:
                return None
            lines.append(f"{name}: {text}")
        elif type(value) is list and all(type(item) is str for item in value):
            if not value:
                lines.append(f"{name}: []")
                continue
            lines.append(f"{name}:")
            for item in value:
                text = yaml_scalar(item)
                if text is None:
                    return None
                lines.append(f"- {text}")
        else:
            return None
    if any(len(line) >= _YAML_WIDTH for line in lines):
        return None
    return "\n".join(lines) + "\n"


# Characters the YAML emitter writes as they are (printable, allow_unicode) other than line
# breaks (\n \x85 \u2028 \u2029): a string of only these is written plain or single-quoted.
_YAML_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+")
_YAML_RESOLVER = yaml.resolver.Resolver()
_YAML_STR = "tag:yaml.org,2002:str"


def yaml_scalar(value: str) -> str | None:
    """A string as PyYAML's emitter writes it in block context (``allow_unicode``), or
    ``None`` when it is empty or holds a character the two styles below do not take as it
    is (line breaks, tabs, control characters): then ``yaml.safe_dump`` writes it.

    Plain, as it is, unless it would read as something else or as YAML syntax: a leading
    indicator (``# , [ ] { } & * ! | > ' " % @ ` ``, or ``- ? :`` before a space or alone),
    ``---``/``...`` at the start, ``: `` or a final ``:``, `` #``, a space at either end, or
    a value that resolves to another type than a string (``yes``, ``12``, ``null``, ``~``,
    ``2024-06-01``, ``=``…). Else single-quoted, ``'`` doubled."""
    if not _YAML_PRINTABLE.fullmatch(value):
        return None
    first = value[0]
    plain = not (
        first in "#,[]{}&*!|>'\"%@`"
        or (first in "-?:" and (len(value) == 1 or value[1] == " "))
        or value.startswith(("---", "..."))
        or first == " "
        or value[-1] in " :"
        or ": " in value
        or " #" in value
    )
    if plain and _YAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _YAML_STR:
        return value
    return "'" + value.replace("'", "''") + "'"


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


def json_chunks(data: dict, encoded: dict[str, Iterable[bytes]] | None = None, batch: int = 512) -> Iterator[bytes]:
    """Stable JSON for a big document, as UTF-8 byte chunks, fast (the C encoder): sorted
    keys, each top-level key on its own line and each item of a top-level list on its own
    line, compact. ``encoded`` gives lists whose items are already compact JSON (UTF-8),
    e.g. read back one by one from a spool file, so the document is never whole in memory.
    The items of a list come ``batch`` to a chunk (joined in C, not one by one)."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    encoded = encoded or {}
    merged = {**data, **encoded}
    yield b"{"
    for number, key in enumerate(sorted(merged)):
        yield (b"," if number else b"") + b"\n  " + encoder.encode(key).encode("utf-8") + b": "
        value = merged[key]
        if key in encoded or (isinstance(value, list) and value):
            if key in encoded:
                items = iter(encoded[key])
                batches = iter(lambda: list(islice(items, batch)), [])
                parts = (b",\n    ".join(group) for group in batches)
            else:
                encode = encoder.encode
                parts = (",\n    ".join([encode(item) for item in value[start : start + batch]]).encode("utf-8") for start in range(0, len(value), batch))
            opened = False
            for part in parts:
                yield (b",\n    " if opened else b"[\n    ") + part
                opened = True
            yield b"\n  ]" if opened else b"[]"
        else:
            yield encoder.encode(value).encode("utf-8")
    yield b"\n}\n"
