from kiemchung.evaluation.metrics import average_precision, precision_recall_f1


def test_average_precision_rewards_the_relevant_result_ranked_first():
    assert average_precision(["a", "b"], {"a"}) == 1.0
    assert average_precision(["b", "a"], {"a"}) == 0.5
    assert average_precision(["b", "c", "d", "e", "f", "a"], {"a"}) == 0.0


def test_average_precision_over_several_relevant():
    assert average_precision(["a", "x", "b"], {"a", "b"}) == (1 + 2 / 3) / 2


def test_precision_recall_f1_of_the_positive_class():
    figures = precision_recall_f1([True, True, False, False], [True, False, True, False])
    assert figures == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
