"""Crash safety of the real service: drop articles, SIGKILL it at random moments during ingest, restart, repeat.

Afterwards every original must be in exactly one of processed/ or failed/, the database must hold exactly one
article per identity with no spurious revisions, and the feeds must be valid and hold the newest articles.
The last stop is a SIGTERM during ingest: a graceful stop that leaves no temp files.

Usage: python3 crash_safety.py [--rounds 5] [--per-round 100] [--seed N]
"""
import argparse
import os
import random
import signal
import sqlite3
import sys
import time

import feedparser

from service import Checks, Service, wait_until

WORDS = ("council harbour bridge vote budget river school library station market winter report union court "
         "minister village season train election museum garden factory hospital street").split()


def article_text(number):
    rng = random.Random(number)
    title = f"Report {number}: " + " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."
                  for _ in range(rng.randint(3, 8))]
    day, hour = 1 + number // 24, number % 24
    return f"# {title}\n\nReporter {number % 7}  \n2024-01-{day:02d}T{hour:02d}:00:00+00:00\n\n" + "\n\n".join(paragraphs) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    print(f"crash safety: {args.rounds} rounds of {args.per_round} articles, seed {args.seed}", flush=True)
    rng = random.Random(args.seed)
    checks = Checks("crash safety")
    service = Service(extra_args=["--Feeds:ItemCount=20"], prefix="feedpublisher-crash-")
    staging = os.path.join(service.root, "staging")
    os.makedirs(staging)
    texts, dropped = {}, 0
    try:
        for round_number in range(args.rounds):
            first = round_number * args.per_round
            names = [f"article-{n:05d}.txt" for n in range(first, first + args.per_round)]
            # Re-exports of earlier articles, unchanged: they must change nothing. (Only those no longer in the
            # inbox: a rename over a waiting file would replace it.)
            waiting = set(service.inbox_files())
            earlier = sorted(n for n in texts if n not in waiting)
            names += rng.sample(earlier, min(len(earlier), args.per_round // 10))
            for name in names:
                texts.setdefault(name, article_text(int(name[8:13])))
                with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
                    f.write(texts[name])
            for name in names:
                os.rename(os.path.join(staging, name), os.path.join(service.inbox, name))
            dropped += len(names)

            service.start(wait=False)
            time.sleep(rng.uniform(0.3, 2.5))
            if round_number == args.rounds - 1:
                code = service.stop(signal.SIGTERM)
                checks.check(code == 0, f"SIGTERM stops the service gracefully (exit code {code})")
                leftovers = [f for f in os.listdir(service.feeds) if f.endswith(".tmp")] if os.path.isdir(service.feeds) else []
                checks.check(not leftovers, f"no temp files after SIGTERM ({leftovers})")
                how = "SIGTERM"
            else:
                service.stop(signal.SIGKILL)
                how = "SIGKILL"
            print(f"round {round_number + 1}: {how}, {len(service.inbox_files())} file(s) still in the inbox", flush=True)

        service.start()
        checks.check(wait_until(lambda: not service.inbox_files(), 120), "the inbox is drained after restart")
        newest = max(texts, key=lambda n: int(n[8:13]))
        newest_title = texts[newest].splitlines()[0][2:]
        checks.check(wait_until(lambda: newest_title.encode() in service.get("/feeds/atom.xml")[2], 30),
                     "the served feed holds the newest article")

        processed = os.listdir(service.processed)
        failed = os.listdir(service.failed)
        checks.check(len(processed) + len(failed) == dropped,
                     f"every original is in processed/ or failed/: {len(processed)} + {len(failed)} == {dropped}")
        checks.check(not failed, f"no good article was rejected ({failed[:5]})")

        with sqlite3.connect(service.database) as db:
            count, distinct, max_revision = db.execute("SELECT COUNT(*), COUNT(DISTINCT id), MAX(revision) FROM articles").fetchone()
            revisions = db.execute("SELECT COUNT(*) FROM article_revisions").fetchone()[0]
        checks.check(count == len(texts) == distinct, f"one article per identity: {count} rows, {distinct} ids, {len(texts)} articles")
        checks.check(max_revision == 1, f"re-ingesting after a crash made no new revisions (max revision {max_revision})")
        checks.check(revisions == 0, f"no earlier versions kept, since no article changed ({revisions} revision rows)")

        for name in ("rss.xml", "atom.xml"):
            for where, feed in (("file", feedparser.parse(os.path.join(service.feeds, name))),
                                ("served", feedparser.parse(service.get(f"/feeds/{name}")[2]))):
                checks.check(feed.bozo == 0, f"{where} {name} is well-formed ({feed.get('bozo_exception')})")
                checks.check(len(feed.entries) == 20, f"{where} {name} has 20 entries ({len(feed.entries)})")
                ids = [e.id for e in feed.entries]
                checks.check(len(ids) == len(set(ids)), f"{where} {name} has no duplicate ids")
                checks.check(bool(feed.entries) and feed.entries[0].title == newest_title, f"{where} {name} starts with the newest article")
    finally:
        service.close(keep=checks.failed > 0)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
