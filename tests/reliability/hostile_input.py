"""Hostile articles through the real pipeline. Each one must either land in failed/ with a note a person can read,
or be published safely; a named pipe, links, an over-long name and a Latin-1 name beside them must neither stall nor
hide anything. Afterwards the feeds still parse, no page or feed item carries executable script, nothing
outside the service's folders was touched, and memory stayed bounded.

Usage: python3 hostile_input.py
"""
import html.parser
import os
import random
import sys
import time
import xml.etree.ElementTree as ElementTree

import feedparser

from service import Checks, Service, wait_until

MAX_FILE_BYTES = 200_000
checks = Checks("hostile input")


def body(words=60):
    rng = random.Random(words)
    return " ".join(rng.choice(["news", "city", "report", "vote", "river", "budget"]) for _ in range(words)).capitalize() + "."


def layout(title, text, byline="Staff Writer  \n1 March 2024"):
    return f"# {title}\n\n{byline}\n\n{text}\n"


def hostile_articles():
    """(file name, bytes, expected: 'failed' | 'published')."""
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8))
    return [
        ("binary-junk.txt", random.Random(1).randbytes(4096), "failed"),
        ("empty.md", b"", "failed"),
        ("too-big.md", layout("Too big", body() + "\n\n" + "word " * (MAX_FILE_BYTES // 4)).encode(), "failed"),
        ("invalid-utf8.md", layout("Bad bytes", "caf\xe9 au lait").encode("latin-1"), "failed"),
        ("utf16-bom.md", b"\xff\xfe" + layout("UTF-16 with a byte-order mark", body()).encode("utf-16-le"), "published"),
        ("crlf.md", layout("Windows line ends", body() + "\n\n" + body(30)).replace("\n", "\r\n").encode(), "published"),
        ("nul-in-title.md", layout("Null\x00byte title", body()).encode(), "failed"),
        ("control-chars.md", layout("Bell\x07 and \x1bescape \x0b in title", "Body with \x01 and \x0c controls. " + body()).encode(), "published"),
        ("script-title.md", layout("<script>alert('title')</script>Scripted headline", body()).encode(), "published"),
        ("script-body.md", layout("Script in the body", "<script>alert(1)</script>\n\n" + body()).encode(), "published"),
        ("onerror.md", layout("Image with onerror", '<img src="x" onerror="alert(1)">\n\n' + body()).encode(), "published"),
        ("javascript-link.md", layout("Javascript links", "[click](javascript:alert(1)) and <a href=' javascript:alert(2)'>x</a> "
                                      "and [enc](javascript&colon;alert(3))\n\n" + body()).encode(), "published"),
        ("javascript-markdown-only.md", layout("Script URLs in plain Markdown", "[click](javascript:alert(1)) "
                                                "[again](java&#9;script:alert(2)) ![img](data:image/png;base64,AAAA)\n\n" + body()).encode(), "published"),
        ("data-url.md", layout("Data URLs", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a> '
                               '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">\n\n' + body()).encode(), "published"),
        ("svg-script.md", layout("SVG with script", '<svg onload="alert(1)"><script>alert(2)</script><circle r="4"/></svg>\n\n'
                                 + body()).encode(), "published"),
        ("mutation-xss.md", layout("Mutation XSS", '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'
                                   '</style></mglyph></table></mtext></math> <iframe src="https://evil.example/"></iframe>'
                                   '<object data="x.swf"></object><form action="https://evil.example/"><input></form>\n\n'
                                   + body()).encode(), "published"),
        ("billion-laughs.md", ("---\n" + laughs + "title: Laughs\n---\n\n" + body()).encode(), "failed"),
        ("deep-nesting.md", ("---\ntitle: Deep\n" + nested + "---\n\n" + body()).encode(), "failed"),
        ("huge-title.md", layout("T" * 100_000, body()).encode(), "failed"),
        ("id-traversal.md", ("---\ntitle: Traversal id\nid: ../../etc/passwd\n---\n\n" + body()).encode(), "published"),
        ("id-con.md", ("---\ntitle: Device name id\nid: CON\n---\n\n" + body()).encode(), "published"),
        ("id-slash.md", ("---\ntitle: Slash id\nid: a/b\nslug: a/b\n---\n\n" + body()).encode(), "published"),
        ("slug-traversal.md", ("---\ntitle: Traversal slug\nslug: ../../etc/passwd\n---\n\n" + body()).encode(), "published"),
        ("slug-empty.md", ("---\ntitle: Empty slug\nslug: ''\n---\n\n" + body()).encode(), "published"),
        ("slug-dup-1.md", ("---\ntitle: Duplicate slug one\nslug: same-slug\n---\n\n" + body()).encode(), "published"),
        ("slug-dup-2.md", ("---\ntitle: Duplicate slug two\nslug: same-slug\n---\n\n" + body()).encode(), "published"),
        ("slug-symbols.md", ("---\ntitle: '!!!'\n---\n\n" + body()).encode(), "published"),
        ("year-0001.md", layout("Year one", body(), "Staff Writer  \n0001-01-01").encode(), "failed"),
        ("year-9999.md", ("---\ntitle: Year 9999\ndate: 9999-12-31\n---\n\n" + body()).encode(), "failed"),
        ("date-nonsense.md", ("---\ntitle: Nonsense date\ndate: the day after tomorrow\n---\n\n" + body()).encode(), "failed"),
        ("cdata-end.md", layout("Ends ]]> a CDATA & <b>bold</b> \"quotes\"", "Text with ]]> and &amp; and </encoded>. " + body()).encode(), "published"),
        ("rtl-override.md", layout("Right\u202eto-left override", body()).encode(), "published"),
        ("no-title.md", ("Just a paragraph without any heading.\n\n" + body()).encode(), "failed"),
    ]


class ScriptFinder(html.parser.HTMLParser):
    """Collects anything in HTML that could run script in a reader or browser."""
    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "style", "base", "meta", "link"}

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = "".join(c for c in value.lower() if c > " ").split(":", 1)[0]
                if ":" in value and scheme in ("javascript", "data", "vbscript"):
                    self.problems.append(f"{tag} {name}={value[:40]}")


def script_in(markup, allow_page_chrome=False):
    finder = ScriptFinder()
    finder.feed(markup)
    problems = finder.problems
    if allow_page_chrome:  # our own pages have a <style> and <link rel=alternate> in <head>
        problems = [p for p in problems if p not in ("<style>", "<link>", "<meta>")]
    return problems


def tree_files(root):
    return {os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files}


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


LATIN1_NAME = b"caf\xe9.md"  # "café.md" named in Latin-1: not valid UTF-8


def place_special_entries(service, staging):
    """Things that are not plain article files, put straight into the inbox: (name, expected) pairs."""
    secret = os.path.join(staging, "secret-article.md")
    with open(secret, "w") as f:
        f.write(layout("Secret article behind a link", body()))
    os.mkfifo(os.path.join(service.inbox, "pipe.md"))
    os.symlink(secret, os.path.join(service.inbox, "leak.md"))
    os.symlink("loop.md", os.path.join(service.inbox, "loop.md"))
    long_name = "n" * 247 + ".md"  # 250 bytes: its note's name would be too long
    with open(os.path.join(service.inbox, long_name), "wb") as f:
        f.write(b"No heading, so it fails to parse.\n")
    with open(os.path.join(os.fsencode(service.inbox), LATIN1_NAME), "wb") as f:
        f.write(layout("Latin-1 named", body()).encode())
    return secret, long_name


def check_special_entries(service, secret, long_name):
    for name, kind in (("pipe.md", "named pipe"), ("leak.md", "symbolic link"), ("loop.md", "symbolic link")):
        moved = os.path.lexists(os.path.join(service.failed, name))
        note_path = os.path.join(service.failed, name + ".error.txt")
        note = open(note_path, encoding="utf-8").read() if os.path.exists(note_path) else ""
        checks.check(moved and kind in note, f"{name}: moved to failed/ with a note that says it is a {kind}")
    checks.check(os.path.islink(os.path.join(service.failed, "leak.md")), "leak.md stays a link, its target is not copied")
    with open(secret) as f:
        checks.check("Secret article" in f.read(), "the link's target is untouched")
    checks.check(os.path.exists(os.path.join(service.failed, long_name)), "the over-long name reached failed/")
    notes = [n for n in os.listdir(service.failed) if n.startswith("n" * 200) and n.endswith(".error.txt")]
    checks.check(len(notes) == 1 and all(len(n.encode()) <= 255 for n in notes),
                 f"the over-long name has one note with a shortened name: {notes}")
    checks.check(os.path.exists(os.path.join(os.fsencode(service.inbox), LATIN1_NAME)),
                 "the Latin-1 named file is left where it is (it cannot be named to be moved)")
    _, health = service.health()
    checks.check(health.get("inbox", {}).get("unreadableNames") == ["caf\ufffd.md"],
                 f"/healthz lists the Latin-1 name: {health.get('inbox')}")
    reports = service.log().count("has a name that is not valid UTF-8")
    checks.check(reports == 1, f"the Latin-1 name is reported once in the log over several rescans, not {reports} times")


def main():
    service = Service(extra_args=[f"--Inbox:MaxFileBytes={MAX_FILE_BYTES}", "--Feeds:ItemCount=100"],
                      prefix="feedpublisher-hostile-").start()
    passwd_mtime = os.stat("/etc/passwd").st_mtime
    parent = os.path.dirname(service.root)
    parent_before = set(os.listdir(parent))
    try:
        articles = hostile_articles()
        staging = os.path.join(service.root, "staging")
        os.makedirs(staging)
        for name, data, _ in articles:
            with open(os.path.join(staging, name), "wb") as f:
                f.write(data)
        secret, long_name = place_special_entries(service, staging)
        for name, _, _ in articles:
            os.rename(os.path.join(staging, name), os.path.join(service.inbox, name))
        unnameable = os.fsdecode(LATIN1_NAME)
        checks.check(wait_until(lambda: not [f for f in os.listdir(service.inbox) if f not in ("processed", "failed", unnameable)], 60),
                     "every hostile file was handled")
        time.sleep(2.5)  # let the regeneration after the last batch finish, and the inbox be listed twice more
        check_special_entries(service, secret, long_name)

        for name, _, expected in articles:
            in_processed = os.path.exists(os.path.join(service.processed, name))
            in_failed = os.path.exists(os.path.join(service.failed, name))
            where = "published" if in_processed else "failed" if in_failed else "lost"
            checks.check(where == expected, f"{name}: {expected}, not {where}")
            if in_failed:
                with open(os.path.join(service.failed, name + ".error.txt"), encoding="utf-8") as note:
                    text = note.read()
                checks.check("Problem: " in text and "   at " not in text and len(text) < 4000,
                             f"{name}: the error note explains the problem without a stack trace")

        status, _, _ = service.get("/healthz")
        checks.check(status == 200 and service.process.poll() is None, "the service is still up and healthy")

        published = sum(1 for _, _, expected in articles if expected == "published")
        for feed_name in ("rss.xml", "atom.xml"):
            _, _, raw = service.get(f"/feeds/{feed_name}")
            parsed = feedparser.parse(raw)
            checks.check(parsed.bozo == 0, f"{feed_name} still parses cleanly ({parsed.get('bozo_exception')})")
            checks.check(len(parsed.entries) == published, f"{feed_name} has the {published} published articles ({len(parsed.entries)})")
            ids = [e.id for e in parsed.entries]
            checks.check(len(set(ids)) == len(ids), f"{feed_name} ids are unique")
            # Read the HTML as the feed carries it (feedparser would sanitize it for us and hide problems).
            root = ElementTree.fromstring(raw)
            contents = [el.text or "" for el in root.iter()
                        if el.tag in ("{http://purl.org/rss/1.0/modules/content/}encoded", "{http://www.w3.org/2005/Atom}content")]
            titles = [el.text or "" for el in root.iter() if el.tag in ("title", "{http://www.w3.org/2005/Atom}title")]
            checks.check(len(contents) == published, f"{feed_name} carries content for every item")
            problems = [p for c in contents for p in script_in(c)]
            checks.check(not problems, f"{feed_name} content has no executable script: {problems[:5]}")
            checks.check(not [t for t in titles if "<" in t and ">" in t], f"{feed_name} titles carry no markup")

            for entry in parsed.entries:
                status, _, page = service.get(entry.link.replace(service.base, ""))
                checks.check(status == 200, f"{entry.link} opens")
                problems = script_in(page.decode("utf-8"), allow_page_chrome=True)
                checks.check(not problems, f"{entry.link} has no executable script: {problems[:5]}")
            slugs = [e.link.rsplit("/", 1)[1] for e in parsed.entries]
            checks.check(all(s and all(c.isascii() and (c.isalnum() or c == "-") for c in s) for s in slugs),
                         f"{feed_name}: every slug is lower-case ASCII and hyphens: {[s for s in slugs if '/' in s or '.' in s]}")
            checks.check(len(set(slugs)) == len(slugs), f"{feed_name}: slugs are unique")

        index = service.get("/")[2].decode("utf-8")
        checks.check(not script_in(index, allow_page_chrome=True), "the index page has no executable script")

        allowed = ("inbox/", "data/", "feeds/", "staging/")
        stray = [f for f in tree_files(service.root) if not f.startswith(allowed) and f not in ("appsettings.json", "service.log")]
        checks.check(not stray, f"nothing written outside the configured folders: {stray}")
        new_beside = (set(os.listdir(parent)) - parent_before) & {"etc", "passwd", "CON", "a", "b", "same-slug"}
        checks.check(not new_beside, f"nothing written beside the service's folder: {new_beside}")
        checks.check(os.stat("/etc/passwd").st_mtime == passwd_mtime, "/etc/passwd untouched")
        peak = peak_rss_mb(service.process.pid)
        checks.check(peak < 400, f"memory stayed bounded (peak RSS {peak:.0f} MB)")
        print(f"hostile input: {len(articles)} files, {published} published safely, peak RSS {peak:.0f} MB", flush=True)
    finally:
        service.close(keep=checks.failed > 0)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
