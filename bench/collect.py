"""Attendee forms under a burst, and the live feeds (loopback only, bounded loops).

600 attendees submit within 60 s (10 a second, with bursts of 50 at once as a keynote ends), all from one
address, to a real server (`streamlit run`, the routes beside the app), while a browser session reruns the
Attendee feedback page. Reported: every answer stored exactly once, response times, the page's rerun time with
and without the burst, the server's peak memory before and after; then a feed answered from its ETag, and a full
feed of a 2,000-session programme against building the same file in process as the Export tab does.

    .venv/bin/python bench/collect.py                 # SQLite (the default store)
    .venv/bin/python bench/collect.py --postgres      # PostgreSQL (a throwaway cluster, or a URL), two servers
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT))
from server import ARGS, go_to, open_app, peak_rss_mb, settle, streamlit_server  # noqa: E402

ATTENDEES, SECONDS, BURST = 600, 60, 50


def wait_up(url: str) -> None:
    for _ in range(1200):
        try:
            if httpx.get(url + "/_stcore/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def prepare_event(db_url: str) -> tuple[str, dict[str, str]]:
    """A workspace with the demo event, forms on and open for every session; (workspace id, session -> token)."""
    os.environ["EVENTS_DB_URL"] = db_url
    from core.store import (connect, create_workspace, fill_demo, form_links, issue_forms, load_programme, prepare,
                            set_collection, set_form_state, writing)
    engine = connect(db_url)
    prepare(engine)
    ws = create_workspace(engine, "Bench Summit", who="bench")
    with writing(engine) as conn:
        fill_demo(conn, ws.id, "bench")
        set_collection(conn, ws.id, "bench", forms_on=True)
    ids = load_programme(engine, ws.id).agenda.sessions["session_id"].tolist()
    with writing(engine) as conn:
        issue_forms(conn, ws.id, ids, "bench")
        set_form_state(conn, ws.id, ids, "open", "bench")
    return ws.id, {sid: link.token for sid, link in form_links(engine, ws.id).items()}


def _request(base: str, method: str, path: str, body: bytes | None = None, cookie: str = ""):
    """One request on a new connection, as a phone makes it. The standard library's client: httpx, tried first,
    added ~40 ms to every request on loopback (its own delayed ACKs), which swamped what is measured here."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, response.getheader("Set-Cookie") or "", text


def attendee(urls: list[str], token: str, n: int) -> tuple[float, int]:
    """One phone: open the form, send an answer; (seconds for the send, its status)."""
    base = urls[n % len(urls)]
    _, cookie, page = _request(base, "GET", f"/f/{token}")
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    body = urlencode({"rating": str(1 + n % 5), "nonce": nonce,
                      "comment": f"Answer {n}: the demo worked, the room was warm."}).encode()
    start = time.perf_counter()
    status, _, _ = _request(base, "POST", f"/f/{token}", body, cookie.split(";")[0])
    return time.perf_counter() - start, status


def burst(urls: list[str], tokens: list[str], first: int = 0, attendees: int = ATTENDEES) -> list[tuple[float, int]]:
    """`attendees` answers in SECONDS: 10 a second on average, sent as a burst of BURST every few seconds."""
    results, start, waves = [], time.perf_counter(), max(1, attendees // BURST)
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        for wave in range(waves):
            due = start + wave * SECONDS / waves if attendees == ATTENDEES else start
            time.sleep(max(0.0, due - time.perf_counter()))
            futures = [pool.submit(attendee, urls, tokens[(wave * BURST + i) % len(tokens)], first + wave * BURST + i)
                       for i in range(BURST)]
            results += [f.result() for f in futures]
    return results


def rerun_seconds(page, runs: int) -> list[float]:
    """The Attendee feedback page rerun from the keyboard ("R"), until the script has finished."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page.keyboard.press("r")
        try:  # a quick rerun may be over before the page is looked at
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=3000)
        except Exception:
            pass
        settle(page)
        times.append(time.perf_counter() - start)
    return times


def stored_answers(db_url: str, ws_id: str) -> list[str]:
    from core.store import connect, load_comments
    found = load_comments(connect(db_url), ws_id)
    return found.feedback.comments.loc[found.moderation.index, "text"].tolist()


def report(label: str, done: list, ids: range, stored: list[str]) -> list[float]:
    times = sorted(t for t, _ in done)
    statuses = {s: sum(1 for _, x in done if x == s) for _, s in done}
    numbers = [int(re.match(r"Answer (\d+):", t).group(1)) for t in stored]
    mine = [n for n in numbers if n in ids]
    print(f"{label}: {len(done)} answers sent, statuses {statuses}; stored {len(mine)}, distinct {len(set(mine))} "
          f"(each exactly once: {len(mine) == len(set(mine)) == len(ids)})")
    print(f"  send time p50 {statistics.median(times) * 1000:.0f} ms, p95 {times[int(0.95 * len(times))] * 1000:.0f} ms,"
          f" max {times[-1] * 1000:.0f} ms (goal p95 <= 300 ms)")
    return times


def run(db_url: str, processes: int) -> None:
    """Two bursts: the routes alone (their memory), then with the organiser's page rerunning (its time)."""
    from playwright.sync_api import sync_playwright
    ws_id, links = prepare_event(db_url)
    tokens = list(links.values())
    env = {"EVENTS_DB_URL": db_url, "MALLOC_ARENA_MAX": "2"}  # as `make run` starts it
    with streamlit_server(env) as (url, server, _), \
            (streamlit_server(env) if processes == 2 else _none()) as second:
        urls = [url] + ([second[0]] if second else [])
        for u in urls:
            wait_up(u)
        burst(urls, tokens[:1], first=10_000, attendees=50)  # warm the routes (their imports, the programme)
        rss_start = peak_rss_mb(server.pid)
        alone = burst(urls, tokens)
        rss_alone = peak_rss_mb(server.pid)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = open_app(browser, f"{url}/?w={ws_id}")
            go_to(page, "Attendee feedback")
            page.get_by_text("Comments").first.wait_for()
            settle(page)
            quiet = rerun_seconds(page, 5)
            done: list = []
            sender = threading.Thread(target=lambda: done.extend(burst(urls, tokens, first=ATTENDEES)))
            sender.start()
            busy = []
            while sender.is_alive():
                busy += rerun_seconds(page, 1)
            sender.join()
            shown = []
            for u in urls:  # the organiser's page on each process shows every answer, whichever took it
                other = open_app(browser, f"{u}/?w={ws_id}")
                go_to(other, "Attendee feedback")
                settle(other)
                caption = other.get_by_text(re.compile(r"[\d,]+ answers? from the forms")).first
                caption.wait_for(state="attached", timeout=300_000)
                shown.append(caption.text_content().split(" answer")[0])
            browser.close()
        stored = stored_answers(db_url, ws_id)
        print(f"{ATTENDEES} phones in {SECONDS} s, bursts of {BURST}, over {len(urls)} process(es), one address")
        times = report("routes alone", alone, range(ATTENDEES), stored)
        report("with the feedback page rerunning", done, range(ATTENDEES, 2 * ATTENDEES), stored)
        print(f"the organiser's page on each process counts {' and '.join(shown)} answers (all {len(stored)})")
        print(f"feedback page rerun: alone {statistics.median(quiet):.2f} s, during the burst "
              f"{statistics.median(busy):.2f} s ({len(busy)} reruns): "
              f"{statistics.median(busy) / statistics.median(quiet):.2f}x (goal <= 2x)")
        print(f"server peak memory {rss_start:.0f} MB before the first burst, {rss_alone:.0f} MB after it: "
              f"+{rss_alone - rss_start:.0f} MB for the routes (goal <= 50 MB); "
              f"{peak_rss_mb(server.pid):.0f} MB after the page's reruns")
        feeds(url, db_url)
        print(f"p95_send_ms: {times[int(0.95 * len(times))] * 1000:.0f}")


class _none:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def feeds(url: str, db_url: str) -> None:
    """A feed served from its ETag; a full feed of 2,000 sessions against the Export tab's own build."""
    from formats import programme  # bench/formats.py: 2,000 events over 5 days and 12 rooms

    from core.agenda import to_frab_json
    from core.store import (connect, create_workspace, issue_feed, save_programme, writing)
    engine = connect(db_url)
    ws = create_workspace(engine, "Feed Summit", who="bench")
    agenda = programme(2000)
    with writing(engine) as conn:
        save_programme(conn, ws.id, agenda, "big.json", "bench")
        token = issue_feed(conn, ws.id, "bench")
    feed = f"{url}/p/{token}/schedule.json"
    with httpx.Client(timeout=60) as client:
        start = time.perf_counter()
        first = client.get(feed)
        full = time.perf_counter() - start
        export = []
        for _ in range(3):  # the Export tab's own build of the same file, in this process
            begun = time.perf_counter()
            json.dumps(to_frab_json(agenda, "Feed Summit"), indent=1)
            export.append(time.perf_counter() - begun)
        cached = []
        for _ in range(200):
            begun = time.perf_counter()
            again = client.get(feed, headers={"If-None-Match": first.headers["etag"]})
            cached.append(time.perf_counter() - begun)
            assert again.status_code == 304
    print(f"feed of 2,000 sessions: first request {full:.3f} s ({len(first.content) / 1e6:.1f} MB), the Export "
          f"tab's build {min(export):.3f} s: {full / min(export):.2f}x (goal <= 1.0x)")
    print(f"feed answered from its ETag: median {statistics.median(cached) * 1000:.1f} ms over 200 requests "
          "(goal <= 5 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", nargs="?", const="throwaway",
                        help="run against PostgreSQL with two server processes sharing it: a URL, or none for a "
                             "throwaway cluster (Debian's postgresql, as the tests start it)")
    args = parser.parse_args()
    if args.postgres == "throwaway":
        sys.path.insert(0, str(ROOT / "tests"))
        from postgres import Cluster
        cluster = Cluster()
        cluster.start()
        try:
            run(cluster.create_database("bench_collect"), processes=2)
        finally:
            cluster.stop()
            cluster.remove()
    elif args.postgres:
        run(args.postgres, processes=2)
    else:
        data = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-collect-{os.getpid()}"
        data.mkdir(parents=True, exist_ok=True)
        run(f"sqlite:///{data / 'events.db'}", processes=1)


if __name__ == "__main__":
    main()
