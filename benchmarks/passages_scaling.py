"""How shared-passage detection and discrepancy finding scale with the number of sources.

    python benchmarks/passages_scaling.py [N ...]          # default: 1000 10000
    python benchmarks/passages_scaling.py --memory agency 10000   # memory of one corpus alone

For each N it builds three synthetic corpora in memory (seeded, reproducible; about 4 KB of
text per source, ~30 sentences) and times the per-source part of the passage finder
(``passage_signature`` of every source: what a build does in its reading workers and keeps in
its cache), the dossier-wide ``find_shared_passages`` given those signatures, and
``find_discrepancies``:

- ``unrelated``: sentences of random words (Zipf-distributed vocabulary of 30,000 words plus
  German function words); nothing is shared.
- ``agency``: as ``unrelated``, but each source also carries 5 sentences from a pool of
  N/4 agency sentences, a third of the copies lightly reworded (a word dropped, a number or a
  name changed) - the realistic case.
- ``seeds``: every sentence is a sentence of the five seed articles, recombined (like
  ``make_corpus.py``): each seed sentence is copied by thousands of sources - the worst case
  for group sizes.

It prints wall and CPU time (the CPU time is the figure to compare on a busy machine), the
peak memory of the process so far, the work counters of :class:`PassageStats` (candidate pairs, rapidfuzz
comparisons) and the ratios between successive N. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import random
import resource
from itertools import accumulate
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier_build.analyse.discrepancies import find_discrepancies  # noqa: E402
from dossier_build.analyse.passages import FUNCTION_WORDS, PassageStats, find_shared_passages, passage_signature  # noqa: E402
from dossier_build.config import ActorSpec  # noqa: E402
from dossier_build.model import Paragraph, Source  # noqa: E402
from dossier_build.normalise import normalise  # noqa: E402
from dossier_build.readers import read_document  # noqa: E402

FUNCTION = sorted(FUNCTION_WORDS)
SYLLABLES = ["ba", "ko", "ri", "tan", "mel", "sch", "vor", "ung", "ler", "sta", "gen", "fri", "hol", "zer", "mun", "pla"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct pseudo-words, some capitalised like German nouns."""
    words: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.add(word.capitalize() if rng.random() < 0.4 else word)
    return sorted(words)


def random_sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    """A sentence of 12-22 words: content words by Zipf weight, every third a function word."""
    count = rng.randint(12, 22)
    content = rng.choices(vocab, cum_weights=weights, k=count)
    words = [rng.choice(FUNCTION) if i % 3 == 1 else w for i, w in enumerate(content)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def reword(sentence: str, rng: random.Random) -> str:
    """A light edit as agencies' customers make: drop a word, change a number or a name."""
    words = sentence[:-1].split()
    choice = rng.random()
    if choice < 0.4 and len(words) > 8:
        del words[rng.randrange(1, len(words))]
    elif choice < 0.7:
        words.insert(rng.randrange(1, len(words)), str(rng.randint(2, 99)))
    else:
        i = rng.randrange(1, len(words))
        words[i] = words[i][:-1] + ("x" if words[i][-1] != "x" else "y")
    return " ".join(words) + "."


def make_source(index: int, sentences: list[str]) -> Source:
    """A source of paragraphs of three sentences each."""
    paragraphs = []
    for n, start in enumerate(range(0, len(sentences), 3), start=1):
        chunk = sentences[start : start + 3]
        paragraphs.append(Paragraph(id=f"p{n}", text=" ".join(chunk), sentences=chunk))
    return Source(id=f"s{index:05d}", path=f"s{index:05d}.txt", format="text", encoding="utf-8", title=f"Quelle {index}", blocks=paragraphs)


def corpus_unrelated(n: int, seed: int = 1, agency: bool = False) -> list[Source]:
    rng = random.Random(seed)
    vocab = vocabulary(30000, rng)
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(vocab))))  # cumulative, built once
    pool = [random_sentence(rng, vocab, weights) for _ in range(max(10, n // 4))] if agency else []
    sources = []
    for i in range(n):
        own = [random_sentence(rng, vocab, weights) for _ in range(25 if agency else 30)]
        if agency:
            for sentence in rng.sample(pool, 5):
                own.insert(rng.randrange(len(own) + 1), reword(sentence, rng) if rng.random() < 0.33 else sentence)
        sources.append(make_source(i, own))
    return sources


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "seeds").iterdir()):
        source = normalise(read_document(path.name, path.read_bytes()), path.stem)
        for paragraph in source.paragraphs:
            sentences.extend(paragraph.sentences)
    return sentences


def corpus_seeds(n: int, seed: int = 1) -> list[Source]:
    rng = random.Random(seed)
    pool = seed_sentences()
    return [make_source(i, rng.sample(pool, 30)) for i in range(n)]


def current_rss_mb() -> float:
    """The process's resident memory now (Linux), to set against the peak after a step."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def measure(name: str, sources: list[Source]) -> dict:
    size = sum(len(p.text) for s in sources for p in s.paragraphs)
    stats = PassageStats()
    rss_before = current_rss_mb()
    cpu = time.process_time()
    signatures = {source.id: passage_signature(source) for source in sources}
    signatures_cpu = time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    shared = find_shared_passages(sources, signatures, stats=stats)
    passages_time, passages_cpu = time.perf_counter() - start, time.process_time() - cpu
    del signatures
    start, cpu = time.perf_counter(), time.process_time()
    discrepancies = find_discrepancies(sources, shared, [ActorSpec(id="wladimir-putin", name="Wladimir Putin", kind="person", aliases=("Putin",))])
    discrepancies_time, discrepancies_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "corpus": name,
        "N": len(sources),
        "MB": size / 1e6,
        "passages_s": passages_time,
        "passages_cpu": passages_cpu,
        "signatures_cpu": signatures_cpu,
        "discrepancies_s": discrepancies_time,
        "discrepancies_cpu": discrepancies_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before": rss_before,
        "shared": len(shared),
        "discrepancies": len(discrepancies),
        "candidates": stats.candidates,
        "comparisons": stats.comparisons,
        "postings": stats.postings_scanned,
        "indexed": stats.indexed,
    }


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        for name, make in (("unrelated", lambda k: corpus_unrelated(k)), ("agency", lambda k: corpus_unrelated(k, agency=True)), ("seeds", corpus_seeds)):
            row = measure(name, make(n))
            rows.append(row)
            print(
                f"{row['corpus']:9} N={row['N']:6} text={row['MB']:6.1f} MB  signatures cpu {row['signatures_cpu']:6.2f} s  passages {row['passages_s']:7.2f} s (cpu {row['passages_cpu']:6.2f} s)"
                f"  discrepancies {row['discrepancies_s']:6.2f} s (cpu {row['discrepancies_cpu']:5.2f} s)  RSS before {row['rss_before']:5.0f} MB, peak so far {row['peak_mb']:5.0f} MB"
                f"  shared={row['shared']:6} discrepancies={row['discrepancies']:5} candidates={row['candidates']:8} comparisons={row['comparisons']:8}"
                f" postings={row['postings']:9} indexed={row['indexed']:7}",
                flush=True,
            )
    for name in ("unrelated", "agency", "seeds"):
        series = [r for r in rows if r["corpus"] == name]
        for small, large in zip(series, series[1:]):
            factor = large["N"] / small["N"]
            ratio = lambda key: large[key] / small[key] if small[key] else float("nan")  # noqa: E731
            print(
                f"{name:9} N x{factor:.0f}: signatures cpu x{ratio('signatures_cpu'):.1f}, passages cpu x{ratio('passages_cpu'):.1f}, discrepancies cpu x{ratio('discrepancies_cpu'):.1f},"
                f" candidates x{ratio('candidates'):.1f}, comparisons x{ratio('comparisons'):.1f}, postings x{ratio('postings'):.1f}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        # one corpus in a fresh process: the peak then belongs to corpus + analysis alone
        kind, n = sys.argv[2], int(sys.argv[3])
        corpus = corpus_seeds(n) if kind == "seeds" else corpus_unrelated(n, agency=kind == "agency")
        row = measure(kind, corpus)
        print(f"{kind} N={n}: RSS with the corpus {row['rss_before']:.0f} MB, peak after the analysis {row['peak_mb']:.0f} MB")
    else:
        main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
