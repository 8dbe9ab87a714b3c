"""Cold start and first result per page, on a real `streamlit run` server driven by headless Chromium.

- Cold start: from `streamlit run` to a usable home page, with proof that no model is loaded yet.
- First result on each core page, cold (its model not loaded yet) and warm (a new browser session on the
  same server, so the model is loaded but nothing of this session is computed):
  - Session descriptions: click *Generate* -> the first word the model wrote appears (and the whole draft);
  - Attendee feedback: open the page with the demo loaded -> the sentiment summary (308 comments);
  - Agenda similarity: open the page -> the nearest sessions; warm: the demo again (embeddings served from the
    content cache), and an uploaded agenda whose 40 abstracts are new text (embedded afresh).
  Warm is the best of two new sessions. Then the model work alone, timed in this process, for comparison.

    .venv/bin/python bench/cold_start.py

Last line: first_result_cold_vs_warm: <cold / warm>, the geometric mean over the three core pages.
"""
from __future__ import annotations

import math
import re
import tempfile
import time
from pathlib import Path

from common import machine
from server import ARGS, go_to, load_demo, open_app, settle, streamlit_server

import psutil
from playwright.sync_api import sync_playwright

from core.store.demo import load_demo_event

# True once a draft on the page holds more than the reply's opening words, which the page shows before the
# model has computed anything. The first text seen is taken as the opening; if the opening and the first
# word arrive in one frame, this waits for the second word (one token, ~0.1 s, late).
FIRST_WORD_JS = """() => {
  const el = [...document.querySelectorAll('[data-testid="stText"]')]  // the live candidates, not a kept draft
      .find(e => e.innerText.trimEnd().endsWith('\u258c'));  // a candidate being written ends in the cursor
  if (!el) return false;
  if (window.__opening === undefined) {
    window.__opening = el.innerText.length; window.__openingAt = performance.now(); return false;
  }
  return el.innerText.length > window.__opening;
}"""


CAPTIONS_JS = """() => document.body.innerText.split('\\n').filter(line => line.includes('tokens/s'))"""
NEW_CAPTION_JS = """(before) => document.body.innerText.split('\\n')
    .find(line => line.includes('tokens/s') && !before.includes(line)) || false"""


def timed(action, done) -> float:
    start = time.perf_counter()
    action()
    done()
    return time.perf_counter() - start


def descriptions(page, pause: float = 0.0) -> tuple[float, float]:
    """(seconds to the first generated word, seconds to the finished draft) after clicking Generate, `pause`
    seconds after the page is ready (an organiser reading the form)."""
    go_to(page, "Session descriptions")
    settle(page)
    time.sleep(pause)
    before = page.evaluate(CAPTIONS_JS)
    clicked_at = page.evaluate("() => { delete window.__opening; return performance.now(); }")
    start = time.perf_counter()
    page.get_by_role("button", name="Generate").click()
    page.wait_for_function(FIRST_WORD_JS, polling=20, timeout=300_000)
    first = time.perf_counter() - start
    opening = (page.evaluate("() => window.__openingAt") - clicked_at) / 1000
    # the new draft's caption (its tokens/s differ from run to run), not one an earlier click left on the page
    page.wait_for_function(NEW_CAPTION_JS, arg=before, polling=50, timeout=300_000)
    caption = page.evaluate(NEW_CAPTION_JS, before)
    print(f"  descriptions: reply opening shown after {opening:.2f} s, first word {first:.2f} s; draft: {caption}")
    return first, time.perf_counter() - start


def feedback(page) -> float:
    return timed(lambda: go_to(page, "Attendee feedback"),
                 lambda: page.get_by_text("Positive", exact=True).first.wait_for())


def agenda(page) -> float:
    return timed(lambda: go_to(page, "Agenda similarity"), lambda: page.get_by_text("Nearest sessions").wait_for())


def agenda_new_text(page, folder: Path) -> float:
    """Upload the demo agenda with every abstract reworded, so all 40 must be embedded; time from
    'Use this programme' until the page has finished."""
    frame = load_demo_event().agenda.copy()
    frame["abstract"] = frame["abstract"] + " Slides and a recording follow after the event."
    path = folder / "agenda_reworded.csv"
    frame.to_csv(path, index=False)
    page.get_by_text("Programme").first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    settle(page)
    button = page.get_by_role("button", name="Use this programme")
    button.wait_for()
    seconds = timed(button.click, lambda: (page.get_by_text("agenda_reworded.csv").first.wait_for(), settle(page)))
    page.get_by_text("Nearest sessions").wait_for()
    return seconds


def inference_only() -> dict[str, float]:
    """The model work inside each warm first result, timed without a page around it: what warm should be made of."""
    from core import embeddings
    from core.feedback import sentiment
    from core.models.cache import MODELS
    from core.descriptions.brief import brief_for, copy_request

    event = load_demo_event()
    for name in ("decoder", "sentiment", "embedder"):
        MODELS.get(name)
    engine = MODELS.get("decoder")
    brief = brief_for(event.agenda.iloc[0], event=event.name)
    texts, abstracts = event.feedback["text"].tolist(), event.agenda["abstract"].tolist()
    seeds = iter(range(10**6))

    def first_word():  # a new seed each time; llama.cpp reuses the cached prompt, as on the page
        engine.complete(copy_request(brief, max_tokens=1, seed=next(seeds)))

    timings = {}
    for name, work in (("prompt + first word", first_word),
                       ("308 comments classified", lambda: sentiment.classify(texts)),
                       ("40 abstracts embedded", lambda: (embeddings.clear_cache(), embeddings.embed(abstracts)))):
        work()  # warm-up
        start = time.perf_counter()
        work()
        timings[name] = time.perf_counter() - start
    return timings


def main() -> None:
    print(f"machine: {machine()}")
    with streamlit_server() as (url, server, start), sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = open_app(browser, url)
        cold_start = time.perf_counter() - start
        rss = psutil.Process(server.pid).memory_info().rss / 2**20
        load_demo(page)
        # the sidebar's model lines sit in a collapsed expander: text_content reads hidden text too
        panel = page.locator('[data-testid="stSidebar"]').text_content()
        loaded = re.findall(r"(\w+) — loaded", panel)
        assert panel.count("— not loaded") + len(loaded) == 3, panel  # the three model lines were read
        print(f"cold start to usable home page: {cold_start:.2f} s, server RSS {rss:.0f} MB")
        print(f"models loaded after home renders: {', '.join(loaded) or 'none'}")

        cold = {"descriptions": descriptions(page), "feedback": feedback(page), "agenda": agenda(page)}
        settle(page)
        page.close()  # one visitor at a time, so the warm runs share the CPU with nothing else
        warm = {}
        for _ in range(2):  # warm twice, each in a new session (models loaded, nothing of it computed): best of
            fresh = open_app(browser, url)
            load_demo(fresh)
            runs = {"descriptions": descriptions(fresh), "feedback": feedback(fresh), "agenda": agenda(fresh)}
            warm = {k: min(v, warm[k]) if k in warm else v for k, v in runs.items()}
            settle(fresh)
        reworded = agenda_new_text(fresh, Path(tmp))
        browser.close()
    inference = inference_only()

    print(f"\n{'first result':44} {'cold s':>7} {'warm s':>7} {'cold/warm':>9}")
    rows = [("Session descriptions: first generated word", cold["descriptions"][0], warm["descriptions"][0]),
            ("Session descriptions: whole draft", cold["descriptions"][1], warm["descriptions"][1]),
            ("Attendee feedback: 308 comments classified", cold["feedback"], warm["feedback"]),
            ("Agenda similarity: nearest sessions", cold["agenda"], warm["agenda"])]
    for name, c, w in rows:
        print(f"{name:44} {c:7.2f} {w:7.2f} {c / w:8.1f}x")
    print(f"{'Agenda similarity: uploaded, 40 new abstracts':44} {'':7} {reworded:7.2f}")
    print("\ninference alone, in this process, models loaded: "
          + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in inference.items()))
    ratios = [rows[0][1] / rows[0][2], rows[2][1] / rows[2][2], rows[3][1] / rows[3][2]]
    print(f"first_result_cold_vs_warm: {math.prod(ratios) ** (1 / len(ratios)):.2f}x")


if __name__ == "__main__":
    main()
