"""The feedback classifier: the real trained adapter, and any Hugging Face classifier configured instead."""
import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from core.feedback import sentiment
from core.models.loaders import map_labels
from core.models.registry import get_spec, resolve


@pytest.fixture(scope="module")
def classifier():
    return sentiment.MODELS.get("sentiment")


@pytest.mark.parametrize("text,label", [
    ("Brilliant session, the best talk of the whole summit. Thank you!", "positive"),
    ("Loved the live demo, clear and inspiring.", "positive"),
    ("Terrible. The speaker read from the slides and I learned nothing.", "negative"),
    ("Boring and far too long, a waste of my afternoon.", "negative"),
    ("Attended the session on pandas.", "neutral"),
    ("Ended on time.", "neutral"),
])
def test_clear_examples(classifier, text, label):
    [result] = sentiment.classify([text])
    assert result["label"] == label
    assert result["score"] == result["scores"][label] == max(result["scores"].values())


def test_batch_order_is_preserved_and_probabilities_sum_to_one(classifier):
    texts = ["Great!", "The worst keynote I have ever sat through, honestly a disaster from start to finish.",
             "ok", "Room B is on the second floor.", "Excellent workshop " * 20]
    together = sentiment.classify(texts, batch_size=2)
    for text, result in zip(texts, together):
        alone = sentiment.classify([text])[0]
        assert result["label"] == alone["label"]
        assert result["scores"]["positive"] == pytest.approx(alone["scores"]["positive"], abs=1e-4)
        assert sum(result["scores"].values()) == pytest.approx(1.0, abs=1e-6)
    assert sentiment.classify([]) == []


def test_cancelling_evidence_becomes_neutral_and_keeps_the_balance():
    folded = sentiment.fold_uncertainty({"negative": 0.3, "neutral": 0.0, "positive": 0.7})
    assert folded == pytest.approx({"negative": 0.0, "neutral": 0.6, "positive": 0.4})
    sure = sentiment.fold_uncertainty({"negative": 0.1, "neutral": 0.1, "positive": 0.8})
    assert sure == pytest.approx({"negative": 0.0, "neutral": 0.3, "positive": 0.7})
    assert sum(sure.values()) == pytest.approx(1.0)


def test_progress_is_reported(classifier):
    seen = []
    sentiment.classify(["a"] * 10, batch_size=4, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(4, 10), (8, 10), (10, 10)]


def test_explain_finds_the_words_that_carry_the_label(classifier):
    cases = [("The catering was awful", "negative", {"awful"}),
             # one cue per sentence: leave-one-word-out cannot credit two words that each suffice alone
             ("The speaker was boring", "negative", {"boring"}),
             ("What a brilliant keynote", "positive", {"brilliant"})]
    for text, label, words in cases:
        effects = sentiment.explain(text)
        top = max(effects, key=lambda e: e["effect"])
        assert effects[0]["label"] == label and top["word"] in words, (text, effects)


def test_label_names_are_mapped_from_the_model_config():
    assert map_labels({0: "NEGATIVE", 1: "POSITIVE"}) == ["negative", "positive"]
    assert map_labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == ["negative", "neutral", "positive"]
    assert map_labels({0: "neg", 1: "neu", 2: "pos"}) == ["negative", "neutral", "positive"]
    assert map_labels({0: "joy", 1: "anger"}) == [None, None]


def test_any_sequence_classifier_can_be_configured(monkeypatch, tmp_path):
    tokenizer = AutoTokenizer.from_pretrained(resolve(get_spec("embedder")).location)
    model = BertForSequenceClassification(BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, id2label={0: "NEGATIVE", 1: "POSITIVE"}, label2id={"NEGATIVE": 0, "POSITIVE": 1}))
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    monkeypatch.setenv("EVENTS_LLM_SENTIMENT", str(tmp_path))
    results = sentiment.classify(["fine", "awful"])
    with torch.no_grad():
        raw = torch.softmax(model.eval()(**tokenizer(["fine", "awful"], return_tensors="pt", padding=True)).logits, -1)
    for result, (p_neg, p_pos) in zip(results, raw.tolist()):
        scores = result["scores"]
        assert sum(scores.values()) == pytest.approx(1.0)
        # the configured model's own two classes, with their common part read as neutral
        assert scores["positive"] - scores["negative"] == pytest.approx(p_pos - p_neg, abs=1e-4)
        assert scores["neutral"] == pytest.approx(2 * min(p_neg, p_pos), abs=1e-4)
    assert any(r.source == f"local directory {tmp_path}" for r in sentiment.MODELS.records())
