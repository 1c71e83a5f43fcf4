"""Markdown extension ``dossier_build.footnotes``: Python-Markdown's ``footnotes``, giving
the same HTML, with each reference numbered in constant time.

Python-Markdown (3.x) numbers a reference by looking its id up in a list: the list of the
page's footnote definitions (``list(footnotes.keys()).index(id)``) and, before that, the
list of ids referenced so far (``id not in footnote_order``). Each lookup costs as much as
the page has footnotes, so a page with n footnotes costs n² (the quotes page of a
3,000-source dossier, 7,000 footnotes: 5 of the 7 seconds of its Markdown conversion).
Here both positions are kept in dictionaries. Options are those of ``footnotes``; the rule
for the number is unchanged: the position of the footnote's definition on the page
(``USE_DEFINITION_ORDER``, the default), or else of its first reference.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import footnotes

FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # the pattern Python-Markdown registers for references


class FootnoteExtension(footnotes.FootnoteExtension):
    """``footnotes`` with the position of each definition and first reference kept by id."""

    def reset(self) -> None:
        """A new page: no footnotes, no references (and the positions cleared with them)."""
        super().reset()
        self.reference_numbers: dict[str, int] = {}
        self.definition_numbers: dict[str, int] | None = None

    def setFootnote(self, id: str, text: str) -> None:
        """Store a definition; a new id changes the definition numbers, a repeated one
        keeps its place (as in the ordered dict it is stored in)."""
        if id not in self.footnotes:
            self.definition_numbers = None
        super().setFootnote(id, text)

    def addFootnoteRef(self, id: str) -> None:
        """Record a reference; the first one of an id fixes its place in reference order."""
        if id not in self.reference_numbers:
            self.footnote_order.append(id)
            self.reference_numbers[id] = len(self.footnote_order)

    def footnote_number(self, id: str) -> int:
        """The number a reference to ``id`` shows: its definition's position (1-based)
        with ``USE_DEFINITION_ORDER``, else the position of its first reference."""
        if not self.getConfig("USE_DEFINITION_ORDER"):
            return self.reference_numbers[id]
        if self.definition_numbers is None:
            self.definition_numbers = {key: number for number, key in enumerate(self.footnotes, start=1)}
        return self.definition_numbers[id]

    def extendMarkdown(self, md) -> None:
        """Python-Markdown's processors, with the reference processor replaced (same name
        and priority)."""
        super().extendMarkdown(md)
        md.inlinePatterns.register(FootnoteInlineProcessor(FOOTNOTE_RE, self), "footnote", 175)


class FootnoteInlineProcessor(footnotes.FootnoteInlineProcessor):
    """A reference ``[^id]`` to a defined footnote becomes ``<sup id="fnref:id"><a
    class="footnote-ref" href="#fn:id">N</a></sup>``, as in Python-Markdown; an undefined
    one stays text."""

    footnotes: FootnoteExtension

    def handleMatch(self, m, data):
        id = m.group(1)
        if id not in self.footnotes.footnotes:
            return None, None, None
        self.footnotes.addFootnoteRef(id)
        sup = etree.Element("sup")
        link = etree.SubElement(sup, "a")
        sup.set("id", self.footnotes.makeFootnoteRefId(id, found=True))
        link.set("href", "#" + self.footnotes.makeFootnoteId(id))
        link.set("class", "footnote-ref")
        link.text = self.footnotes.getConfig("SUPERSCRIPT_TEXT").format(self.footnotes.footnote_number(id))
        return sup, m.start(0), m.end(0)


def makeExtension(**kwargs) -> FootnoteExtension:
    """What Python-Markdown calls for ``dossier_build.footnotes`` in ``markdown_extensions``."""
    return FootnoteExtension(**kwargs)
