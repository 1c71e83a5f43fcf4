"""Slugs: the only way input text becomes part of an output path."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase; ä→ae, ö→oe, ü→ue, ß→ss; other accents dropped (é→e); every run of
    other characters becomes ``-``; trimmed. Only ``[a-z0-9-]`` can come out, so a slug
    can never name a parent folder or an absolute path. May return ``""``."""
    text = text.translate(_GERMAN).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("-", text).strip("-")


def unique_slugs(names: list[str], fallback: str = "quelle") -> list[str]:
    """Slug every name and make the slugs unique with stable suffixes ``-2``, ``-3``…

    The suffix depends only on the order of ``names`` (callers sort them), so the same
    input always gives the same paths. An empty slug becomes ``fallback``.
    """
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        base = slugify(name)[:80].strip("-") or fallback
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        result.append(slug)
    return result
