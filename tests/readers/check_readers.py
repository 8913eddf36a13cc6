"""What real readers make of our feeds: feedparser over HTTP, newsboat's SQLite cache, and for JSON Feed what npm's
@extractus/feed-extractor printed (json-feed.json in the work folder)."""
import json
import os
import re
import sqlite3
import sys
import urllib.request

from datetime import datetime

import feedparser

# Usage: check_readers.py BASE_URL WORK_DIR EXPECTED_ITEMS FAILED_DIR [REAL_SAMPLE]
base, work, expected, failed_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
real_sample = sys.argv[5] if len(sys.argv) > 5 else None
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")


# What the project's fixtures say, read by hand: title -> (authors, published date prefix).
EXPECTED = {
    "City council approves harbour bridge repairs after two-year delay": (["Maria Lopez", "Tom Becker"], "2024-03-12"),
    "Public library extends weekend opening hours": (["Aisha Khan"], "2024-03-14"),
    "Spring marathon draws record field of runners": (["Jonas Weber"], "2024-03-16"),
    "River breaks its banks and floods the old town after a night of storms": (["Clara Winterbottom"], "2014-06-20"),
}


def export_head(path):
    """Title, authors and date of a file in the export layout, read from the file itself: no text of the real sample
    lives in the project. The title is the first '# ' line; the byline is the next line that is not blank, the date
    line the one after it."""
    with open(path, encoding="utf-8-sig") as f:
        lines = [line.strip() for line in f]
    at = next(i for i, line in enumerate(lines) if line.startswith("# "))
    byline_at = next(i for i in range(at + 1, len(lines)) if lines[i])
    names = re.sub(r"^By\s+", "", lines[byline_at])
    authors = [a for a in re.split(r"\s*,\s*|\s*&\s*|\s+and\s+", names) if a]
    date_line = lines[byline_at + 1]
    for pattern in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return lines[at][2:].strip(), authors, datetime.strptime(date_line, pattern).strftime("%Y-%m-%d")
        except ValueError:
            pass
    raise SystemExit(f"check_readers: no date line after the byline in {path}: {date_line!r}")


if real_sample:
    title, authors, date = export_head(real_sample)
    EXPECTED[title] = (authors, date)


def byline(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


ITEM_LINK = re.compile(re.escape(base) + r"/articles/[a-z0-9-]+$")

check(not os.listdir(failed_dir), f"no fixture was rejected (failed/ holds {os.listdir(failed_dir)})")

feeds = {}
for name, version in (("rss.xml", "rss20"), ("atom.xml", "atom10")):
    url = f"{base}/feeds/{name}"
    parsed = feedparser.parse(url)
    feeds[name] = parsed
    check(parsed.bozo == 0, f"feedparser reads {name} without errors (bozo={parsed.bozo}, {parsed.get('bozo_exception')})")
    check(parsed.version == version, f"feedparser sees {name} as {version}, not {parsed.version!r}")
    check(parsed.get("status") == 200, f"{name} answers 200, not {parsed.get('status')}")
    check(len(parsed.entries) == expected, f"{name} has {expected} entries, not {len(parsed.entries)}")
    for entry in parsed.entries:
        title = entry.get("title", "")
        want = EXPECTED.get(title)
        check(want is not None, f"{name}: unexpected title {title!r}")
        if want is None:
            continue
        authors = [a.get("name") for a in entry.get("authors", [])]
        # Atom lists each author; RSS carries the byline in one dc:creator ("A and B").
        wanted = want[0] if name == "atom.xml" else [byline(want[0])]
        check(authors == wanted, f"{name}: {title!r} authors {authors} == {wanted}")
        published = entry.get("published_parsed")
        check(published is not None and "%04d-%02d-%02d" % published[:3] == want[1],
              f"{name}: {title!r} published {entry.get('published')} on {want[1]} (UTC)")
        check(bool(ITEM_LINK.match(entry.get("link", ""))), f"{name}: {title!r} link {entry.get('link')!r} is {base}/articles/<slug>")
        check(entry.get("id", "").startswith("tag:"), f"{name}: {title!r} id {entry.get('id')!r} is a tag: URI")
        content = entry.get("content", [{}])[0].get("value", "")
        check(len(content) > 100 and "<p>" in content, f"{name}: {title!r} carries full HTML content")
        check("To contact" not in content, f"{name}: {title!r} has no boilerplate trailer")
        with urllib.request.urlopen(entry.link) as page:
            check(page.status == 200 and title.split()[0] in page.read().decode(), f"{name}: {title!r} link opens its page")

rss_ids = {e.id for e in feeds["rss.xml"].entries}
atom_ids = {e.id for e in feeds["atom.xml"].entries}
check(rss_ids == atom_ids, "RSS guids and Atom ids are the same permanent ids")

for name in ("rss.xml", "atom.xml"):
    cache_db = os.path.join(work, f"cache-{name.split('.')[0]}.db")
    url = f"{base}/feeds/{name}"
    if not os.path.exists(cache_db):
        check(False, f"newsboat wrote its cache for {name}")
        continue
    with sqlite3.connect(cache_db) as db:
        rows = db.execute("SELECT title, url, guid, author, pubDate FROM rss_item WHERE feedurl = ?", (url,)).fetchall()
        check(len(rows) == expected, f"newsboat stored {expected} items from {name}, not {len(rows)}")
        for title, link, guid, author, pub_date in rows:
            want = EXPECTED.get(title)
            check(want is not None, f"newsboat {name}: unexpected title {title!r}")
            if want is None:
                continue
            check(guid in rss_ids, f"newsboat {name}: {title!r} guid {guid!r} is the feed's id")
            check(bool(ITEM_LINK.match(link)), f"newsboat {name}: {title!r} url {link!r}")
            check(all(a in author for a in want[0]), f"newsboat {name}: {title!r} author {author!r} names {want[0]}")
            check(pub_date > 0, f"newsboat {name}: {title!r} has a date")

json_feed_path = os.path.join(work, "json-feed.json")
json_feed = None
if os.path.exists(json_feed_path) and os.path.getsize(json_feed_path) > 0:
    with open(json_feed_path, encoding="utf-8") as f:
        json_feed = json.load(f)
check(json_feed is not None, "the JSON Feed reader read /feeds/feed.json")
if json_feed is not None:
    entries = json_feed.get("entries", [])
    check(len(entries) == expected, f"the JSON Feed reader found {expected} entries, not {len(entries)}")
    check({e.get("id") for e in entries} == rss_ids, "JSON Feed ids are the RSS guids and Atom ids")
    for entry in entries:
        title = entry.get("title", "")
        want = EXPECTED.get(title)
        check(want is not None, f"feed.json: unexpected title {title!r}")
        if want is None:
            continue
        check(entry.get("authors") == want[0], f"feed.json: {title!r} authors {entry.get('authors')} == {want[0]}")
        check((entry.get("published") or "").startswith(want[1]), f"feed.json: {title!r} published {entry.get('published')} on {want[1]}")
        check(bool(ITEM_LINK.match(entry.get("link", ""))), f"feed.json: {title!r} link {entry.get('link')!r} is {base}/articles/<slug>")
        content = entry.get("contentHtml", "")
        check(len(content) > 100 and "<p>" in content and "To contact" not in content,
              f"feed.json: {title!r} carries the full HTML content without the trailer")

# One topic's feeds: the fixture tagged "libraries" and nothing else, titled for the tag, read by every reader.
LIBRARY = "Public library extends weekend opening hours"
for name, version in (("rss.xml", "rss20"), ("atom.xml", "atom10")):
    url = f"{base}/tags/libraries/{name}"
    parsed = feedparser.parse(url)
    check(parsed.bozo == 0, f"feedparser reads the tag's {name} without errors ({parsed.get('bozo_exception')})")
    check(parsed.version == version, f"feedparser sees the tag's {name} as {version}, not {parsed.version!r}")
    check([e.get("title") for e in parsed.entries] == [LIBRARY], f"the tag's {name} holds only {LIBRARY!r}: {[e.get('title') for e in parsed.entries]}")
    check(parsed.feed.get("title", "").endswith("— libraries"), f"the tag's {name} is titled for the tag: {parsed.feed.get('title')!r}")
    self_links = [l.get("href") for l in parsed.feed.get("links", []) if l.get("rel") == "self"]
    check(self_links == [url], f"the tag's {name} links itself as self: {self_links}")
    check({e.id for e in parsed.entries} <= rss_ids, f"the tag's {name} uses the same permanent ids as the site feeds")
tag_cache = os.path.join(work, "cache-tag.db")
if os.path.exists(tag_cache):
    with sqlite3.connect(tag_cache) as db:
        titles = [row[0] for row in db.execute("SELECT title FROM rss_item")]
    check(titles == [LIBRARY], f"newsboat stored the tag feed's one item: {titles}")
else:
    check(False, "newsboat wrote its cache for the tag feed")
tag_json_path = os.path.join(work, "json-feed-tag.json")
tag_json = None
if os.path.exists(tag_json_path) and os.path.getsize(tag_json_path) > 0:
    with open(tag_json_path, encoding="utf-8") as f:
        tag_json = json.load(f)
check(tag_json is not None and [e.get("title") for e in tag_json.get("entries", [])] == [LIBRARY],
      f"the JSON Feed reader read the tag's feed.json with its one item: {tag_json and [e.get('title') for e in tag_json.get('entries', [])]}")

# Retraction (RFC 6721), as readers see it: the command line takes the library article back from the running service.
dll, service_root = os.environ.get("FP_DLL"), os.environ.get("FP_ROOT")
if dll and service_root:
    import subprocess
    import time
    import urllib.error
    import xml.etree.ElementTree as ET
    atom_url = f"{base}/feeds/atom.xml"
    library = [e for e in feedparser.parse(atom_url).entries if e.get("title") == LIBRARY]
    check(len(library) == 1, "the library article is in the Atom feed before its retraction")
    library_id = library[0].id if library else ""
    done = subprocess.run(["dotnet", dll, "retract", "2024-library-hours", "--reason", "Published in error", "--by", "The reader check",
                           f"--contentRoot={service_root}"], capture_output=True, text=True, timeout=120)
    check(done.returncode == 0, f"retract exits 0 ({done.returncode}: {done.stderr.strip()})")
    deadline = time.time() + 15
    while time.time() < deadline:
        parsed = feedparser.parse(atom_url)
        if all(e.get("title") != LIBRARY for e in parsed.entries):
            break
        time.sleep(0.2)
    check(parsed.bozo == 0, f"feedparser reads the Atom feed with a tombstone without errors ({parsed.get('bozo_exception')})")
    check(all(e.get("title") != LIBRARY for e in parsed.entries), "feedparser no longer lists the retracted entry in atom.xml")
    check(all(e.get("title") != LIBRARY for e in feedparser.parse(f"{base}/feeds/rss.xml").entries), "nor in rss.xml")
    with urllib.request.urlopen(atom_url) as response:
        feed_xml = ET.fromstring(response.read())
    tombstones = feed_xml.findall("{http://purl.org/atompub/tombstones/1.0}deleted-entry")
    check([t.get("ref") for t in tombstones] == [library_id], f"atom.xml carries one at:deleted-entry with ref = the entry's atom:id: {[t.get('ref') for t in tombstones]}")
    check(all(t.get("when") for t in tombstones), "the tombstone says when")
    check([t.findtext("{http://purl.org/atompub/tombstones/1.0}comment") for t in tombstones] == ["Published in error"], "the tombstone says why")
    try:
        urllib.request.urlopen(library[0].link if library else f"{base}/articles/none")
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    check(status == 410, f"the retracted article's page answers 410 Gone, not {status}")

print(f"reader checks: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
