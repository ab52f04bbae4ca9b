"""The pipeline: named stages that take a document and return it.

A stage is made by a factory, called once per pipeline with the store (or None)::

    @register("claims")
    def my_detector(store):
        def stage(docs: list[Document]) -> list[Document]: ...
        return stage

The built-in stages are named in ``BUILTIN_STAGES`` (module paths, imported only when a pipeline
uses them); a stage registered under the same name always wins, whenever it was registered.
``Pipeline(store)`` builds ``DEFAULT_STAGES`` in order; ``pipeline.pipe(docs)`` applies them in
batches so that the matcher embeds many claims at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .document import Claim, Document, Match

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "BUILTIN_STAGES",
    "DEFAULT_STAGES",
    "Claim",
    "Document",
    "Match",
    "Pipeline",
    "register",
    "stage_factory",
]

Stage = Callable[[list[Document]], list[Document]]
StageFactory = Callable[[Any], Stage]  # called with the Store (or None) when a pipeline is built
DEFAULT_STAGES = ("text", "claims", "match")
BUILTIN_STAGES: dict[str, str] = {
    "text": "kiemchung.claims.detector:text_stage",
    "claims": "kiemchung.claims.detector:claims_stage",
    "match": "kiemchung.matching.stage:match_stage",
}
FACTORIES: dict[str, StageFactory] = {}  # the stages registered by users, by name


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name``; it replaces the built-in stage of that name."""

    def decorator(factory: StageFactory) -> StageFactory:
        FACTORIES[name] = factory
        return factory

    return decorator


def stage_factory(name: str) -> StageFactory:
    """The factory of stage ``name``: the registered one, else the built-in one."""
    if name in FACTORIES:
        return FACTORIES[name]
    if name not in BUILTIN_STAGES:
        raise KeyError(f"no pipeline stage named {name!r}")
    module, attribute = BUILTIN_STAGES[name].split(":")
    factory: StageFactory = getattr(importlib.import_module(module), attribute)
    return factory


class Pipeline:
    """The stages, built once for a store, applied to documents in batches."""

    def __init__(
        self, store: Store | None = None, stages: tuple[str, ...] = DEFAULT_STAGES
    ) -> None:
        self.names = stages
        self.stages = [stage_factory(name)(store) for name in stages]

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
