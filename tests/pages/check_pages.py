"""The site's pages in a real browser: Debian's Chromium, headless, renders each page of the running service
(--dump-dom for what a person sees, --screenshot for a look), and the checks read that DOM: titles, dates in the
site's time zone, and links that resolve.

Usage: python3 tests/pages/check_pages.py [--keep]   (prints "page checks: N passed, M failed")
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reliability"))
from service import Checks, Service, wait_until  # noqa: E402

checks = Checks("page checks")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page(html.parser.HTMLParser):
    """What the rendered DOM shows: the title, the h1, the visible text, the links and the times."""

    def __init__(self):
        super().__init__()
        self.title, self.h1, self.text, self.links, self.times = "", "", [], [], []
        self._in = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "time":
            self.times.append(attrs.get("datetime", ""))

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        elif "h1" in self._in:
            self.h1 += data
        if "style" not in self._in and "script" not in self._in:
            self.text.append(data)

    @property
    def visible(self):
        return " ".join(" ".join(self.text).split())


def chromium(args, url, work):
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def render(url, work, screenshot=None):
    if screenshot:
        chromium([f"--screenshot={screenshot}", "--window-size=420,900"], url, work)
    result = chromium(["--dump-dom"], url, work)
    page = Page()
    page.feed(result.stdout)
    return page


ARTICLE = """---
title: {title}
authors: [{authors}]
tags: [{tags}]
date: {date}
---

{text}
"""


def main():
    if not CHROMIUM:
        print("check-pages: chromium is not installed (apt-get install chromium)")
        print(f"{checks.name}: 0 passed, 1 failed")
        return 1
    keep = "--keep" in sys.argv
    # East of UTC, so a date-only article shows its own day only if the page converts to the site's zone.
    service = Service(extra_args=["--Site:TimeZone=Asia/Tokyo", "--Site:Title=Page check"], prefix="feedpublisher-pages-").start()
    work = tempfile.mkdtemp(prefix="feedpublisher-chromium-")
    try:
        staging = os.path.join(service.root, "staging")
        os.makedirs(staging)
        stories = [("Harbour cranes stand idle", "Jane Doe", "Harbour", "2024-03-12"),
                   ("Night buses return to line 7", "Jane Doe, John Roe", "City transport", "2024-03-14"),
                   ("Library opens on Sundays", "Ann Lee", "City transport", "2024-03-16")]
        for i, (title, authors, tags, date) in enumerate(stories):
            with open(os.path.join(staging, f"page-{i}.md"), "w") as f:
                f.write(ARTICLE.format(title=title, authors=authors, tags=tags, date=date, text=f"The story of {title.lower()}."))
        for name in sorted(os.listdir(staging)):
            os.rename(os.path.join(staging, name), os.path.join(service.inbox, name))
        checks.check(wait_until(lambda: b"Library opens on Sundays" in service.get("/")[2] and b"City transport" in service.get("/")[2], 30),
                     "the articles and tags are on the index")
        time.sleep(1)

        index = render(service.base + "/", work, os.path.join(work, "index.png") if keep else None)
        checks.check(index.title == "Page check", f"the index's title is the site's: {index.title!r}")
        checks.check(all(t[0] in index.visible for t in stories), "the index shows every article's title")
        checks.check("12 March 2024" in index.visible, f"dates are shown in the site's zone (12 March, not 11): {index.visible[:300]}")
        checks.check(any(t.startswith("2024-03-12T00:00:00+09:00") for t in index.times), f"<time> carries the zone's offset: {index.times}")

        article = render(service.base + "/articles/night-buses-return-to-line-7", work)
        checks.check(article.h1 == "Night buses return to line 7", f"the article page's heading: {article.h1!r}")
        checks.check("By Jane Doe and John Roe" in article.visible, f"the byline reads as one sentence: {article.visible[:200]}")
        checks.check("/tags/city-transport" in article.links and "/authors/john-roe" in article.links,
                     f"the article links its tag and authors: {article.links}")

        tag = render(service.base + "/tags/city-transport", work)
        checks.check(tag.h1 == "Articles tagged City transport", f"the tag page's heading: {tag.h1!r}")
        checks.check(tag.visible.index("Library opens on Sundays") < tag.visible.index("Night buses return to line 7"),
                     "the tag page lists its newest article first")

        feeds = render(service.base + "/feeds/", work, os.path.join(work, "feeds.png") if keep else None)
        checks.check(feeds.h1 == "Feeds", f"the feed list's heading: {feeds.h1!r}")
        for address in ("/feeds/rss.xml", "/tags/harbour/atom.xml", "/authors/ann-lee/feed.json"):
            checks.check(f"{service.base}{address}" in feeds.visible, f"the feed list shows {address} as an address to copy")

        # The publisher's view: an aggregator that reports its audience polls the site's RSS, politely.
        feedly = {"User-Agent": "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 120 subscribers; feed-id=feed/1)"}
        _, answered, _ = service.get("/feeds/rss.xml", feedly)
        service.get("/feeds/rss.xml", {**feedly, "If-None-Match": answered.get("ETag", "")})
        readers = render(service.base + "/status", work, os.path.join(work, "status.png") if keep else None)
        checks.check(readers.h1 == "Readers of Page check", f"the status page's heading: {readers.h1!r}")
        checks.check("/feeds/rss.xml" in readers.visible and "120 via Feedly/1.0" in readers.visible,
                     f"the status page shows the feed and the audience Feedly reports: {readers.visible[:400]}")
        checks.check("each shows its own readers" in readers.visible and "127.0.0.0/24" in readers.visible and "127.0.0.1" not in readers.visible,
                     "the status page says it is this instance's and shows addresses cut to their network")

        every_link = set()
        for page in (index, article, tag, feeds, readers):
            every_link.update(link for link in page.links if not link.startswith("http") or link.startswith(service.base))
        broken = []
        for link in sorted(every_link):
            path = urllib.parse.urlparse(link).path if link.startswith("http") else link
            status, _, _ = service.get(path)
            if status != 200:
                broken.append((link, status))
        checks.check(not broken and len(every_link) > 10, f"every link on the pages resolves ({len(every_link)} links): {broken}")
        if keep:
            print(f"screenshots kept in {work}")
    finally:
        service.close(keep=checks.failed > 0)
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
