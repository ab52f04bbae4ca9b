from kiemchung.pipeline import FACTORIES, Document, Pipeline, register


def test_default_pipeline_splits_detects_and_finds_claims_without_a_store():
    doc = Pipeline(None)(Document(text="Chào cả nhà. Giá điện tăng 4,8% từ ngày 11/10."))
    assert doc.language == "vi"
    assert [c.text for c in doc.claims] == ["Giá điện tăng 4,8% từ ngày 11/10."]


def test_a_registered_stage_replaces_the_built_in_one():
    original = FACTORIES.get("claims")
    Pipeline(None)  # make sure built-ins are registered before replacing one

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
        FACTORIES["claims"] = original
