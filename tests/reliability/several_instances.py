"""Two instances of the real service on one PostgreSQL database and one shared inbox, with failures.

A throw-away PostgreSQL server (.ci/postgres-server) holds the database; both instances run the built service with
Storage:Provider=postgres, Inbox:Shared=true, the same scheduler name (one clustered Quartz schedule) and the same
public base URL. The script drops 2,000 files, SIGKILLs the instance that watches the inbox half-way, checks that the
other takes the inbox over within 10 s, starts the killed one again and re-drops a few hundred files unchanged. Then:
one article per id, every original in processed/ or failed/, and both instances serving byte-identical feeds with the
same ETag and Last-Modified. Last, PostgreSQL stops for a few seconds while both are polled: serving must go on
throughout, /healthz must say 503 and why, and ingest must resume once it is back.

Usage: python3 several_instances.py [--files 2000] [--redrop 300] [--seed N]
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from service import REPO, Checks, Service, wait_until

BASE_URL = "http://feeds.example.org/"
WORDS = ("council harbour bridge vote budget river school library station market winter report union court "
         "minister village season train election museum garden factory hospital street").split()
FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/tags/topic-3/atom.xml", "/authors/writer-2/rss.xml"]


def article_text(number):
    rng = random.Random(number)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "." for _ in range(3)]
    day, hour, minute = 1 + number // 1440, (number // 60) % 24, number % 60
    return (f"---\ntitle: Story {number} about the {rng.choice(WORDS)}\nid: story-{number:05d}\nauthors: [Writer {number % 5}]\n"
            f"tags: [Topic {number % 7}]\ndate: 2024-01-{day:02d}T{hour:02d}:{minute:02d}:00Z\n---\n\n" + "\n\n".join(paragraphs) + "\n")


class Postgres:
    """The throw-away server of .ci/postgres-server, which can be stopped for a while and started again."""

    def __init__(self):
        script = os.path.join(REPO, ".ci", "postgres-server")
        out = subprocess.run(["bash", script, "start"], check=True, capture_output=True, text=True).stdout
        values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines() if line.startswith("export "))
        self.script, self.dir = script, values["PG_TEST_DIR"]
        self.connection_string = values["FEEDPUBLISHER_TEST_POSTGRES"].strip("'")
        parts = dict(p.split("=", 1) for p in self.connection_string.split(";") if p)
        self.psql_target = f"host={parts['Host']} port={parts['Port']} user={parts['Username']} dbname={parts['Database']}"

    def query(self, sql):
        return subprocess.run(["psql", self.psql_target, "-At", "-c", sql], check=True, capture_output=True, text=True).stdout.strip()

    def pause(self):
        subprocess.run(["bash", self.script, "pause", self.dir], check=True)

    def resume(self):
        subprocess.run(["bash", self.script, "resume", self.dir], check=True)

    def close(self):
        subprocess.run(["bash", self.script, "stop", self.dir], check=False)


def drop(names, texts, staging, inbox):
    for name in names:
        with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
            f.write(texts[name])
    for name in names:
        os.rename(os.path.join(staging, name), os.path.join(inbox, name))


def watching(service):
    """True when this instance holds the shared inbox's turn, as its /healthz says."""
    status, health = service.health()
    return status != 0 and health.get("inbox", {}).get("hasTurn") is True and service.process.poll() is None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--redrop", type=int, default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true", help="keep the instances' folders and logs")
    args = parser.parse_args()
    print(f"several instances: {args.files} files, {args.redrop} re-dropped, seed {args.seed}", flush=True)
    rng = random.Random(args.seed)
    checks = Checks("several instances")
    postgres = Postgres()
    shared = tempfile.mkdtemp(prefix="feedpublisher-shared-")
    inbox, staging = os.path.join(shared, "inbox"), os.path.join(shared, "staging")
    os.makedirs(inbox)
    os.makedirs(staging)
    common = ["--Storage:Provider=postgres", f"--Storage:ConnectionString={postgres.connection_string}", "--Inbox:Shared=true",
              f"--Inbox:Path={inbox}", f"--Inbox:ProcessedPath={inbox}/processed", f"--Inbox:FailedPath={inbox}/failed",
              f"--Site:BaseUrl={BASE_URL}", "--Scheduling:SchedulerName=several-instances"]
    instances = [Service(extra_args=common, prefix=f"feedpublisher-instance-{i}-") for i in (1, 2)]
    texts = {f"story-{n:05d}.md": article_text(n) for n in range(args.files)}
    names = sorted(texts)
    dropped = 0
    try:
        for instance in instances:
            instance.start()
        checks.check(wait_until(lambda: sum(map(watching, instances)) == 1, 20), "exactly one instance watches the shared inbox")

        drop(names[: args.files // 2], texts, staging, inbox)
        dropped += args.files // 2
        wait_until(lambda: len(os.listdir(os.path.join(inbox, "processed"))) >= args.files // 4, 60)
        drop(names[args.files // 2:], texts, staging, inbox)
        dropped += args.files - args.files // 2
        holder = next((s for s in instances if watching(s)), instances[0])
        other = instances[1] if holder is instances[0] else instances[0]
        processed_before = len(os.listdir(os.path.join(inbox, "processed")))
        holder.stop(signal.SIGKILL)
        killed_at = time.monotonic()
        took_over = wait_until(lambda: watching(other), 15, interval=0.05)
        took = time.monotonic() - killed_at
        print(f"killed the watcher with {processed_before} of {dropped} processed; the other took over after {took:.1f} s", flush=True)
        checks.check(took_over and took < 10, f"the other instance takes the inbox over within 10 s ({took:.1f} s)")
        holder.start()

        redrop = rng.sample(names, min(args.redrop, len(names)))
        wait_until(lambda: not any(n in os.listdir(inbox) for n in redrop), 120)
        drop(redrop, texts, staging, inbox)
        dropped += len(redrop)
        drained = wait_until(lambda: not [f for f in os.listdir(inbox) if f.endswith(".md")], 180)
        checks.check(drained, "the shared inbox is drained")

        processed = os.listdir(os.path.join(inbox, "processed"))
        failed = [f for f in os.listdir(os.path.join(inbox, "failed")) if not f.endswith(".error.txt")]
        checks.check(len(processed) + len(failed) == dropped,
                     f"every original is in processed/ or failed/: {len(processed)} + {len(failed)} == {dropped}")
        checks.check(not failed, f"no good article was rejected ({failed[:5]})")
        rows, distinct, revised = map(int, postgres.query(
            "SELECT COUNT(*), COUNT(DISTINCT id), COUNT(*) FILTER (WHERE revision > 1) FROM articles").split("|"))
        checks.check(rows == distinct == args.files, f"one article per id: {rows} rows, {distinct} ids, {args.files} files")
        checks.check(revised == 0, f"re-dropped unchanged files made no revisions ({revised})")

        newest = max(names)
        title = texts[newest].splitlines()[1].removeprefix("title: ")
        checks.check(all(wait_until(lambda s=s: title.encode() in s.get("/feeds/atom.xml")[2], 60) for s in instances),
                     "both instances serve the newest article")
        time.sleep(ClusterSettle)
        for path in FEEDS:
            (status_a, headers_a, body_a), (status_b, headers_b, body_b) = (s.get(path) for s in instances)
            checks.check(status_a == status_b == 200, f"{path} is served by both ({status_a}, {status_b})")
            checks.check(body_a == body_b, f"{path}: both instances serve the same bytes")
            for header in ("ETag", "Last-Modified"):
                checks.check(headers_a.get(header) == headers_b.get(header),
                             f"{path}: the same {header} ({headers_a.get(header)} / {headers_b.get(header)})")
            status, _, _ = instances[1].get(path, {"If-None-Match": headers_a.get("ETag", "")})
            checks.check(status == 304, f"{path}: the first instance's ETag gets a 304 from the second ({status})")

        # PostgreSQL stops for a few seconds while both are polled: every feed request is still answered from what
        # they serve, /healthz says 503 and why, and both recover by themselves when it is back.
        answers, stop = [], threading.Event()

        def poll(service):
            while not stop.is_set():
                answers.append(service.get(FEEDS[0])[0])
                time.sleep(0.02)

        pollers = [threading.Thread(target=poll, args=(s,)) for s in instances]
        for t in pollers:
            t.start()
        time.sleep(1)
        postgres.pause()
        time.sleep(3)
        during = [s.health() for s in instances]
        postgres.resume()
        time.sleep(2)
        stop.set()
        for t in pollers:
            t.join()
        bad = [code for code in answers if code != 200]
        checks.check(len(answers) > 50 and not bad, f"serving went on through the database outage ({len(answers)} polls, not 200: {bad[:5]})")
        for status, health in during:
            checks.check(status == 503 and health.get("database", {}).get("reachable") is False,
                         f"/healthz says 503, the database unreachable, during the outage ({status}, {health.get('database')})")
        late = [f"story-{n:05d}.md" for n in range(args.files, args.files + 20)]
        texts.update({name: article_text(int(name[6:11])) for name in late})
        drop(late, texts, staging, inbox)
        late_title = texts[late[-1]].splitlines()[1].removeprefix("title: ")
        checks.check(all(wait_until(lambda s=s: late_title.encode() in s.get("/feeds/atom.xml")[2], 60) for s in instances),
                     "after the outage, ingest resumes and both instances serve the new articles")
        checks.check(all(wait_until(lambda s=s: s.health()[0] == 200, 30) for s in instances), "both instances healthy again")
        for instance in instances:
            # Ours: no errors, and one warning per event that matters, not one per request or retry. Quartz logs its
            # own failed check-ins and retries while the database is away, a line each.
            ours = [line[:200] for line in instance.log().splitlines() if " FeedPublisher." in line]
            errors = [line for line in ours if " fail: " in line or " crit: " in line]
            warnings = [line for line in ours if " warn: " in line]
            checks.check(not errors, f"{instance.root}: no errors logged by FeedPublisher ({errors[:2]})")
            checks.check(len(warnings) <= 10, f"{instance.root}: {len(warnings)} warning line(s) from FeedPublisher, at most 10 expected ({warnings[:3]})")
    finally:
        keep = checks.failed > 0 or args.keep
        for instance in instances:
            instance.close(keep=keep)
        postgres.close()
        if keep:
            print(f"shared inbox kept: {shared}")
        else:
            shutil.rmtree(shared, ignore_errors=True)
    return checks.summary()


ClusterSettle = 2

if __name__ == "__main__":
    sys.exit(main())
