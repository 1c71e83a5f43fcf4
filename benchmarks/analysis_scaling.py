"""How the analysis stage (actors, topics, quotes, off-topic, timeline, summaries) and the
actor/topic/quotes pages scale with the number of sources.

    python benchmarks/analysis_scaling.py [N ...]          # default: 1000 4000

For each N it makes N sources in memory from the seed articles (each one 12 paragraphs
drawn at random, seeded, from the 62 paragraphs of the normalised seeds, with a date) and
times, with the repository's dossier.yml:

- per-source analysis (``analyse_source``: mentions, topics, quotes) and the per-source part
  of the dossier-wide steps (``source_signature``: what a build keeps per source),
- the dossier-wide steps (off-topic, summaries, timeline; no shared passages), given those
  signatures,
- the analysis pages (actor, topic, quotes, timeline pages).

It prints CPU time (compare this on a busy machine) and wall time, and the ratio to the
previous N. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import copy
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier_build.analyse import analyse_source, compile_config, source_signature, summarise  # noqa: E402
from dossier_build.analyse.offtopic import mark_off_topic  # noqa: E402
from dossier_build.build import read_sources  # noqa: E402
from dossier_build.config import load_config  # noqa: E402
from dossier_build.model import Dossier, Paragraph, PartialDate, Source  # noqa: E402
from dossier_build.render import render_analysis_pages  # noqa: E402


def corpus(seeds: list[Source], n: int) -> list[Source]:
    pool = [p for s in seeds for p in s.paragraphs]
    rng = random.Random(n)
    sources = []
    for i in range(n):
        paragraphs = [copy.copy(p) for p in rng.sample(pool, 12)]
        for number, paragraph in enumerate(paragraphs, start=1):
            paragraph = Paragraph(id=f"p{number}", text=paragraph.text, sentences=list(paragraph.sentences))
            paragraphs[number - 1] = paragraph
        date = PartialDate(2023 + i % 2, 1 + i % 12, 1 + i % 28)
        sources.append(Source(id=f"s{i:06d}", path=f"s{i:06d}.txt", format="text", encoding="utf-8", title=f"Quelle {i}", date=date, blocks=paragraphs))
    return sources


def timed(step):
    cpu, wall = time.process_time(), time.perf_counter()
    result = step()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main(sizes: list[int]) -> None:
    config = load_config(ROOT / "dossier.yml")
    seeds, *_ = read_sources(config)
    compiled = compile_config(config)
    previous = None
    print(f"{'N':>7} {'per-source cpu':>15} {'dossier-wide cpu':>17} {'pages cpu':>10} {'total cpu':>10} {'wall':>7} {'ratio':>6}")
    for n in sizes:
        sources = corpus(seeds, n)
        dossier = Dossier(title=config.title, description=None, language="de", sources=sources)

        signatures = {}

        def per_source():
            dossier.quotes = [q for s in sources for q in analyse_source(s, compiled)]
            signatures.update((s.id, source_signature(s)) for s in sources)

        def dossier_wide():
            mark_off_topic(sources, {source_id: signature.off_topic for source_id, signature in signatures.items()})
            dossier.analysis = summarise(dossier, config, {source_id: signature.events for source_id, signature in signatures.items()})

        _, cpu1, wall1 = timed(per_source)
        _, cpu2, wall2 = timed(dossier_wide)
        files, cpu3, wall3 = timed(lambda: render_analysis_pages(dossier, "dossier"))
        total = cpu1 + cpu2 + cpu3
        ratio = f"{total / previous:.2f}" if previous else "-"
        print(f"{n:>7} {cpu1:>14.2f}s {cpu2:>16.2f}s {cpu3:>9.2f}s {total:>9.2f}s {wall1 + wall2 + wall3:>6.1f}s {ratio:>6}  ({len(files)} pages)")
        previous = total


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 4000])
