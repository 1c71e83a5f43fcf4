"""``dossier.yml``: read once, validated at the edge, every problem named with file, line and key.

The YAML is composed into nodes (safe loader, no tags that build objects) so that each
problem can point at the line it is on; only then are values turned into the typed
``Config`` the other stages use.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import PartialDate
from .readers import yaml_error_line
from .slug import slugify

ACTOR_KINDS = ("person", "state", "organisation")
LANGUAGES = ("de", "en")
TOP_LEVEL_KEYS = ("title", "description", "language", "sources", "output", "actors", "topics", "source_meta")
ACTOR_KEYS = ("name", "id", "kind", "aliases", "description")
TOPIC_KEYS = ("name", "id", "keywords", "description")
SOURCE_META_KEYS = ("title", "date", "publisher", "url", "tags")
URL_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    line: int | None
    key: str
    message: str

    def format(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.key}: {self.message}"


class ConfigError(Exception):
    """Raised with every problem found in one pass, never just the first."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass(frozen=True)
class ActorSpec:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class TopicSpec:
    id: str
    name: str
    keywords: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class SourceMeta:
    title: str | None = None
    date: PartialDate | None = None
    publisher: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()


@dataclass
class Config:
    path: Path
    title: str
    description: str | None = None
    language: str = "de"
    sources_dir: Path = Path("seeds")
    output_dir: Path = Path("docs/dossier")
    actors: list[ActorSpec] = field(default_factory=list)
    topics: list[TopicSpec] = field(default_factory=list)
    source_meta: dict[str, SourceMeta] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent

    def fingerprint(self) -> str:
        """A stable digest of everything in the config that can change a build's output."""
        import hashlib
        import json

        payload = {
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "actors": [a.__dict__ for a in self.actors],
            "topics": [t.__dict__ for t in self.topics],
            "source_meta": {
                k: {**v.__dict__, "date": v.date.iso() if v.date else None} for k, v in sorted(self.source_meta.items())
            },
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=list).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- loading


class _Checker:
    """Collects problems while walking the composed YAML tree."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[ConfigProblem] = []

    def problem(self, node: yaml.Node | None, key: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(ConfigProblem(self.file, line, key, message))

    def mapping(self, node: yaml.Node, key: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The entries of a mapping node by key text; problems for non-mappings and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, key, f"must be a mapping, not {_describe(node)}")
            return None
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            full = f"{key}.{name}" if key else name
            if name in entries:
                self.problem(key_node, full, "is given twice")
            entries[name] = (key_node, value_node)
        return entries

    def unknown(self, entries: dict[str, tuple[yaml.Node, yaml.Node]], allowed: tuple[str, ...], prefix: str) -> None:
        for name, (key_node, _) in entries.items():
            if name not in allowed:
                full = f"{prefix}.{name}" if prefix else name
                self.problem(key_node, full, f"unknown key (allowed: {', '.join(allowed)})")

    def text(self, node: yaml.Node, key: str, *, required_nonempty: bool = True) -> str | None:
        value = _scalar_value(node)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(node.value)
        if not isinstance(value, str):
            self.problem(node, key, f"must be text, not {_describe(node)}")
            return None
        value = value.strip()
        if required_nonempty and not value:
            self.problem(node, key, "must not be empty")
            return None
        return value

    def text_list(self, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
        if isinstance(node, yaml.ScalarNode) and _scalar_value(node) is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, key, f"must be a list, not {_describe(node)}")
            return []
        items = []
        for index, item in enumerate(node.value):
            value = self.text(item, f"{key}[{index}]")
            if value is not None:
                items.append((value, item))
        return items


@dataclass(frozen=True)
class _Unreadable:
    """A scalar YAML cannot turn into a value (``2024-13-01``, ``!!int abc``, a tag such as
    ``!!python/name:…`` that would build an object); ``reason`` says why."""

    text: str
    reason: str


_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")
}


def _report_foreign_tags(check: "_Checker", root: yaml.Node) -> bool:
    """YAML tags other than the plain data types (``!!python/…``, ``!ruby/…``) are refused,
    each with its line and the key it stands under; nothing is ever constructed from them."""
    found = False
    start = len(check.problems)
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, key = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            check.problem(node, key or "-", f"uses the YAML tag {node.tag!r}, which is not allowed (only plain data)")
            found = True
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                child = f"{key}.{name}" if key else str(name)
                stack.extend(((value, child), (key_node, child)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{key}[{index}]") for index, item in reversed(list(enumerate(node.value))))
    check.problems[start:] = sorted(check.problems[start:], key=lambda p: p.line or 0)
    return found


def _scalar_value(node: yaml.Node) -> Any:
    """Resolve a scalar node with the safe constructor (no object-building tags); a value
    it cannot build becomes ``_Unreadable`` instead of an exception."""
    if not isinstance(node, yaml.ScalarNode):
        return node
    if not node.tag.startswith("tag:yaml.org,2002:"):
        return node.value
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return _Unreadable(node.value, f"the YAML tag {tag} is not allowed")
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        tag = node.tag.replace("tag:yaml.org,2002:", "")
        detail = f" ({exc})" if isinstance(exc, ValueError) and not str(exc).startswith("invalid literal") else ""
        return _Unreadable(node.value, f"not a valid {tag}{detail}")


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = _scalar_value(node)
    if isinstance(value, _Unreadable):
        return f"{value.text!r}: {value.reason}"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {node.value!r}"


_KEYWORD_WORD = re.compile(r"^\*?[^*\s]+\*?$")


def keyword_problem(keyword: str) -> str | None:
    """A keyword is a word or phrase; each word may have a ``*`` at either end (any
    continuation), and nothing else is special."""
    words = keyword.split()
    if not words or not keyword.replace("*", "").strip():
        return "a keyword needs text besides `*`"
    for word in words:
        if not _KEYWORD_WORD.match(word):
            return f"`*` may only stand at the start or end of a word, with text between (in {word!r})"
    return None


def load_config(path: str | Path) -> Config:
    """Read and validate ``dossier.yml``; raise ``ConfigError`` listing every problem."""
    path = Path(path)
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError([ConfigProblem(file, None, "-", f"cannot read the file ({exc.strerror or exc})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError([ConfigProblem(file, None, "-", f"is not UTF-8 ({exc.reason} at byte {exc.start})")]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line, where = yaml_error_line(exc, text, first_line=1)
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([ConfigProblem(file, line, "-", f"is not valid YAML: {reason}{where}")]) from None
    except RecursionError:
        raise ConfigError([ConfigProblem(file, None, "-", "is nested too deeply")]) from None
    check = _Checker(file)
    if root is not None and _report_foreign_tags(check, root):
        raise ConfigError(check.problems)
    if root is None:
        raise ConfigError([ConfigProblem(file, 1, "title", "the file is empty; `title` is required")])
    entries = check.mapping(root, "")
    if entries is None:
        raise ConfigError(check.problems)
    check.unknown(entries, TOP_LEVEL_KEYS, "")

    config = Config(path=path.resolve(), title="")
    if "title" in entries:
        config.title = check.text(entries["title"][1], "title") or ""
    else:
        check.problem(root, "title", "is required")
    if "description" in entries:
        config.description = check.text(entries["description"][1], "description", required_nonempty=False) or None
    if "language" in entries:
        language = check.text(entries["language"][1], "language")
        if language is not None and language not in LANGUAGES:
            check.problem(entries["language"][1], "language", f"must be one of {', '.join(LANGUAGES)}, not {language!r}")
        elif language:
            config.language = language
    config.sources_dir = _folder(check, entries, "sources", "seeds", config.root)
    config.output_dir = _folder(check, entries, "output", "docs/dossier", config.root)
    if config.output_dir == config.root or config.output_dir in config.root.parents:
        check.problem(entries.get("output", (root, root))[1], "output", "must be a folder below the dossier, not the dossier itself")
    elif config.sources_dir == config.output_dir or config.output_dir in config.sources_dir.parents or config.sources_dir in config.output_dir.parents:
        check.problem(entries.get("output", (root, root))[1], "output", "must not overlap the sources folder")

    if "actors" in entries:
        config.actors = _actors(check, entries["actors"][1])
    if "topics" in entries:
        config.topics = _topics(check, entries["topics"][1])
    if "source_meta" in entries:
        config.source_meta = _source_meta(check, entries["source_meta"][1])
    if check.problems:
        raise ConfigError(sorted(check.problems, key=lambda p: (p.line is None, p.line or 0)))
    return config


def _folder(check: _Checker, entries: dict, key: str, default: str, root: Path) -> Path:
    if key not in entries:
        return (root / default).resolve()
    node = entries[key][1]
    value = check.text(node, key)
    if value is None:
        return (root / default).resolve()
    candidate = Path(value)
    if candidate.is_absolute():
        check.problem(node, key, "must be a path relative to dossier.yml")
        return (root / default).resolve()
    resolved = (root / candidate).resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        check.problem(node, key, "must stay inside the folder of dossier.yml")
    return resolved


def _entity_items(check: _Checker, node: yaml.Node, section: str, allowed: tuple[str, ...]):
    """The well-formed items of the ``actors`` or ``topics`` list, each as (key prefix, item
    node, entries, name, id); problems for the rest: not a list, not a mapping, unknown
    keys, no name, a duplicate id (pointing at the `id:` line, or the name it came from)."""
    if isinstance(node, yaml.ScalarNode) and _scalar_value(node) is None:
        return
    if not isinstance(node, yaml.SequenceNode):
        check.problem(node, section, f"must be a list, not {_describe(node)}")
        return
    singular = section[:-1]
    ids: dict[str, int] = {}
    for index, item in enumerate(node.value):
        key = f"{section}[{index}]"
        entries = check.mapping(item, key)
        if entries is None:
            continue
        check.unknown(entries, allowed, key)
        if "name" not in entries:
            check.problem(item, f"{key}.name", "is required")
            continue
        name = check.text(entries["name"][1], f"{key}.name")
        if name is None:
            continue
        entity_id = _entity_id(check, entries, key, name)
        if entity_id:
            if entity_id in ids:
                where = entries["id"][1] if "id" in entries else entries["name"][1]
                origin = "" if "id" in entries else " (made from the name; add an `id:` to tell them apart)"
                check.problem(where, f"{key}.id", f"duplicate {singular} id {entity_id!r}{origin} (also {section}[{ids[entity_id]}])")
            ids.setdefault(entity_id, index)
        yield key, item, entries, name, entity_id


def _description(check: _Checker, entries: dict, key: str) -> str | None:
    if "description" not in entries:
        return None
    return check.text(entries["description"][1], f"{key}.description", required_nonempty=False) or None


def _actors(check: _Checker, node: yaml.Node) -> list[ActorSpec]:
    """Actors: a kind from ACTOR_KINDS; names and aliases valid patterns, none shared by two actors."""
    actors: list[ActorSpec] = []
    aliases: dict[str, str] = {}
    for key, item, entries, name, actor_id in _entity_items(check, node, "actors", ACTOR_KEYS):
        kind = "person"
        if "kind" in entries:
            value = check.text(entries["kind"][1], f"{key}.kind")
            if value is not None and value not in ACTOR_KINDS:
                check.problem(entries["kind"][1], f"{key}.kind", f"must be one of {', '.join(ACTOR_KINDS)}, not {value!r}")
            elif value:
                kind = value
        else:
            check.problem(item, f"{key}.kind", f"is required ({', '.join(ACTOR_KINDS)})")
        alias_list = check.text_list(entries["aliases"][1], f"{key}.aliases") if "aliases" in entries else []
        for alias, alias_node in [(name, entries["name"][1])] + alias_list:
            if keyword_problem(alias) and alias.strip("*"):
                check.problem(alias_node, f"{key}.aliases", f"{alias!r}: {keyword_problem(alias)}")
                continue
            folded = alias.casefold()
            owner = aliases.get(folded)
            if owner is not None and owner != actor_id:
                check.problem(alias_node, f"{key}.aliases", f"{alias!r} is already a name or alias of actor {owner!r}")
            aliases.setdefault(folded, actor_id)
        actors.append(
            ActorSpec(
                id=actor_id,
                name=name,
                kind=kind,
                aliases=tuple(dict.fromkeys(a for a, _ in alias_list)),
                description=_description(check, entries, key),
            )
        )
    return actors


def _topics(check: _Checker, node: yaml.Node) -> list[TopicSpec]:
    """Topics: at least one keyword, each a valid pattern."""
    topics: list[TopicSpec] = []
    for key, item, entries, name, topic_id in _entity_items(check, node, "topics", TOPIC_KEYS):
        keywords: list[str] = []
        if "keywords" in entries:
            for keyword, keyword_node in check.text_list(entries["keywords"][1], f"{key}.keywords"):
                problem = keyword_problem(keyword)
                if problem:
                    check.problem(keyword_node, f"{key}.keywords", f"{keyword!r}: {problem}")
                else:
                    keywords.append(keyword)
        else:
            check.problem(item, f"{key}.keywords", "is required (a list of words or phrases)")
        if "keywords" in entries and not keywords and not any(p.key.startswith(f"{key}.keywords") for p in check.problems):
            check.problem(entries["keywords"][1], f"{key}.keywords", "needs at least one keyword")
        topics.append(TopicSpec(id=topic_id, name=name, keywords=tuple(dict.fromkeys(keywords)), description=_description(check, entries, key)))
    return topics


def _entity_id(check: _Checker, entries: dict, key: str, name: str) -> str:
    if "id" in entries:
        node = entries["id"][1]
        value = check.text(node, f"{key}.id")
        if value is None:
            return ""
        if slugify(value) != value:
            check.problem(node, f"{key}.id", f"must be a slug (lowercase a-z, 0-9 and -), e.g. {slugify(value)!r}")
        return value
    slug = slugify(name)
    if not slug:
        check.problem(entries["name"][1], f"{key}.name", "gives an empty id; add an `id:`")
    return slug


def _source_meta(check: _Checker, node: yaml.Node) -> dict[str, SourceMeta]:
    entries = check.mapping(node, "source_meta")
    if entries is None:
        return {}
    result: dict[str, SourceMeta] = {}
    for name, (key_node, value_node) in entries.items():
        key = f"source_meta.{name}"
        fields = check.mapping(value_node, key)
        if fields is None:
            continue
        check.unknown(fields, SOURCE_META_KEYS, key)
        values: dict[str, Any] = {}
        for field_name in ("title", "publisher"):
            if field_name in fields:
                values[field_name] = check.text(fields[field_name][1], f"{key}.{field_name}")
        if "url" in fields:
            url = check.text(fields["url"][1], f"{key}.url")
            if url is not None and url.split(":", 1)[0].lower() not in URL_SCHEMES:
                check.problem(fields["url"][1], f"{key}.url", f"must be an {', '.join(URL_SCHEMES)} link")
            else:
                values["url"] = url
        if "date" in fields:
            date_node = fields["date"][1]
            value = _scalar_value(date_node)
            date = None
            if isinstance(value, datetime.datetime):
                date = PartialDate(value.year, value.month, value.day)
            elif isinstance(value, datetime.date):
                date = PartialDate(value.year, value.month, value.day)
            elif isinstance(value, (str, int)):
                date = PartialDate.parse(str(value))
            if date is None:
                check.problem(date_node, f"{key}.date", "must be a date YYYY, YYYY-MM or YYYY-MM-DD")
            values["date"] = date
        if "tags" in fields:
            values["tags"] = tuple(t for t, _ in check.text_list(fields["tags"][1], f"{key}.tags"))
        normalised = name.replace("\\", "/").strip("/")
        result[normalised] = SourceMeta(**values)
    return result
