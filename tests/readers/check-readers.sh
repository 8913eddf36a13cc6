#!/usr/bin/env bash
# Real feed readers judge our feeds over HTTP: Universal Feed Parser (bozo must be 0) and newsboat for RSS and Atom,
# npm's @extractus/feed-extractor for JSON Feed.
# Starts the built service on loopback with temporary folders, drops the fixture articles, the project's own article in
# the export's shape (and the real sample when ../shared/samples has it), checks what each reader stores, retracts one
# article with the command line and checks that the readers no longer list it (RFC 6721 tombstone, 410), then stops
# the service it started.
# Usage: tests/readers/check-readers.sh [path/to/FeedPublisher.dll]
# Prints "reader checks: N passed, M failed" and exits non-zero when any check failed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${1:-$repo/src/FeedPublisher/bin/Release/net10.0/FeedPublisher.dll}
python=/usr/bin/python3
[ -f "$dll" ] || { echo "check-readers: $dll not found; build first (dotnet build -c Release)" >&2; exit 2; }
command -v newsboat >/dev/null || { echo "check-readers: newsboat is not installed (apt-get install newsboat)" >&2; exit 2; }
command -v npm >/dev/null || { echo "check-readers: npm is not installed" >&2; exit 2; }
"$python" -c 'import feedparser' 2>/dev/null || { echo "check-readers: python3-feedparser is not installed" >&2; exit 2; }

work=$(mktemp -d)
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/root" "$work/drop"
cp "$repo/appsettings.json" "$work/root/"
dotnet "$dll" --contentRoot="$work/root" --Urls="$base" --Site:BaseUrl="$base/" --Site:Title="Reader check" \
  --Inbox:SettleTime=00:00:00.200 >"$work/service.log" 2>&1 &
pid=$!

for _ in $(seq 100); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "check-readers: the service exited at start-up:"; cat "$work/service.log"; exit 1; }
  sleep 0.2
done

cp "$repo"/tests/readers/articles/* "$work/drop/"
# The xunit tests' export-shaped fixture, so real readers see that shape in every checkout, not only beside ../shared.
cp "$repo/tests/FeedPublisher.Tests/TestData/000_5f3c2a9e8b7d6c41.txt" "$work/drop/"
sample="$repo/../shared/samples/000_01adffd9e7f90a7b.txt"
if [ -f "$sample" ]; then cp "$sample" "$work/drop/"; else sample=""; fi
expected=$(find "$work/drop" -type f | wc -l)
# Rename into the inbox, as a CMS export would: each file is complete when it appears.
for f in "$work"/drop/*; do mv "$f" "$work/root/inbox/"; done

for _ in $(seq 150); do
  count=$(curl -fsS "$base/feeds/atom.xml" 2>/dev/null | grep -c '<entry>' || true)
  [ "$count" -ge "$expected" ] && break
  sleep 0.2
done

# A tag's and an author's feeds follow a burst once the inbox has been quiet for a second (README, "What pollers can
# rely on"): wait for the tag this check reads, as a reader's next poll would find it.
for _ in $(seq 150); do
  curl -fsS "$base/tags/libraries/rss.xml" 2>/dev/null | grep -q '<item>' && break
  sleep 0.2
done

cat >"$work/newsboat.conf" <<CONF
reload-threads 1
download-timeout 20
CONF
# One cache per feed: newsboat keys items by guid, and both feeds carry the same permanent ids.
for feed in rss atom; do
  echo "$base/feeds/$feed.xml" >"$work/urls-$feed"
  newsboat -x reload -u "$work/urls-$feed" -c "$work/cache-$feed.db" -C "$work/newsboat.conf" >"$work/newsboat-$feed.log" 2>&1 \
    || { echo "check-readers: newsboat failed on $feed.xml:"; cat "$work/newsboat-$feed.log"; }
done
# A tag's feed, as a reader who follows one topic subscribes to it.
echo "$base/tags/libraries/rss.xml" >"$work/urls-tag"
newsboat -x reload -u "$work/urls-tag" -c "$work/cache-tag.db" -C "$work/newsboat.conf" >"$work/newsboat-tag.log" 2>&1 \
  || { echo "check-readers: newsboat failed on the tag feed:"; cat "$work/newsboat-tag.log"; }

# A JSON Feed reader we did not write, from npm, pinned; installed into the temporary folder, never into the repository.
mkdir -p "$work/npm"
if npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error @extractus/feed-extractor@8.0.3 >"$work/npm.log" 2>&1; then
  cp "$repo/tests/readers/read_json_feed.mjs" "$work/npm/"
  node "$work/npm/read_json_feed.mjs" "$base/feeds/feed.json" >"$work/json-feed.json" 2>"$work/json-feed.log" \
    || { echo "check-readers: the JSON Feed reader failed:"; cat "$work/json-feed.log"; }
  node "$work/npm/read_json_feed.mjs" "$base/tags/libraries/feed.json" >"$work/json-feed-tag.json" 2>>"$work/json-feed.log" \
    || { echo "check-readers: the JSON Feed reader failed on the tag feed:"; cat "$work/json-feed.log"; }
else
  echo "check-readers: could not install @extractus/feed-extractor:"; cat "$work/npm.log"
fi

# The retraction check at its end runs the command line against the service's own folders.
FP_DLL="$dll" FP_ROOT="$work/root" "$python" "$repo/tests/readers/check_readers.py" "$base" "$work" "$expected" "$work/root/inbox/failed" ${sample:+"$sample"}
