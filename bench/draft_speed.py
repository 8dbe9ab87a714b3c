"""Draft speed: a checked best-of-4 abstract as a user meets it, in this process and in the browser, with where
the time goes.

    .venv/bin/python bench/draft_speed.py [--briefs 8] [--top-n 0]     # in-process, page defaults
    .venv/bin/python bench/draft_speed.py --batch [--wave 4]            # the demo's 40 sessions, best-of-4
    .venv/bin/python bench/draft_speed.py --browser [--clicks 5] [--pause 3]   # a fresh `streamlit run`, Chromium

Briefs: demo sessions spread over the programme, each with its whole abstract (470–580 characters) as the
notes, as the form and the batch fill them in. Page defaults: 4 candidates, an abstract, temperature 0.7,
top-k 50, top-p 0.9, the kind's token budget. `--top-n 15` asks for the per-token alternatives the page
requested while writing until this change (the same script runs on the code before it).

In-process, per brief, side by side, each starting with the engine's slots filled with unrelated prompts (the
engine keeps a prompt it has read; a new brief is not there): one plain candidate (a single draft stopped at the
asked length, not checked), and the app's path (`core.descriptions.best_of.BestOf`: candidates, check and rank, a second round when no
candidate is clean). Its time is broken into the first piece (prompt reading), writing, the second round, and
checking and ranking. A fresh process also times the two model loads the first click needs.

Browser: from a fresh server's home page (models loading in the background, if the code does that), load the
demo, open Session descriptions, click Generate: seconds to the first words on screen and to the checked,
ranked draft; then the same for the next sessions picked in the form ("later clicks").

Each brief is also drafted a third time, the same seeds ranked by the words alone (`opinion=None`), as before the
decoder's second opinion (core/descriptions/likelihood.py): the ratio of the two medians is its cost.

Last lines: best_of_4_seconds_median (goal ≤ 5), best_of_4_vs_one (goal ≤ 2.5),
best_of_4_with_second_opinion_vs_words_only (goal ≤ 1.3); with --batch,
batch_40_seconds; with --browser, first_click_s (goal ≤ 12), later_clicks_median_s (goal ≤ 7),
first_words_median_s (goal ≤ 0.5).
"""
from __future__ import annotations

import argparse
import re
import statistics
import time

import psutil
from common import machine

from core.agenda.sessions import from_event_agenda
from core.descriptions.best_of import BestOf, draft_many
from core.descriptions.writing import write
from core.descriptions.brief import Brief, brief_for, copy_request
from core.store.demo import load_demo_event
from core.models.cache import MODELS


def demo_briefs(count: int) -> list[Brief]:
    """`count` demo sessions spread over the programme (all 40 for 40), whole abstracts as notes."""
    event = load_demo_event()
    rows = from_event_agenda(event.agenda).sessions
    step = max(1, len(rows) // count)
    return [brief_for(rows.iloc[i], event=event.name) for i in range(0, len(rows), step)][:count]


def flush() -> None:
    """Fill every slot of the engine with another brief, so the next draft reads its own brief from scratch, as
    one the organiser has just written is (what every brief shares, the chat's system message, stays cached, as
    it does on a server that has written anything)."""
    from core.models.engines.llamacpp import request_body

    engine = MODELS.get("decoder")
    other = Brief(title="Unrelated filler session", speakers="Nobody", notes="Nothing to see.")
    for slot in range(engine.slots):  # llama.cpp's own request field: this slot, whichever holds what
        body = {**request_body(copy_request(other, max_tokens=1, seed=slot), stream=False), "id_slot": slot}
        engine.server.handle_chat_completions(body)


def in_process(count: int, top_n: int) -> None:
    for name in ("decoder", "embedder", "decoder_torch"):
        start = time.perf_counter()
        MODELS.get(name)
        print(f"load {name}: {time.perf_counter() - start:.1f} s (fresh process)")
    briefs = demo_briefs(count)
    BestOf(briefs[0], 4, 99, top_n=top_n).check()  # warm-up: first calls of the engine and the embedder
    write(briefs[0], n=1, seed=99)
    print(f"\n{'brief':40} {'one s':>6} {'best-of-4 s':>11} {'ratio':>6} {'rounds':>6} {'first':>6} "
          f"{'writing':>8} {'2nd':>6} {'check':>6} {'stopped':>7} clean {'words only s':>12}")
    plain, app, words_only = [], [], []
    for k, brief in enumerate(briefs):
        def one() -> float:
            start = time.perf_counter()
            write(brief, n=1, seed=k)
            return time.perf_counter() - start

        def best(**opinion) -> tuple[float, BestOf]:
            start = time.perf_counter()
            run = BestOf(brief, 4, k, top_n=top_n, **opinion)
            while run.next_round() is not None:
                run.check()
            return time.perf_counter() - start, run

        flush()
        single = one()
        flush()  # the engine keeps the prompt it read: the app's path must not find it there
        seconds, run = best()
        flush()  # the same candidates ranked by their words alone, as before the decoder's second opinion
        words_only.append(best(opinion=None)[0])
        plain.append(single)
        app.append(seconds)
        log = getattr(run, "log", [])  # the code before this bench had no per-round log
        first = log[0]["first_piece_s"] if log and log[0]["first_piece_s"] else float("nan")
        writing = log[0]["writing_s"] if log else float("nan")
        second = sum(r["writing_s"] + r["check_s"] for r in log[1:])
        check = sum(r["check_s"] for r in log[:1])
        stopped = sum(r["stopped_early"] for r in log)
        print(f"{brief.title[:40]:40} {plain[-1]:6.2f} {app[-1]:11.2f} {app[-1] / plain[-1]:6.2f} {run.rounds:6} "
              f"{first:6.2f} {writing:8.2f} {second:6.2f} {check:6.2f} {stopped:7} {run.ranked[0].check.clean!s:5} "
              f"{words_only[-1]:12.2f}")
    ratios = [a / p for a, p in zip(app, plain)]
    print(f"\nmedian: one candidate {statistics.median(plain):.2f} s, best-of-4 {statistics.median(app):.2f} s")
    print(f"best_of_4_seconds_median: {statistics.median(app):.2f}")
    print(f"best_of_4_vs_one: {statistics.median(ratios):.2f}")
    print(f"best_of_4_with_second_opinion_vs_words_only: {statistics.median(app) / statistics.median(words_only):.2f}"
          f" (medians {statistics.median(app):.2f} s and {statistics.median(words_only):.2f} s, same run)")


def batch(wave: int | None, words_only: bool = False) -> None:
    briefs = demo_briefs(40)
    engine, _ = MODELS.get("decoder"), MODELS.get("embedder")
    counted = hasattr(engine, "metrics")  # llama.cpp in this process; a server by URL keeps its own counters
    read, written = engine_tokens(engine) if counted else (0.0, 0.0)
    start = time.perf_counter()
    # the code before candidates were written in turns has no `wave`: run it there without the option
    done = dict(draft_many(briefs, seed=0, n=4, **({"wave": wave} if wave else {}),
                           **({"opinion": None} if words_only else {})))
    seconds = time.perf_counter() - start
    if counted:  # the time follows the tokens, and how many a batch writes moves from run to run
        read, written = (now - before for now, before in zip(engine_tokens(engine), (read, written)))
        print(f"engine: {read:.0f} prompt tokens read, {written:.0f} written, "
              f"{1000 * seconds / (read + written):.2f} ms per token read or written")
    kept = [c for c in done.values() if not isinstance(c, Exception)]
    clean = sum(c.check.clean for c in kept)
    drawn = sum(c.unsupported_sentences == 0 for c in kept)
    print(f"40 demo sessions, best-of-4, briefs side by side over the engine's slots: {seconds:.1f} s, "
          f"{clean}/40 clean, {drawn}/40 with every sentence from the brief, "
          f"{statistics.mean(c.words for c in kept):.0f} words on average")
    print(f"batch_40_seconds: {seconds:.1f}")


def engine_tokens(engine) -> tuple[float, float]:
    """llama.cpp's own counters: prompt tokens read and tokens written since it started."""
    counters = engine.metrics()
    return tuple(float(re.search(rf"^llamacpp:{name} (\S+)", counters, re.M).group(1))
                 for name in ("prompt_tokens_total", "tokens_predicted_total"))


def cpu_seconds(processes) -> float:
    """User + system CPU time of the live processes among `processes` (psutil.Process)."""
    total = 0.0
    for proc in processes:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def browser(clicks: int, pause: float = 0.0) -> None:
    from cold_start import descriptions
    from server import ARGS, load_demo, open_app, settle, streamlit_server
    from playwright.sync_api import sync_playwright

    titles = [b.title for b in demo_briefs(clicks + 1)]
    with streamlit_server() as (url, server, started), sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = open_app(chromium, url)
        print(f"home page usable {time.perf_counter() - started:.1f} s after `streamlit run`")
        load_demo(page)
        browsers = [proc for proc in psutil.process_iter(["name"]) if "chrom" in (proc.info["name"] or "")]
        app = psutil.Process(server.pid)
        cpu_before, app_before, clock = cpu_seconds(browsers), cpu_seconds([app]), time.perf_counter()
        results = [descriptions(page, pause)]  # the first click: the demo's first session
        for title in titles[1:]:
            picker = page.get_by_test_id("stSelectbox").filter(has_text="Start from a session of the programme")
            # the list shows only its first options; typing filters it. Fill the box itself: keys typed at the
            # page while a rerun moves the focus land elsewhere (a space toggled "Greedy" in one run)
            picker.get_by_role("combobox").click()
            picker.get_by_role("combobox").fill(title)
            page.get_by_role("option", name=title).first.click()
            settle(page)
            results.append(descriptions(page, pause))
        wall = time.perf_counter() - clock
        browser_cpu, app_cpu = cpu_seconds(browsers) - cpu_before, cpu_seconds([app]) - app_before
        chromium.close()
    # two cores give 2 CPU-seconds per second: what Chromium takes of them is not the engine's
    print(f"\nwhile drafting ({wall:.0f} s): Chromium used {browser_cpu:.1f} CPU-s "
          f"({browser_cpu / wall:.0%} of one core), the app server {app_cpu:.1f} CPU-s ({app_cpu / wall:.0%})")
    print(f"\n{'click':6} {'first words s':>13} {'checked draft s':>15}")
    for i, (first, whole) in enumerate(results):
        print(f"{i + 1:6} {first:13.2f} {whole:15.2f}")
    later = [whole for _, whole in results[1:]]
    print(f"first_click_s: {results[0][1]:.2f}")
    print(f"later_clicks_median_s: {statistics.median(later):.2f}")
    print(f"first_words_median_s: {statistics.median(first for first, _ in results):.2f}")
    print(f"browser_cpu_share_of_one_core: {browser_cpu / wall:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--briefs", type=int, default=8)
    parser.add_argument("--top-n", type=int, default=0)
    parser.add_argument("--batch", action="store_true")
    parser.add_argument("--wave", type=int, default=None,
                        help="with --batch: candidates written at a time per session (4 = all at once, as before)")
    parser.add_argument("--words-only", action="store_true",
                        help="with --batch: rank by the words alone, without the decoder's second opinion")
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--clicks", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds between the form being ready and the click (an organiser reading it)")
    args = parser.parse_args()
    print(machine())
    if args.browser:
        browser(args.clicks, args.pause)
    elif args.batch:
        batch(args.wave, args.words_only)
    else:
        in_process(args.briefs, args.top_n)


if __name__ == "__main__":
    main()
