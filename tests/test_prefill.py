"""bf16 decoder weights with fp32 arithmetic for the prompt: same weights, fp32-like prompt results."""
from __future__ import annotations

import copy

import torch

from core.copywriting import Brief
from core.generation import last_logits_only, prompt_ids
from core.prefill import PrefillInFp32Linear, prefill_in_fp32


def test_a_block_of_positions_is_computed_in_fp32_and_one_position_in_bf16():
    torch.manual_seed(0)
    plain = torch.nn.Linear(64, 32).to(torch.bfloat16)
    layer = prefill_in_fp32(torch.nn.Sequential(copy.deepcopy(plain)))[0]
    assert isinstance(layer, PrefillInFp32Linear)
    assert torch.equal(layer.weight, plain.weight)  # the weights themselves are untouched
    block, one = torch.randn(1, 7, 64).to(torch.bfloat16), torch.randn(1, 1, 64).to(torch.bfloat16)
    fp32 = torch.nn.functional.linear(block.float(), plain.weight.float(), plain.bias.float()).to(torch.bfloat16)
    assert torch.equal(layer(block), fp32)
    assert torch.equal(layer(one), plain(one))


def test_real_decoder_prompt_matches_fp32_and_keeps_only_the_last_logits(decoder):
    assert isinstance(decoder.model.model.layers[0].self_attn.q_proj, PrefillInFp32Linear)
    prompt = prompt_ids(decoder, Brief(title="Crowd flow at open-air festivals", speakers="Amara Okafor",
                                       notes="Sensors, gates and queues; what worked at three festivals."))
    ids = torch.tensor([prompt.ids])
    reference = copy.deepcopy(decoder.model).float()
    with torch.inference_mode():
        ours = decoder.model(input_ids=ids, **last_logits_only(decoder)).logits
        full = reference(input_ids=ids).logits[0, -1]
    assert ours.shape[1] == 1  # the output head ran for the last position only
    p_ours, p_full = torch.softmax(ours[0, -1].float(), -1), torch.softmax(full, -1)
    # bf16 weights round every score a little, so near-ties may swap (here " will" 0.150 vs " explores"
    # 0.158 in fp32); the candidates and their probabilities stay the same
    assert set(p_ours.topk(3).indices.tolist()) == set(p_full.topk(3).indices.tolist())
    assert 0.5 * (p_ours - p_full).abs().sum() < 0.05  # total variation distance
