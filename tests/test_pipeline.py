import subprocess
import sys

from kiemchung.pipeline import FACTORIES, Document, Pipeline, register


def test_default_pipeline_splits_detects_and_finds_claims_without_a_store():
    doc = Pipeline(None)(Document(text="Chào cả nhà. Giá điện tăng 4,8% từ ngày 11/10."))
    assert doc.language == "vi"
    assert [c.text for c in doc.claims] == ["Giá điện tăng 4,8% từ ngày 11/10."]


def test_a_registered_stage_replaces_the_built_in_one():
    Pipeline(None)  # the built-ins are loaded first: the registered stage still wins

    @register("claims")
    def everything_is_a_claim(_store):
        def stage(docs):
            for doc in docs:
                doc.claims = []
                doc.id = "seen"
            return docs
        return stage

    try:
        docs = list(Pipeline(None).pipe([Document(text="a"), Document(text="b")], batch_size=1))
        assert [doc.id for doc in docs] == ["seen", "seen"]
    finally:
        FACTORIES.pop("claims")


def test_a_stage_registered_before_the_first_pipeline_is_not_lost():
    """In a fresh interpreter the built-ins are not loaded yet; loading them must not replace
    the user's stage (they once did, as a side effect of their import)."""
    program = """
from kiemchung.pipeline import Document, Pipeline, register

@register("claims")
def mine(_store):
    def stage(docs):
        for doc in docs:
            doc.id = "mine"
        return docs
    return stage

print(Pipeline(None)(Document(text="Giá điện tăng 4,8% từ ngày 11/10.")).id)
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "mine"
