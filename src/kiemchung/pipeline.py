"""The pipeline: named stages that take a document and return it.

Stages are registered by name, the built-in ones like any replacement would be::

    @register("claims")
    def my_detector(store):            # a factory, called once per pipeline
        def stage(docs: list[Document]) -> list[Document]: ...
        return stage

``Pipeline(store)`` builds ``DEFAULT_STAGES`` in order; ``pipeline.pipe(docs)`` applies them in
batches so that the matcher embeds many claims at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .text.sentences import Span

Stage = Callable[[list["Document"]], list["Document"]]
StageFactory = Callable[[Any], Stage]  # called with the Store (or None) when a pipeline is built
FACTORIES: dict[str, StageFactory] = {}
DEFAULT_STAGES = ("text", "claims", "match")


@dataclass
class Match:
    url: str
    claim: str
    rating: str | None
    score: float


@dataclass
class Claim:
    text: str
    start: int
    end: int
    score: float
    matched: bool = False
    matches: list[Match] = field(default_factory=list)


@dataclass
class Document:
    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    sentences: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name`` (replacing any earlier one of that name)."""
    def decorator(factory: StageFactory) -> StageFactory:
        FACTORIES[name] = factory
        return factory
    return decorator


def _load_builtins() -> None:
    from .claims import detector  # noqa: F401  (registers "text" and "claims")
    from .matching import stage  # noqa: F401  (registers "match")


class Pipeline:
    """The stages, built once for a store, applied to documents in batches."""

    def __init__(self, store: Any = None, stages: tuple[str, ...] = DEFAULT_STAGES) -> None:
        _load_builtins()
        self.names = stages
        self.stages = [FACTORIES[name](store) for name in stages]

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._apply(batch)
                batch = []
        if batch:
            yield from self._apply(batch)

    def _apply(self, batch: list[Document]) -> list[Document]:
        for stage in self.stages:
            batch = stage(batch)
        return batch

    def __call__(self, doc: Document) -> Document:
        return self._apply([doc])[0]
