"""Read stage: bytes on disk -> ``RawDocument``, one reader per input format.

The format is told from the content, never the extension: a file that opens with a
Jekyll front-matter block is a front-matter document whatever its name; anything else
that decodes as text is plain text. Files that cannot be read become a ``Diagnostic``
with a reason a curator understands; nothing here raises for bad input.
"""

from __future__ import annotations

import datetime
import email.utils
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any

import ftfy.bad_codecs  # noqa: F401  registers the "sloppy-windows-1252" codec
import yaml
from frontmatter.default_handlers import YAMLHandler

from .model import Change, Diagnostic, PartialDate, RawDocument, Skipped

# --------------------------------------------------------------------------- decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Bytes a text file does not contain: C0 controls other than tab, newline, form feed, CR, ESC.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class ReadError(Exception):
    """A file that cannot become a source; the message is shown to the curator."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def decode(data: bytes) -> tuple[str, str, list[Change]]:
    """Decode a file's bytes: a BOM names the encoding (UTF-8, UTF-16, UTF-32); else
    UTF-8; else cp1252 as a recorded fallback. Empty and binary content raise ``ReadError``.
    Line endings become ``\\n`` (recorded)."""
    changes: list[Change] = []
    if not data.strip():
        raise ReadError("the file is empty" if not data else "the file holds only white space")
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} ({exc.reason})") from None
        if text.startswith("\ufeff"):
            text = text[1:]
        changes.append(Change("encoding", f"{encoding} with byte-order mark", "utf-8"))
    else:
        sample = data[:65536]
        if _BINARY_BYTES.search(sample) and _looks_binary(sample):
            raise ReadError("is not a text file (binary content, e.g. NUL bytes)")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            text = data.decode("sloppy-windows-1252")
            encoding = "cp1252"
            changes.append(Change("encoding", f"not UTF-8 (first bad byte on line {line})", "read as cp1252", line))
    if "\x00" in text:
        raise ReadError("is not a text file (contains NUL characters)")
    if "\r" in text:
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append(Change("line-endings", "CRLF/CR", "LF"))
        text = normalised
    if not text.strip():
        raise ReadError("the file holds only white space")
    return text, encoding, changes


def _looks_binary(sample: bytes) -> bool:
    """Binary if it has a NUL byte or more than 1 % other control bytes."""
    if b"\x00" in sample:
        return True
    return len(_BINARY_BYTES.findall(sample)) > max(1, len(sample) // 100)


# --------------------------------------------------------------------------- front matter

# Jekyll's YAML_FRONT_MATTER_REGEXP: "---" + optional spaces at the very start, closed by
# the first whole line "---" or "...".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n?)^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE | re.DOTALL)
_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")
_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?=\s|$)[ \t]*")
_ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_MAX_YAML_DEPTH = 50
_MAX_YAML_VALUES = 100_000


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML (no tag builds an object) whose typed scalars never raise: an impossible
    date (``2024-13-45``, ``0000-01-01``), ``!!int abc`` or ``!!timestamp gestern`` stays
    the text it is. The reader then reports it where it matters (a date it cannot read is a
    warning and the file name's date is used) instead of losing the whole file."""


def _text_on_failure(construct):
    def lenient(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            return loader.construct_scalar(node)

    return lenient


for _tag in ("timestamp", "int", "float", "bool", "null"):
    _key = f"tag:yaml.org,2002:{_tag}"
    FrontMatterLoader.add_constructor(_key, _text_on_failure(yaml.SafeLoader.yaml_constructors[_key]))


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """``(yaml, body, body_line)`` if the text opens with a closed front-matter block."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    body = text[match.end():]
    return match.group("yaml"), body, text[: match.end()].count("\n") + 1


def parse_front_matter(yaml_text: str) -> dict[str, Any]:
    """Parse front matter with python-frontmatter's safe YAML handler; raise ``ReadError``
    naming the line (of the file) for invalid YAML, object-building tags or non-mappings."""
    if _nesting_depth(yaml_text) > _MAX_YAML_DEPTH:
        raise ReadError(f"front matter is nested more than {_MAX_YAML_DEPTH} levels deep")
    try:
        data = YAMLHandler().load(yaml_text, Loader=FrontMatterLoader)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None
        if "constructor for the tag" in (exc.problem or ""):
            raise ReadError(f"front matter uses a YAML tag that is not allowed ({exc.problem}); nothing was executed", line) from None
        raise ReadError(f"front matter cannot be read: {exc.problem} (keys must be plain text or numbers)", line) from None
    except yaml.YAMLError as exc:
        line, where = yaml_error_line(exc, yaml_text)
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise ReadError(f"front matter is not valid YAML: {reason}{where}", line) from None
    except RecursionError:
        raise ReadError("front matter is nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError(f"front matter must be a mapping of keys, not a {type(data).__name__}", 2)
    if value_count_exceeds(data, _MAX_YAML_VALUES):
        raise ReadError(f"front matter holds more than {_MAX_YAML_VALUES:,} values once its YAML aliases (*name) are expanded; nothing was read from it", 2)
    return data


def value_count_exceeds(data: Any, limit: int) -> bool:
    """Whether walking ``data`` visits more than ``limit`` values, counting every alias
    again: ten nested aliases of ten items each (a "billion laughs") load in a moment as
    shared lists but expand to 10**10 values in dossier.json."""
    seen = 0
    stack = [data]
    while stack:
        value = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set)):
            stack.extend(value)
    return False


def yaml_error_line(exc: yaml.YAMLError, yaml_text: str, first_line: int = 2) -> tuple[int | None, str]:
    """The line of the file a YAML error points the curator to, and a note for the message.

    YAML reports where it gave up, which for an unclosed ``[`` or quote is the end of the
    document (for front matter: the closing ``---``). The line where that construct started
    is more useful, so it is named when it lies before; a problem at the very end is moved
    back to the last line that holds text. ``first_line`` is the file line of the YAML's
    first line (2 for front matter after the opening ``---``; 1 for a whole YAML file)."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    if problem is None:
        return None, ""
    lines = yaml_text.split("\n")
    last_text = max((i for i, text in enumerate(lines) if text.strip()), default=0)
    problem_line = min(problem.line, last_text)
    if context is not None and context.line < problem_line:
        return context.line + first_line, f" ({exc.context} that starts here; YAML gave up on line {problem.line + first_line})"
    return problem_line + first_line, ""


def _nesting_depth(yaml_text: str) -> int:
    """A cheap upper bound on flow nesting (``[``/``{``), checked before YAML parses it:
    ``[[[[…`` costs the parser a level each and a few bytes. Indentation is no measure (a
    literal block may be indented as deep as it likes); deep block nesting is left to YAML,
    whose ``RecursionError`` becomes a ``ReadError``, and to ``json_safe``'s depth limit."""
    depth = best = 0
    for ch in yaml_text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return best


def date_from_value(value: Any) -> PartialDate | None:
    """A front-matter date: YAML dates and datetimes, ISO 8601 with or without zone, RFC 2822.

    A time with an offset keeps its own calendar day (``19 Jun 2024 08:00 +0200`` is
    2024-06-19): a news date is the publisher's day, not the reader's.
    """
    if isinstance(value, datetime.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return PartialDate.parse(str(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    partial = PartialDate.parse(text)
    if partial is not None:
        return partial
    match = _ISO_DATETIME.match(text)
    if match:
        try:
            return PartialDate.checked(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return PartialDate(parsed.year, parsed.month, parsed.day)


def date_from_filename(name: str) -> PartialDate | None:
    """Jekyll's post file name date ``YYYY-M-D-``, unpadded parts allowed."""
    match = _FILENAME_DATE.match(name)
    if not match:
        return None
    try:
        return PartialDate.checked(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def string_list(value: Any) -> list[str]:
    """Jekyll's rule for ``categories``/``tags``: a string is split on white space, a list
    is kept (items stringified), null is empty."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    return [str(value)]


def json_safe(value: Any, depth: int = 0) -> Any:
    """Front-matter values as JSON data (dates become ISO strings)."""
    if depth > _MAX_YAML_DEPTH:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):  # ``!!set``: sorted, since set order follows PYTHONHASHSEED
        return sorted((json_safe(v, depth + 1) for v in value), key=lambda v: (type(v).__name__, str(v)))
    if isinstance(value, (list, tuple)):
        return [json_safe(v, depth + 1) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# --------------------------------------------------------------------------- readers


def read_plain_text(path: str, text: str) -> RawDocument:
    """Plain text: a leading ``date YYYY[-MM[-DD]]`` token is metadata; the rest of that
    line stays text."""
    metadata: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    match = _DATE_HEADER.match(text)
    if match:
        date = PartialDate.parse(match.group(1))
        if date is None:
            diagnostics.append(Diagnostic("warning", path, f"date header {match.group(1)!r} is not a valid date; ignored", 1))
        else:
            metadata["date"] = date
            metadata["date_origin"] = "date header"
        text = text[match.end():]
    return RawDocument(path=path, format="text", encoding="", body=text, metadata=metadata, diagnostics=diagnostics)


def read_front_matter(path: str, yaml_text: str, body: str, body_line: int) -> RawDocument:
    """Front matter (Jekyll/Markdown): safe YAML; title, date, categories, tags, published."""
    data = parse_front_matter(yaml_text)
    diagnostics: list[Diagnostic] = []
    metadata: dict[str, Any] = {}
    if "title" in data and data["title"] is not None:
        metadata["title"] = str(data["title"])
    if "date" in data and data["date"] is not None:
        date = date_from_value(data["date"])
        if date is None:
            diagnostics.append(
                Diagnostic("warning", path, f"front-matter date {str(data['date'])!r} is not a date I can read; using the file name", _key_line(yaml_text, "date"))
            )
        else:
            metadata["date"] = date
            metadata["date_origin"] = "front matter"
    categories = string_list(data.get("categories")) + string_list(data.get("category"))
    tags = string_list(data.get("tags")) + string_list(data.get("tag"))
    metadata["categories"] = list(dict.fromkeys(categories))
    metadata["tags"] = list(dict.fromkeys(tags))
    published = data.get("published", True)
    metadata["published"] = not (published is False or (isinstance(published, str) and published.strip().lower() == "false"))
    for key in ("publisher", "url", "author"):
        if isinstance(data.get(key), str) and data[key].strip():
            metadata[key] = data[key].strip()
    handled = {"title", "date", "categories", "category", "tags", "tag", "published", "publisher", "url", "author"}
    metadata["extra"] = {str(k): json_safe(v) for k, v in data.items() if str(k) not in handled}
    return RawDocument(path=path, format="front-matter", encoding="", body=body, body_line=body_line, metadata=metadata, diagnostics=diagnostics)


def _key_line(yaml_text: str, key: str) -> int | None:
    for number, line in enumerate(yaml_text.splitlines(), start=2):
        if line.lstrip().startswith(f"{key}:"):
            return number
    return None


def read_document(path: str, data: bytes) -> RawDocument:
    """Decode and dispatch to the reader for the detected format; raise ``ReadError``."""
    text, encoding, changes = decode(data)
    split = split_front_matter(text)
    if split is not None:
        document = read_front_matter(path, *split)
    else:
        document = read_plain_text(path, text)
    if "date" not in document.metadata:
        date = date_from_filename(PurePosixPath(path).name)
        if date is not None:
            document.metadata["date"] = date
            document.metadata["date_origin"] = "file name"
    document.encoding = encoding
    document.changes = changes + document.changes
    if encoding == "cp1252":
        document.diagnostics.append(Diagnostic("warning", path, "is not valid UTF-8; read as cp1252 (Windows-1252). If letters look wrong on the page, save the file as UTF-8", changes[0].line if changes else None))
    return document


# --------------------------------------------------------------------------- the sources folder


def readable_name(name: str) -> str:
    """A file name as text: names whose bytes are not UTF-8 (a Windows zip unpacked on
    Linux: ``Gr\\xfc\\xdfe.txt``) reach Python with surrogate escapes, which cannot be
    written to a page or ``dossier.json``; their bytes are read as cp1252 (``Grüße.txt``),
    like the contents of such files."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("sloppy-windows-1252")


def list_source_files(folder: Path) -> tuple[list[tuple[str, Path]], list[Skipped]]:
    """Every file below ``folder``, as (POSIX path relative to it, path), sorted by the
    relative path so that the order on disk never matters. Hidden files and folders
    (``.git``, ``.DS_Store``), links that lead out of the folder or to nothing, links to
    folders, pipes and devices are skipped, and said so."""
    files: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    root = folder.resolve()
    for path in sorted(folder.rglob("*"), key=str):  # one fixed order (a string sorts faster than a Path)
        relative = readable_name(path.relative_to(folder).as_posix())
        try:
            mode = path.lstat().st_mode
        except OSError:  # gone since it was listed
            continue
        if any(part.startswith(".") for part in relative.split("/")):
            if stat.S_ISREG(mode) or (stat.S_ISLNK(mode) and path.is_file()):
                skipped.append(Skipped(relative, "hidden file"))
            continue
        if stat.S_ISLNK(mode):
            target = path.resolve()
            if not target.exists():
                skipped.append(Skipped(relative, "link that points to nothing"))
                continue
            if root not in target.parents:
                skipped.append(Skipped(relative, "link that points outside the sources folder"))
                continue
            if target.is_dir():
                skipped.append(Skipped(relative, "link to a folder; links to folders are not followed"))
                continue
            mode = target.stat().st_mode
        if stat.S_ISREG(mode):
            files.append((relative, path))
        elif not stat.S_ISDIR(mode):
            skipped.append(Skipped(relative, "not a regular file (a pipe, socket or device)"))
    files.sort(key=lambda item: item[0])
    return files, skipped
