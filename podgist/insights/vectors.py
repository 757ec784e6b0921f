"""Sparse TF-IDF sentence vectors with NumPy, and what is computed from them: centrality and MMR.

The matrix is kept as COO arrays (row, column, value). Products with a vector are ``np.bincount`` calls,
so PageRank-style centrality over all sentence pairs costs a few milliseconds even for a 3-hour episode:
the full sentence-by-sentence similarity matrix is never built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Matrix:
    """An L2-normalised TF-IDF matrix: ``rows`` sentences by ``vocab`` terms, stored as COO arrays."""

    row: NDArray[np.int64]
    col: NDArray[np.int64]
    val: Floats
    rows: int
    vocab: dict[str, int]
    idf: Floats

    def dot(self, v: Floats) -> Floats:
        """``X @ v`` for a vector over terms."""
        return _sum_by(self.row, self.val * v[self.col], self.rows)

    def tdot(self, u: Floats) -> Floats:
        """``X.T @ u`` for a vector over sentences."""
        return np.bincount(self.col, weights=self.val * u[self.row], minlength=len(self.vocab)).astype(
            np.float64
        )

    def dense(self, rows: Sequence[int]) -> Floats:
        """The given rows as a dense array over only the terms they use (enough for dot products)."""
        pos = np.full(self.rows, -1, dtype=np.int64)
        pos[np.asarray(rows, dtype=np.int64)] = np.arange(len(rows))
        at = pos[self.row]
        keep = at >= 0
        cols, local = np.unique(self.col[keep], return_inverse=True)
        out = np.zeros((len(rows), len(cols)))
        out[at[keep], local] = self.val[keep]
        return out


def _sum_by(index: NDArray[np.int64], weights: Floats, size: int) -> Floats:
    """Sum ``weights`` into ``size`` bins by ``index`` (a sparse product's core step)."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


def tfidf(docs: Sequence[Sequence[str]]) -> Matrix:
    """Build the L2-normalised TF-IDF matrix (sublinear tf, smoothed idf) of term lists."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    for r, doc in enumerate(docs):
        local: dict[int, int] = {}
        for t in doc:
            c = vocab.setdefault(t, len(vocab))
            local[c] = local.get(c, 0) + 1
        for c, n in local.items():
            rows.append(r)
            cols.append(c)
            counts.append(float(n))
    row = np.asarray(rows, dtype=np.int64)
    col = np.asarray(cols, dtype=np.int64)
    df = np.bincount(col, minlength=len(vocab)).astype(np.float64)
    idf = np.log((len(docs) + 1.0) / (df + 1.0)) + 1.0
    val = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[col] if counts else np.zeros(0)
    norms = np.sqrt(np.bincount(row, weights=val * val, minlength=len(docs)))
    if len(val):
        val = val / norms[row]
    return Matrix(row=row, col=col, val=val, rows=len(docs), vocab=vocab, idf=idf)


def centrality(m: Matrix, damping: float = 0.85, iterations: int = 30) -> Floats:
    """Continuous LexRank: PageRank over cosine similarities between all sentence pairs, scaled to max 1.

    The similarity matrix is ``X X^T`` without its diagonal; each step applies it as two sparse products.
    """
    n = m.rows
    if n == 0:
        return np.zeros(0)
    self_sim = np.bincount(m.row, weights=m.val * m.val, minlength=n)
    degree = m.dot(m.tdot(np.ones(n))) - self_sim
    safe = np.where(degree > 1e-12, degree, 1.0)
    p = np.full(n, 1.0 / n)
    for _ in range(iterations):
        q = p / safe
        spread = m.dot(m.tdot(q)) - self_sim * q
        p = (1.0 - damping) / n + damping * spread
    top = float(p.max())
    return p / top if top > 0 else p


def mmr(scores: Floats, vectors: Floats, k: int, lam: float = 0.7) -> list[int]:
    """Maximal marginal relevance: pick ``k`` rows trading score against similarity to rows already picked.

    ``vectors`` are unit rows aligned with ``scores``; returns picked row indices in pick order.
    """
    n = len(scores)
    if n == 0 or k <= 0:
        return []
    sims = vectors @ vectors.T
    top = float(scores.max()) or 1.0
    rel = scores / top
    picked: list[int] = []
    max_sim = np.zeros(n)
    available = np.ones(n, dtype=bool)
    for _ in range(min(k, n)):
        gain = np.where(available, lam * rel - (1.0 - lam) * max_sim, -np.inf)
        best = int(np.argmax(gain))
        if not np.isfinite(gain[best]):
            break
        picked.append(best)
        available[best] = False
        max_sim = np.maximum(max_sim, sims[best])
    return picked
