"""The "How LLMs work" pages through AppTest, on the real models."""
from apptest_helpers import button, open_page


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_generative_page_counts_box_errors_against_the_mixture():
    at = open_page("generative.py")
    values = metrics(at)
    box = float(values["Box model: samples outside the region"].rstrip("%"))
    gmm = float(values["Gaussian mixture (6): samples outside"].rstrip("%"))
    assert box > 2 * gmm > 0
    at.radio(key="gen_model").set_value("Gaussian mixture").run()
    at.slider(key="gen_k").set_value(1).run()
    assert float(metrics(at)["Gaussian mixture (1): samples outside"].rstrip("%")) > gmm


def test_scaling_page_reproduces_the_primer_examples():
    at = open_page("scaling.py")
    at.number_input(key="sc_params").set_value(175.0).run()
    at.number_input(key="sc_tokens").set_value(300.0).run()
    values = metrics(at)
    assert values["Compute-optimal tokens"] == "3,500B"
    assert values["Tokens it should have seen ÷ seen"] == "11.67×"
    assert "GPT-3 (175B)" in at.dataframe[0].value["model"].tolist()


def test_tokens_page_counts_tokens_and_checks_the_agenda(embedder):
    at = open_page("tokens.py")
    at.radio(key="tok_choice").set_value("MiniLM (WordPiece, encoder)").run()
    at.text_area(key="tok_text").input("Harbourline keynote").run()
    assert not at.exception
    assert int(metrics(at)["Tokens"]) == len(embedder.tokenizer("Harbourline keynote", add_special_tokens=False)["input_ids"])
    fit = at.dataframe[-1].value
    assert fit.loc[fit.window == "200k", "fits_all"].item()
    assert not fit.loc[fit.window == "BERT-style 512", "fits_all"].item()


def test_attention_page_shows_where_it_looks(decoder, embedder):
    at = open_page("attention.py")
    assert any("Where “it” looks" in m.value for m in at.markdown)
    at.radio(key="att_model").set_value("Decoder (SmolLM2)").run()
    assert not at.exception
    assert any("next word after the sentence" in m.value for m in at.markdown)


def test_families_page_runs_one_text_through_each_family(decoder, embedder):
    at = open_page("families.py")
    text = " ".join(m.value for m in at.markdown)
    assert "An embedding" in text and "384 numbers" in text and "A class" in text and "Closest session" in text
    button(at, "Continue the text").click().run()
    assert not at.exception


def test_model_cards_show_measured_figures_for_loaded_models(decoder):
    at = open_page("model_cards.py")
    assert [h.value for h in at.subheader][:4] == ["Decoder · text-generation", "Decoder_torch · attention",
                                                   "Embedder · sentence-embedding", "Sentiment · text-classification"]
    assert any("Runs on:**" in m.value and "xllamacpp" in m.value for m in at.markdown)
    assert at.metric[0].label == "Parameters (measured)" and at.metric[0].value == "134.5M"
    evaluation = at.dataframe[-1].value
    assert "rt polarity binary" in evaluation["check"].tolist() and evaluation["accuracy"].between(0.6, 1).all()
