"""Starts the real FeedPublisher service on loopback with temporary folders, for the reliability scripts."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_DLL = os.path.join(REPO, "src/FeedPublisher/bin/Release/net10.0/FeedPublisher.dll")


class Checks:
    """Counts named checks and prints the failures; the scripts end with one summary line."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}", flush=True)
        return ok

    def summary(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Service:
    """One service process at a time on a fixed root and port; start() again after a kill to restart it."""

    def __init__(self, dll=DEFAULT_DLL, extra_args=(), prefix="feedpublisher-"):
        self.dll = dll
        self.root = tempfile.mkdtemp(prefix=prefix)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.extra_args = list(extra_args)
        self.process = None
        shutil.copy(os.path.join(REPO, "appsettings.json"), self.root)
        os.makedirs(self.inbox, exist_ok=True)

    inbox = property(lambda self: os.path.join(self.root, "inbox"))
    processed = property(lambda self: os.path.join(self.root, "inbox", "processed"))
    failed = property(lambda self: os.path.join(self.root, "inbox", "failed"))
    feeds = property(lambda self: os.path.join(self.root, "feeds"))
    database = property(lambda self: os.path.join(self.root, "data", "feedpublisher.db"))
    log_path = property(lambda self: os.path.join(self.root, "service.log"))

    def start(self, wait=True):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            ["dotnet", self.dll, f"--contentRoot={self.root}", f"--Urls={self.base}", f"--Site:BaseUrl={self.base}/",
             "--Inbox:SettleTime=00:00:00.100", "--Inbox:RescanInterval=00:00:01",
             # These scripts poll the same feed from one client far more often than a reader may.
             "--Polling:Enabled=false"] + self.extra_args,
            stdout=log, stderr=subprocess.STDOUT)
        if wait and not wait_until(self.healthy_or_degraded, 60):
            raise RuntimeError(f"the service did not start; see {self.log_path}")
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)

    def get(self, path, headers=None):
        """(status, headers, body) of a GET; status 0 when the service does not answer."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except OSError:
            return 0, {}, b""

    def healthy_or_degraded(self):
        return self.get("/healthz")[0] in (200, 503)

    def health(self):
        import json
        status, _, body = self.get("/healthz")
        return status, (json.loads(body) if body else {})

    def inbox_files(self):
        return [f for f in os.listdir(self.inbox) if os.path.isfile(os.path.join(self.inbox, f))] \
            if os.path.isdir(self.inbox) else []

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def close(self, keep=False):
        self.stop()
        if keep:
            print(f"service folder kept: {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)
