"""Train the feedback sentiment classifier: a LoRA adapter and a 3-way head on the shipped all-MiniLM-L6-v2.

    .venv/bin/python scripts/train_sentiment.py --data ../shared/data/sentiment

Writes core/trained/sentiment-minilm-lora/ (adapter + head, a few MB) and its metrics.json.
On 2 CPU cores one epoch takes roughly 10-20 minutes; batches are grouped by length so little time goes
into padding. Neutral is learned from the SST-5 neutral sentences and the TweetEval neutral tweets (both
oversampled), and the loss weighs a neutral mistake more, since neutral is still the rarest class.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForSequenceClassification, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.models.registry import get_spec, resolve  # noqa: E402
from sentiment_data import LABELS, splits  # noqa: E402

OUT = ROOT / "core" / "trained" / "sentiment-minilm-lora"


def length_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, then sort within windows of 50 batches so each batch holds similar lengths.

    Example: lengths [5, 1, 4, 2] with batch 2 -> batches like [[1, 3], [2, 0]] (short with short).
    """
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lengths.__getitem__)
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def build_model(base_dir: str, rank: int):
    model = AutoModelForSequenceClassification.from_pretrained(
        base_dir, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)})
    config = LoraConfig(task_type="SEQ_CLS", r=rank, lora_alpha=2 * rank, lora_dropout=0.1,
                        target_modules=["query", "key", "value", "dense"], modules_to_save=["classifier", "pooler"])
    return get_peft_model(model, config)


@torch.inference_mode()
def accuracy(model, tokenizer, texts: list[str], labels: list[int], binary: bool) -> float:
    model.eval()
    correct = 0
    for i in range(0, len(texts), 128):
        enc = tokenizer(texts[i:i + 128], truncation=True, max_length=128, padding=True, return_tensors="pt")
        logits = model(**enc).logits
        if binary:  # the larger of positive vs negative, as SST-2 is scored
            pred = torch.where(logits[:, 2] > logits[:, 0], 2, 0)
        else:
            pred = logits.argmax(-1)
        correct += (pred == torch.tensor(labels[i:i + 128])).sum().item()
    model.train()
    return correct / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "sentiment")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--neutral-oversample", type=int, default=3, help="copies of the SST-5 and tweet rows")
    parser.add_argument("--neutral-weight", type=float, default=2.0, help="loss weight of the neutral class")
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--init", type=Path, default=None,
                        help="continue from a trained adapter (e.g. the shipped one) instead of starting afresh")
    parser.add_argument("--no-sst5", action="store_true",
                        help="the first stage's data: SST-2 and tweets only, SST-2 unfiltered (see the model card)")
    parser.add_argument("--sst2-rows", type=int, default=0,
                        help="train on this many SST-2 rows only (0 = all): with --init, enough to keep polarity")
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    data = splits(args.data, sst5=not args.no_sst5)
    sst2 = data["train_sst2"]
    if args.sst2_rows:
        sst2 = type(sst2)(sst2.texts[:args.sst2_rows], sst2.labels[:args.sst2_rows])  # already shuffled, seeded
    train = sst2.extend(data["train_tweets"], times=args.neutral_oversample)
    if "train_sst5" in data:
        train = train.extend(data["train_sst5"], times=args.neutral_oversample)
    base_dir = resolve(get_spec("embedder")).location
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    if args.init:
        from peft import PeftModel

        base = AutoModelForSequenceClassification.from_pretrained(
            base_dir, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)})
        model = PeftModel.from_pretrained(base, str(args.init), is_trainable=True)
    else:
        model = build_model(base_dir, args.rank)
    model.print_trainable_parameters()

    encoded = tokenizer(train.texts, truncation=True, max_length=args.max_length)["input_ids"]
    lengths = [len(ids) for ids in encoded]
    rng = random.Random(0)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total_steps = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warmup = max(1, total_steps // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / (total_steps - warmup))))

    class_weight = torch.tensor([1.0, args.neutral_weight, 1.0])
    model.train()
    step, start, running = 0, time.time(), 0.0
    while step < total_steps:
        for batch in length_batches(lengths, args.batch_size, rng):
            if step >= total_steps:
                break
            enc = tokenizer.pad({"input_ids": [encoded[i] for i in batch]}, return_tensors="pt")
            out = model(**enc)
            loss = torch.nn.functional.cross_entropy(out.logits, torch.tensor([train.labels[i] for i in batch]),
                                                     weight=class_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
            step += 1
            if step % 200 == 0 or step == total_steps:
                print(f"step {step}/{total_steps} loss {running:.3f} {time.time() - start:.0f}s", flush=True)

    minutes = (time.time() - start) / 60
    metrics = {
        "val_sst2_binary_accuracy": accuracy(model, tokenizer, data["val_sst2"].texts, data["val_sst2"].labels, True),
        "val_tweets_3way_accuracy": accuracy(model, tokenizer, data["val_tweets"].texts, data["val_tweets"].labels, False),
        "rt_polarity_binary_accuracy": accuracy(model, tokenizer, data["check_rt"].texts, data["check_rt"].labels, True),
    }
    if "val_sst5" in data:
        metrics["val_sst5_3way_accuracy"] = accuracy(model, tokenizer, data["val_sst5"].texts,
                                                     data["val_sst5"].labels, False)
    print(json.dumps(metrics, indent=2))
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k not in ("data", "out")}
    (args.out / "training.json").write_text(json.dumps({
        "base_model": "sentence-transformers/all-MiniLM-L6-v2", "labels": LABELS, "settings": settings,
        "train_rows": len(train), "steps": total_steps, "train_minutes": round(minutes, 1),
        "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "metrics_at_training_end": metrics}, indent=2))
    print(f"saved to {args.out} after {minutes:.1f} min")


if __name__ == "__main__":
    main()
