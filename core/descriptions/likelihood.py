"""The decoder's second opinion on each sentence of a draft: does the brief make it more likely?

A sentence drawn from the brief becomes much more likely when the brief is in the context; filler and a claim
the brief never made barely change. For each sentence this measures, with the PyTorch copy of the decoder (the
one the Attention page holds), the mean log-probability of its tokens

- given the brief: the page's own prompt, the draft's earlier sentences before it (as it was written);
- given the title, kind and speakers only (the brief's description left out);

and their difference, the pointwise mutual information (PMI) between the brief and the sentence.

    scored = score(brief, [["Ana shows pandas.", "She also covers medieval guilds."]])
    scored[0][1].pmi -> a small number: the brief did not make "medieval guilds" more likely

Cost: the prompt is read once per context and kept (its KV cache), then each draft is one forward pass over its
own tokens, twice (with and without the brief). llama.cpp cannot return the log-probabilities of a given text
(its server reports them for generated tokens only; forcing the text with a grammar re-tokenises it and decodes
a token at a time, ~10x slower here: bench/NOTES.md), so the PyTorch copy does this.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from core.descriptions.brief import Brief, messages
from core.descriptions.claims import SentenceCheck, check_claims
from core.descriptions.task_talk import task_talk
from core.models import MODELS, ModelUnavailableError, tokenizer_lock

# Set on the tuning half of the labelled sentences (bench/claims.py --likelihood): of the thresholds 0.05 apart,
# the one with the best Youden index there (recall minus the share of good sentences flagged, a figure that does
# not depend on how many sentences of a set are bad: the sets differ, 36-64 %). Nats per token.
PMI_FLOOR = 0.5
NOT_MORE_LIKELY = "your brief does not make it more likely: filler, or a claim of its own"
ABOUT_THE_TASK = "speaks of the title or the writing, not the talk"

_lock = threading.Lock()  # one scoring at a time: the model's KV cache is cropped in place between drafts
_scored: OrderedDict = OrderedDict()  # (prompts, sentences) -> scores: a rerun, a re-rank, the page's marks
_prompts: OrderedDict = OrderedDict()  # prompt token ids -> (KV cache, last logits); used under _lock
_PROMPTS_KEPT = 4  # two briefs' two prompts
_memo = threading.Lock()  # the batch ranks several briefs at once
_KEPT = 512


@dataclass(frozen=True)
class SentenceLikelihood:
    text: str
    given_brief: float  # mean log-probability per token, the brief in the prompt
    given_title: float  # the same with only the title, kind and speakers
    tokens: int

    @property
    def pmi(self) -> float:
        """How much more likely the brief makes the sentence, per token (natural log)."""
        return self.given_brief - self.given_title


def contexts(brief: Brief) -> tuple[list[dict], list[dict]]:
    """The two prompts: the page's own request for a rewrite of the brief, and a request from the title and
    speakers alone. Scratch-mode drafts are scored against the rewrite prompt too, so one scale serves both."""
    with_brief = messages(replace(brief, mode="edit"))
    title_only = messages(replace(brief, notes="", bios="", keywords="", mode="scratch"))
    return with_brief, title_only


def _spans(text: str, parts: list[str]) -> list[tuple[int, int]]:
    """Character span of each sentence in the draft as written (sentences() keeps their order)."""
    spans, at = [], 0
    for part in parts:
        start = text.find(part, at)
        start = at if start < 0 else start
        spans.append((start, start + len(part)))
        at = start + len(part)
    return spans


def _prompt_state(model, prompt_ids: list[int]):
    """The prompt's KV cache and its last position's logits, kept for the briefs read last: the ranking judges
    candidates one at a time, and a repair round or the page's marks come back to the same brief (~2-6 MB each)."""
    import torch  # heavy: PyTorch loads with the model, not with the module (ranking imports this)

    key = tuple(prompt_ids)
    if key in _prompts and _prompts[key][0].get_seq_length() == len(prompt_ids):  # not left holding a draft
        _prompts.move_to_end(key)
        return _prompts[key]
    # the logits of the prompt's last position only: all of them would be 49,152 floats per token (~50 MB)
    out = model(torch.tensor([prompt_ids]), use_cache=True, logits_to_keep=1)
    _prompts[key] = state = (out.cache, out.logits[0, -1].float())
    while len(_prompts) > _PROMPTS_KEPT:
        _prompts.popitem(last=False)
    return state


def _mean_logprobs(model, prompt_ids: list[int], drafts: list[str], encoded: list[dict],
                   parts: list[list[str]]) -> list[list[tuple[float, int]]]:
    """Per draft, per sentence: (mean log-probability of its tokens, token count), the prompt read once."""
    import torch  # heavy: as above

    with torch.inference_mode():
        cache, last = _prompt_state(model, prompt_ids)
        results = []
        for draft, enc, draft_parts in zip(drafts, encoded, parts):
            ids, offsets = enc["input_ids"], enc["offset_mapping"]
            if not ids:
                results.append([(0.0, 0) for _ in draft_parts])
                continue
            logits = model(torch.tensor([ids]), cache=cache, use_cache=True).logits[0].float()
            cache.crop(-len(ids))  # back to the prompt alone for the next draft
            # token i is predicted by the position before it: the prompt's last for the first token
            predicting = torch.cat([last[None], logits[:-1]])
            logp = torch.log_softmax(predicting, -1).gather(1, torch.tensor(ids)[:, None])[:, 0].tolist()
            sums, spans = [[0.0, 0] for _ in draft_parts], _spans(draft, draft_parts)
            for (start, end), value in zip(offsets, logp):
                k = _sentence_at(spans, start, end, draft)
                if k is not None:
                    sums[k][0] += value
                    sums[k][1] += 1
            results.append([(s / n if n else 0.0, n) for s, n in sums])
        return results


def _sentence_at(spans: list[tuple[int, int]], start: int, end: int, text: str) -> int | None:
    """Which sentence a token belongs to: the one holding its first character that is not a space."""
    while start < end and text[start].isspace():
        start += 1
    for k, (a, b) in enumerate(spans):
        if a <= start < b:
            return k
    return None


def score(brief: Brief, drafts: list[list[str]]) -> list[list[SentenceLikelihood]]:
    """Each draft, given as its sentences (core.descriptions.cleanup.sentences), scored sentence by sentence."""
    parts = [[s.strip() for s in d if s.strip()] for d in drafts]
    if not any(parts):
        return [[] for _ in drafts]
    lm = MODELS.get("decoder_torch")
    model, tokenizer = lm.model, lm.tokenizer
    texts = [" ".join(p) for p in parts]  # one space between sentences, as the spans expect
    with tokenizer_lock(tokenizer):
        prompts = [tokenizer(tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True),
                             add_special_tokens=False)["input_ids"] for chat in contexts(brief)]
        encoded = [tokenizer(t, add_special_tokens=False, return_offsets_mapping=True) for t in texts]
    with _lock:
        scored = [_mean_logprobs(model, prompt_ids, texts, encoded, parts) for prompt_ids in prompts]
    with_brief, title_only = scored
    return [[SentenceLikelihood(text, a[0], b[0], a[1]) for text, a, b in zip(p, wa, wb)]
            for p, wa, wb in zip(parts, with_brief, title_only)]


def _cached_score(brief: Brief, drafts: list[list[str]]) -> list[list[SentenceLikelihood]]:
    """`score`, remembering the last drafts scored: ranking again after a repair round, and the page's marks of the
    winner, cost nothing."""
    key = tuple(str(m) for m in contexts(brief))
    with _memo:
        out: list = [_scored.get((key, tuple(d))) for d in drafts]
    missing = [k for k, hit in enumerate(out) if hit is None and any(s.strip() for s in drafts[k])]
    if missing:
        found = score(brief, [drafts[k] for k in missing])
        with _memo:
            for k, scores in zip(missing, found):
                out[k] = _scored[(key, tuple(drafts[k]))] = scores
            while len(_scored) > _KEPT:
                _scored.popitem(last=False)
    return [o or [] for o in out]


def second_opinion(brief: Brief, drafts: list[list[SentenceCheck]]) -> list[list[SentenceCheck]]:
    """Each draft's word checks (core.descriptions.claims) with the decoder's verdict joined: a sentence the words
    pass is still not drawn from the brief when it speaks of the task, or when the brief does not make it more
    likely (PMI below PMI_FLOOR). The decoder reads a draft only up to its last sentence the words pass (what
    follows cannot change a verdict). The checks come back unchanged when the decoder cannot be loaded."""
    ends = [max((k + 1 for k, c in enumerate(checks) if c.supported), default=0) for checks in drafts]
    try:
        scored = _cached_score(brief, [[c.text for c in checks[:end]] for checks, end in zip(drafts, ends)])
    except ModelUnavailableError:
        return drafts
    return [[_joined(c, like, brief) for c, like in zip(checks, likes)] + checks[len(likes):]
            if len(likes) == end else checks for checks, likes, end in zip(drafts, scored, ends)]


def _joined(check: SentenceCheck, like: SentenceLikelihood, brief: Brief) -> SentenceCheck:
    check = replace(check, pmi=like.pmi)
    if not check.supported:
        return check
    if task_talk(check.text, brief):
        return replace(check, supported=False, why=ABOUT_THE_TASK)
    if like.tokens and like.pmi < PMI_FLOOR:
        return replace(check, supported=False, why=NOT_MORE_LIKELY)
    return check


def check_draft(text: str, brief: Brief, embed=None) -> list[SentenceCheck]:
    """Every sentence of a draft read against its brief, by its words and by the decoder: what the page marks."""
    return second_opinion(brief, [check_claims(text, brief, embed)])[0]
