"""Faults and bursts against the real service: it must stay up, say what is wrong once, keep serving the last good
feed, retry with back-off and recover on its own.

Scenarios: a burst of files renamed in at once; the inbox deleted and recreated; the feeds folder unwritable; the
database locked by another process; the inbox unreadable; the disk full while writing a feed (a small tmpfs, when
this machine lets us mount one).
Usage: python3 faults.py [--burst 10000]
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import feedparser

from service import Checks, Service, wait_until

checks = Checks("faults")


def article(number, title=None):
    title = title or f"Fault drill article {number}"
    return (f"# {title}\n\nDesk Editor  \n2024-05-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:00+00:00\n\n"
            f"Paragraph one of article {number} says what happened and where.\n\nParagraph two adds detail.\n")


def drop(service, name, text):
    staging = os.path.join(service.root, "staging")
    os.makedirs(staging, exist_ok=True)
    with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(os.path.join(staging, name), os.path.join(service.inbox, name))


def in_feed(service, title):
    return title.encode() in service.get("/feeds/atom.xml")[2]


def count_in_log(service, text):
    return service.log().count(text)


def burst(size):
    service = Service(prefix="feedpublisher-burst-").start()
    try:
        staging = os.path.join(service.root, "staging")
        os.makedirs(staging)
        for n in range(size):
            with open(os.path.join(staging, f"burst-{n:05d}.md"), "w", encoding="utf-8") as f:
                f.write(article(n, f"Burst article {n:05d}"))
        regenerations_before = count_in_log(service, "Regenerated feeds:")
        started = time.monotonic()
        for name in sorted(os.listdir(staging)):
            os.rename(os.path.join(staging, name), os.path.join(service.inbox, name))
        drained = wait_until(lambda: len(os.listdir(service.processed)) + len(os.listdir(service.failed)) >= size, 600, 0.5)
        elapsed = time.monotonic() - started
        checks.check(drained, f"all {size} burst files were handled ({len(os.listdir(service.processed))} processed)")
        checks.check(not os.listdir(service.failed), "no burst file failed")
        with sqlite3.connect(service.database) as db:
            stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        checks.check(stored == size, f"{size} articles stored ({stored})")
        time.sleep(1.5)
        regenerations = count_in_log(service, "Regenerated feeds:") - regenerations_before
        checks.check(1 <= regenerations <= 25, f"a handful of regenerations for {size} files ({regenerations})")
        print(f"burst: {size} files in {elapsed:.1f} s ({size / elapsed:.0f} articles/s), {regenerations} regenerations", flush=True)
    finally:
        service.close(keep=checks.failed > 0)


def inbox_deleted_and_recreated(service):
    shutil.rmtree(service.inbox)
    time.sleep(0.3)
    os.makedirs(service.inbox, exist_ok=True)  # the service may have recreated it already
    drop(service, "after-recreate.md", article(1, "Written after the inbox came back"))
    checks.check(wait_until(lambda: in_feed(service, "Written after the inbox came back"), 20),
                 "an article dropped into a recreated inbox is published")
    shutil.rmtree(service.inbox)
    checks.check(wait_until(lambda: os.path.isdir(service.inbox), 10), "a deleted inbox is created again by the service")
    drop(service, "after-delete.md", article(2, "Written after the service recreated the inbox"))
    checks.check(wait_until(lambda: in_feed(service, "Written after the service recreated the inbox"), 20),
                 "an article dropped after the service recreated the inbox is published")


def feeds_folder_unwritable(service):
    _, headers, good_body = service.get("/feeds/atom.xml")
    errors_before = count_in_log(service, "regeneration failed")
    shutil.move(service.feeds, service.feeds + ".away")
    with open(service.feeds, "w") as blocker:  # a file where the folder should be: nothing can be written
        blocker.write("not a folder")
    drop(service, "while-unwritable.md", article(3, "Published while feeds were unwritable"))
    checks.check(wait_until(lambda: service.health()[1].get("feeds", {}).get("lastError"), 15),
                 "/healthz reports the feed write error")
    time.sleep(4)  # several retries with back-off
    status, _, body = service.get("/feeds/atom.xml")
    checks.check(status == 200 and body == good_body, "the last good feed is still served")
    checks.check(count_in_log(service, "regeneration failed") - errors_before == 1,
                 "the failure is logged once, not on every retry")
    os.remove(service.feeds)
    shutil.move(service.feeds + ".away", service.feeds)
    checks.check(wait_until(lambda: in_feed(service, "Published while feeds were unwritable"), 90),
                 "regeneration recovers on its own once the folder is back")
    checks.check(wait_until(lambda: service.health()[1].get("status") == "healthy", 10), "/healthz is healthy again")
    checks.check("recovered" in service.log(), "the recovery is logged")


def database_locked(service):
    locked = threading.Event()
    release = threading.Event()

    def hold_lock():
        db = sqlite3.connect(service.database, timeout=30)
        db.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(10)
        db.rollback()
        db.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(10)
    for n in range(5):
        drop(service, f"locked-{n}.md", article(10 + n, f"Stored after the lock {n}"))
    time.sleep(4)
    checks.check(service.get("/feeds/rss.xml")[0] == 200, "feeds are served while the database is locked")
    release.set()
    holder.join()
    checks.check(wait_until(lambda: all(in_feed(service, f"Stored after the lock {n}") for n in range(5)), 40),
                 "articles dropped during a database lock are published once it is released")
    checks.check(not any(f.startswith("locked-") for f in os.listdir(service.failed)), "no article failed because of the lock")


def inbox_unreadable(service):
    warnings_before = count_in_log(service, "is not readable right now")
    shutil.move(service.inbox, service.inbox + ".away")
    with open(service.inbox, "w") as blocker:
        blocker.write("not a folder")
    checks.check(wait_until(lambda: service.health()[1].get("inbox", {}).get("lastError"), 15),
                 "/healthz reports the unreadable inbox")
    time.sleep(3)
    checks.check(count_in_log(service, "is not readable right now") - warnings_before == 1, "the inbox problem is logged once")
    checks.check(service.get("/feeds/atom.xml")[0] == 200, "feeds are served while the inbox is unreadable")
    os.remove(service.inbox)
    shutil.move(service.inbox + ".away", service.inbox)
    drop(service, "after-unreadable.md", article(20, "Published after the inbox was readable again"))
    checks.check(wait_until(lambda: in_feed(service, "Published after the inbox was readable again"), 20),
                 "the inbox recovers on its own")
    checks.check(wait_until(lambda: not service.health()[1].get("inbox", {}).get("lastError"), 10), "/healthz clears the inbox error")


def disk_full():
    mount_point = tempfile.mkdtemp(prefix="feedpublisher-smallfs-")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount_point],
                             capture_output=True).returncode == 0
    if not mounted:
        print("SKIP disk full: this machine does not let us mount a small tmpfs (the unit test with a failing stream covers it)")
        os.rmdir(mount_point)
        return
    service = Service(extra_args=[f"--Feeds:OutputPath={mount_point}"], prefix="feedpublisher-diskfull-").start()
    try:
        drop(service, "before-full.md", article(30, "Published before the disk filled"))
        checks.check(wait_until(lambda: in_feed(service, "Published before the disk filled"), 20), "feeds are written to the small disk")
        good_body = service.get("/feeds/rss.xml")[2]
        filler = os.path.join(mount_point, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # no space left: that is the point
        finally:
            os.close(fd)
        drop(service, "while-full.md", article(31, "Published while the disk was full") + "Long paragraph. " * 300 + "\n")
        checks.check(wait_until(lambda: service.health()[1].get("feeds", {}).get("lastError"), 15),
                     "/healthz reports the full disk")
        checks.check(service.get("/feeds/rss.xml")[2] == good_body, "the last good feed is still served while the disk is full")
        on_disk = feedparser.parse(os.path.join(mount_point, "rss.xml"))
        checks.check(on_disk.bozo == 0 and len(on_disk.entries) == 1, "the feed file on disk is still whole")
        checks.check(not [f for f in os.listdir(mount_point) if f.endswith(".tmp")], "no temp file is left on the full disk")
        os.remove(filler)
        checks.check(wait_until(lambda: in_feed(service, "Published while the disk was full"), 90),
                     "regeneration recovers once there is space again")
    finally:
        service.close(keep=checks.failed > 0)
        subprocess.run(["umount", mount_point])
        os.rmdir(mount_point)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--burst", type=int, default=10000)
    args = parser.parse_args()

    burst(args.burst)
    service = Service(prefix="feedpublisher-faults-").start()
    try:
        drop(service, "first.md", article(0, "The first article"))
        checks.check(wait_until(lambda: in_feed(service, "The first article"), 20), "the first article is published")
        for scenario in (inbox_deleted_and_recreated, feeds_folder_unwritable, database_locked, inbox_unreadable):
            print(f"scenario: {scenario.__name__}", flush=True)
            scenario(service)
            checks.check(service.process.poll() is None, f"the service is still running after {scenario.__name__}")
    finally:
        service.close(keep=checks.failed > 0)
    print("scenario: disk_full", flush=True)
    disk_full()
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
