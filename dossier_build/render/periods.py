"""Aggregate pages split by period, not by count, so that one edit does not reshuffle them.

A list that outgrows one page (an actor's or topic's statements, the timeline, the quotes,
the discrepancies) is split by the date of its items, the same way everywhere:

- a century with at most ``size`` items (of more than one year) is one page,
  ``<base>--1900-1999.md``, else each of its decades is, ``<base>--2010-2019.md``, if it
  has at most ``size`` (of more than one year), else each of its years: a long time span
  with few items a year does not make a page a year;
- a year with at most ``size`` items is one page: ``<base>--2024.md``;
- a year with more is split into its months: ``<base>--2024-03.md``; items dated to the
  year only (no month) get the month ``00``: ``<base>--2024-00.md`` (a partial date sorts
  them before the months);
- a month with more than ``size`` items is cut, in date order, into consecutive parts of
  at most ``size``: ``<base>--2024-03.md``, ``<base>--2024-03--2.md`` … (only here is the
  split by count, and only inside that month);
- undated items: ``<base>--undatiert.md`` (and ``--undatiert--2.md`` … past ``size``),
  cut where an item's name (source and paragraph id) says so, not by count (see
  :func:`_undated_parts`): undated sources have no period to keep them apart.

An item added, changed or removed therefore changes the page(s) of its period, the
overview on the first page (``<base>.md``: counts) and, when a period appears or
disappears, its neighbours' links; never the pages of other periods. File names are plain
slugs (ids never contain ``--``). Labels are in the dossier's language (``März 2024``,
``2024 (ohne Monat)``, ``undatiert``).

Links stay bounded: a period page links the overview, the previous and the next period
and, inside a month cut in parts, the parts (at most ``ALL_PAGE_LINKS`` and the ones
around it, see :func:`_part_links`). The overview names every period, one line per
century, decade or year: its length grows with the time span of the dossier, not with the
number of items.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from . import markdown as md
from .labels import MONTHS, words

T = TypeVar("T")

UNDATED_SLUG = "undatiert"
# A month cut in more parts than this links the first, the last and PAGES_AROUND either
# side of the current one, so that the links do not grow with the parts.
ALL_PAGE_LINKS = 10
PAGES_AROUND = 2
YEAR_ONLY_MONTH = 0


@dataclass(frozen=True)
class Period:
    """A year (``month`` None), a month of a year (``month`` 0: dated to the year only), or
    the undated items (``year`` None)."""

    year: int | None
    month: int | None = None
    until: int | None = None  # the last year of a century or decade starting at ``year``

    @property
    def slug(self) -> str:
        """``1900-1999``, ``2010-2019``, ``2024``, ``2024-03``, ``2024-00`` or
        ``undatiert``: the file name after ``--``."""
        if self.year is None:
            return UNDATED_SLUG
        if self.until is not None:
            return f"{self.year}-{self.until}"
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"

    def label(self, language: str) -> str:
        """``1900–1999``, ``2024``, ``März 2024``, ``2024 (ohne Monat)``, ``undatiert`` (de)."""
        w = words(language)
        if self.year is None:
            return w["undated"]
        if self.until is not None:
            return f"{self.year}–{self.until}"
        if self.month is None:
            return str(self.year)
        if self.month == YEAR_ONLY_MONTH:
            return f"{self.year} ({w['no_month']})"
        return f"{MONTHS.get(language, MONTHS['de'])[self.month - 1]} {self.year}"

    def short_label(self, language: str) -> str:
        """The label inside its year's line of the overview: ``März``, ``ohne Monat``."""
        if self.year is None or self.month is None:
            return self.label(language)
        if self.month == YEAR_ONLY_MONTH:
            return words(language)["no_month"]
        return MONTHS.get(language, MONTHS["de"])[self.month - 1]


@dataclass
class PeriodPage:
    """One page of a split list: its period, which part of it (from 1), how many parts the
    period has, and its items (in the order given)."""

    period: Period
    part: int
    parts: int
    items: list

    @property
    def slug(self) -> str:
        """``2024-03`` for the first part, ``2024-03--2`` for the second …"""
        return self.period.slug if self.part == 1 else f"{self.period.slug}--{self.part}"

    def label(self, language: str) -> str:
        """``März 2024``, ``März 2024 (Teil 2)``."""
        label = self.period.label(language)
        return label if self.parts == 1 else f"{label} ({words(language)['part']} {self.part})"


def period_file(base_name: str, slug: str) -> str:
    """``actors/putin--2024-03.md``: a period page's path (``base_name`` without ``.md``)."""
    return f"{base_name}--{slug}.md"


def split_by_period(items: Sequence[T], date_of: Callable[[T], object], size: int, name_of: Callable[[T], str] | None = None) -> list[PeriodPage]:
    """The items (in date order, undated last) as period pages, by the rule of this
    module; ``date_of`` gives an item's :class:`~dossier_build.model.PartialDate` or
    ``None``; ``name_of`` a stable name (e.g. source and paragraph id) by which the
    undated are cut into parts (:func:`_undated_parts`), else they are cut by count. No
    pages for no items."""
    dated: list[tuple[object, T]] = []
    undated: list[T] = []
    for item in items:
        date = date_of(item)
        if date is None:
            undated.append(item)
        else:
            dated.append((date, item))
    pages: list[PeriodPage] = []
    for century, in_century in _grouped(dated, lambda date: date.year // 100 * 100):
        if len(in_century) <= size and _years(in_century) > 1:
            pages.append(PeriodPage(Period(century, None, century + 99), 1, 1, [item for _, item in in_century]))
            continue
        for decade, in_decade in _grouped(in_century, lambda date: date.year // 10 * 10):
            if len(in_decade) <= size and _years(in_decade) > 1:
                pages.append(PeriodPage(Period(decade, None, decade + 9), 1, 1, [item for _, item in in_decade]))
                continue
            for year, in_year in _grouped(in_decade, lambda date: date.year):
                if len(in_year) <= size:
                    pages.append(PeriodPage(Period(year), 1, 1, [item for _, item in in_year]))
                    continue
                for month, in_month in _grouped(in_year, lambda date: YEAR_ONLY_MONTH if date.month is None else date.month):
                    pages += _parts(Period(year, month), [item for _, item in in_month], size)
    pages += _parts(Period(None), undated, size) if name_of is None else _undated_parts(undated, name_of, size)
    return pages


def _grouped(dated: list[tuple], key: Callable) -> list[tuple[int, list[tuple]]]:
    """(date, item) pairs grouped by ``key(date)``, groups in ascending order, each in the
    order given."""
    groups: dict[int, list[tuple]] = {}
    for pair in dated:
        groups.setdefault(key(pair[0]), []).append(pair)
    return sorted(groups.items())


def _years(dated: list[tuple]) -> int:
    """How many different years the (date, item) pairs have: a century or decade with
    items of one year only is shown as that year."""
    return len({date.year for date, _ in dated})


def _undated_parts(items: list, name_of: Callable, size: int) -> list[PeriodPage]:
    """The undated items (in the order given) in parts of at most ``size``, cut before an
    item whose name's CRC-32 is a multiple of ``size // 2`` (about every ``size // 2``
    items), or when a part is full. The cuts depend on the items next to them, not on
    their position: an item added or removed changes its own part, not every later one
    as cutting by count would (unless it adds or removes a cut, about one time in
    ``size // 2``: then the later parts are numbered anew)."""
    step = max(1, size // 2)
    chunks: list[list] = []
    for item in items:
        if not chunks or len(chunks[-1]) >= size or (chunks[-1] and zlib.crc32(name_of(item).encode("utf-8")) % step == 0):
            chunks.append([])
        chunks[-1].append(item)
    return [PeriodPage(Period(None), number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1)]


def _parts(period: Period, items: list, size: int) -> list[PeriodPage]:
    """A period's items in consecutive parts of at most ``size`` (none for no items)."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    return [PeriodPage(period, number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1)]


def _part_links(base_file: str, page: PeriodPage, current: int | None) -> list[str]:
    """Links to the parts of ``page``'s period (``current``: the part shown, in bold, or
    None): all up to ``ALL_PAGE_LINKS``, else the first, the last and ``PAGES_AROUND``
    either side of the current one."""
    count = page.parts
    if count <= ALL_PAGE_LINKS:
        shown = list(range(1, count + 1))
    else:
        around = current or 1
        shown = sorted({1, count, *range(max(1, around - PAGES_AROUND), min(count, around + PAGES_AROUND) + 1)})
    items = []
    previous = 0
    for number in shown:
        if number > previous + 1:
            items.append("…")
        slug = page.period.slug if number == 1 else f"{page.period.slug}--{number}"
        items.append(f"**{number}**" if number == current else f"[{number}]({period_file(base_file, slug)})")
        previous = number
    return items


def period_overview(base_file: str, pages: list[PeriodPage], language: str, unit: tuple[str, str]) -> str:
    """The first page's list of periods: one line per year (a year split into months
    names each of its months on that line, a month cut in parts links its parts), each
    with its number of items (``unit``: singular and plural word); the undated last.
    ``base_file`` is the first page's file name without ``.md`` (links are relative to
    its folder)."""
    one, many = unit
    periods: dict[Period, list[PeriodPage]] = {}
    for page in pages:
        periods.setdefault(page.period, []).append(page)
    lines: list[str] = []
    line_year: int | None = None
    for period, parts in periods.items():
        count = sum(len(part.items) for part in parts)
        counted = f"{count} {one if count == 1 else many}"
        if len(parts) > 1:
            counted += f"; {words(language)['parts']}: " + " · ".join(_part_links(base_file, parts[0], None))
        text = f"{md.internal_link(period.short_label(language), period_file(base_file, period.slug))} ({counted})"
        if period.year is None or period.month is None:
            lines.append(f"- {text}")
            line_year = None
        elif period.year == line_year:
            lines[-1] += " · " + text
        else:
            lines.append(f"- **{period.year}**: {text}")
            line_year = period.year
    return "\n".join(lines) + "\n\n"


def period_links(base_file: str, pages: list[PeriodPage], position: int, overview_file: str, language: str) -> str:
    """A period page's links: the overview, the previous and the next period (their first
    part) and, for a month cut in parts, the parts. They do not depend on the number of
    items of other periods."""
    w = words(language)
    page = pages[position]
    items = [md.internal_link(w["overview"], overview_file)]
    before = next((p for p in reversed(pages[:position]) if p.period != page.period), None)
    after = next((p for p in pages[position + 1 :] if p.period != page.period), None)
    if before is not None:
        before = next(p for p in pages if p.period == before.period)
        items.append("← " + md.internal_link(before.period.label(language), period_file(base_file, before.slug)))
    if after is not None:
        items.append(md.internal_link(after.period.label(language), period_file(base_file, after.slug)) + " →")
    text = " · ".join(items) + "\n\n"
    if page.parts > 1:
        text += f"{w['parts']}: " + " · ".join(_part_links(base_file, page, page.part)) + "\n\n"
    return text
