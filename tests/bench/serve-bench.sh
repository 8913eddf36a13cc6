#!/usr/bin/env bash
# Scenario 5: serving. Our running service against nginx on the very same feed bytes, loaded by wrk on 127.0.0.1.
#
# Usage: tests/bench/serve-bench.sh --url http://127.0.0.1:PORT/feeds/rss.xml [--pid SERVICE_PID]
#          [--nginx-port PORT] [--duration SECONDS] [--runs N]
#
# Copies the identity body our service serves into a temp root as rss.xml, plus rss.xml.gz made with gzip -9, and
# runs nginx on it from a temp config (gzip_static, etag, daemon off, as the current user, pid/log/temp paths in the
# temp folder). Checks with curl that both servers answer the three cases alike (200 gzip, 304 to If-None-Match,
# 200 identity), then runs wrk -t1 -c16 and -t2 -c64 for each case and server, --runs times.
# Prints one "serve-result key=value ..." line per wrk run on stdout; progress goes to stderr. CPU seconds are those
# of the server's processes during the run (ours only with --pid). nginx is stopped by its PID on exit.
set -euo pipefail

url="" service_pid="" nginx_port="" duration=10 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --pid) service_pid=$2; shift 2 ;;
    --nginx-port) nginx_port=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "serve-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$url" ] || { echo "usage: serve-bench.sh --url http://127.0.0.1:PORT/feeds/rss.xml [--pid PID] [--nginx-port PORT] [--duration S] [--runs N]" >&2; exit 2; }
case "$url" in http://127.0.0.1:*) ;; *) echo "serve-bench: only 127.0.0.1 may be loaded; got $url" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
PATH=$PATH:/usr/sbin
for tool in nginx wrk curl gzip timeout; do
  command -v "$tool" >/dev/null || { echo "serve-bench: $tool is not installed (tests/bench/run.sh installs it)" >&2; exit 2; }
done
if [ -z "$nginx_port" ]; then
  nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fi

work=$(mktemp -d)
nginx_pid=""
stop_nginx() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  nginx_pid=""
}
trap 'stop_nginx; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# --- the same bytes for both ---------------------------------------------------------------------------------------
mkdir -p "$work/root" "$work/temp"
curl -fsS --max-time 10 -o "$work/root/rss.xml" "$url"
gzip -9 -n -c "$work/root/rss.xml" >"$work/root/rss.xml.gz"

# As root, nginx would hand its workers to "nobody"; keep them the current user.
user_directive=""
[ "$(id -u)" -eq 0 ] && user_directive="user $(id -un) $(id -gn);"
cat >"$work/nginx.conf" <<CONF
$user_directive
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/temp/body;
  proxy_temp_path $work/temp/proxy;
  fastcgi_temp_path $work/temp/fastcgi;
  uwsgi_temp_path $work/temp/uwsgi;
  scgi_temp_path $work/temp/scgi;
  types { application/rss+xml xml; }
  charset utf-8;
  charset_types application/rss+xml;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  open_file_cache max=16 inactive=60s;
  open_file_cache_valid 60s;
  # Kestrel does not close a busy keep-alive connection; nginx would after 1000 requests.
  keepalive_requests 1000000;
  etag on;
  gzip_static on;
  gzip_vary on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/root;
    add_header Cache-Control "public, max-age=300";
  }
}
CONF
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port/rss.xml"
for _ in $(seq 50); do
  curl -fsS --max-time 1 -o /dev/null "$nginx_url" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { echo "serve-bench: nginx exited:" >&2; cat "$work/error.log" >&2; exit 1; }
  sleep 0.1
done

# --- like for like: both answer each case the same way -----------------------------------------------------------
header() { grep -i "^$1:" "$2" | head -1 | sed -E 's/^[^:]*: *//; s/\r$//'; }
declare -A etag
check() {
  local name=$1 target=$2 h="$work/headers" b="$work/body" status
  status=$(curl -sS --max-time 10 -o "$b" -D "$h" -w '%{http_code}' "$target")
  [ "$status" = 200 ] && [ -z "$(header content-encoding "$h")" ] && cmp -s "$b" "$work/root/rss.xml" \
    || { echo "serve-bench: $name: identity GET gave $status or other bytes" >&2; return 1; }
  status=$(curl -sS --max-time 10 -o "$b" -D "$h" -w '%{http_code}' -H 'Accept-Encoding: gzip' "$target")
  [ "$status" = 200 ] && [ "$(header content-encoding "$h")" = gzip ] && gzip -dc "$b" | cmp -s - "$work/root/rss.xml" \
    || { echo "serve-bench: $name: gzip GET gave $status, not the same bytes gzipped" >&2; return 1; }
  etag[$name]=$(header etag "$h")
  local gzip_bytes
  gzip_bytes=$(stat -c %s "$b")
  status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: ${etag[$name]}" "$target")
  [ "$status" = 304 ] || { echo "serve-bench: $name: If-None-Match ${etag[$name]} gave $status, not 304" >&2; return 1; }
  echo "serve-bench: $name: 200 identity $(stat -c %s "$work/root/rss.xml") B, 200 gzip $gzip_bytes B (ETag ${etag[$name]}), 304 with that ETag: ok" >&2
}
check ours "$url"
check nginx "$nginx_url"

# --- load ------------------------------------------------------------------------------------------------------------
ticks_per_second=$(getconf CLK_TCK)
# utime + stime of a process and its direct children (nginx's workers), in clock ticks.
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    [ -r /proc/"$pid"/stat ] || continue
    total=$((total + $(sed -E 's/^.*\) //' /proc/"$pid"/stat | awk '{print $12 + $13}')))
  done
  echo "$total"
}

run_wrk() {
  local target=$1 case=$2 threads=$3 connections=$4 run=$5 target_url pid headers=() before after line
  if [ "$target" = ours ]; then target_url=$url pid=$service_pid; else target_url=$nginx_url pid=$nginx_pid; fi
  case "$case" in
    gzip) headers=(-H 'Accept-Encoding: gzip') ;;
    304) headers=(-H 'Accept-Encoding: gzip' -H "If-None-Match: ${etag[$target]}") ;;
    identity) headers=() ;;
  esac
  before=$([ -n "$pid" ] && cpu_ticks "$pid" || echo 0)
  line=$(timeout $((duration + 20)) wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 2s \
    -s "$here/wrk-report.lua" "${headers[@]}" "$target_url" | grep '^wrk-result ')
  after=$([ -n "$pid" ] && cpu_ticks "$pid" || echo 0)
  echo "$line" | awk -v t="$target" -v c="$case" -v th="$threads" -v co="$connections" -v r="$run" \
    -v cpu="$(( after - before ))" -v hz="$ticks_per_second" -v haspid="${pid:+1}" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      s = v["duration_us"] / 1e6
      printf "serve-result target=%s case=%s threads=%d connections=%d run=%d requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f bytes_per_response=%.0f cpu_seconds=%s errors=%d\n",
        t, c, th, co, r, v["requests"], s, v["requests"] / s, v["p50_us"] / 1000, v["p99_us"] / 1000,
        v["bytes"] / (v["requests"] > 0 ? v["requests"] : 1), (haspid ? sprintf("%.2f", cpu / hz) : "-"), v["errors"]
    }'
}

for run in $(seq "$runs"); do
  for setting in "1 16" "2 64"; do
    read -r threads connections <<<"$setting"
    for case in gzip 304 identity; do
      # Alternate who goes first, so neither always meets a warmer or cooler machine.
      if [ $((run % 2)) -eq 1 ]; then order="ours nginx"; else order="nginx ours"; fi
      for target in $order; do
        echo "serve-bench: run $run, -t$threads -c$connections, $case, $target" >&2
        run_wrk "$target" "$case" "$threads" "$connections" "$run"
      done
    done
  done
done
