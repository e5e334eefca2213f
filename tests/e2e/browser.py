"""A real browser for the web tests: `exhaust serve` in a subprocess, Debian's Chromium
driven by Playwright, and screenshots saved as artifacts.

Playwright's own browser download is never used: CI installs Debian's ``chromium`` package
and we launch that binary with the flags this machine needs (no sandbox as root, no
background network, which the closed network would refuse).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/lib/chromium/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("EXHAUST_SCREENSHOTS", ROOT / "build" / "screenshots"))
PHONE = {"width": 390, "height": 844}  # an iPhone 12-15 class screen in CSS pixels
DESKTOP = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db_url: str, workers: int = 1) -> Iterator[str]:
    """`exhaust serve` on a free port, as a user starts it; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "exhaust", "--db", db_url, "serve", "--port", str(port)]
    proc = subprocess.Popen([*command, "--workers", str(workers)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/login", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read() if proc.stdout else ""
                    raise RuntimeError(f"exhaust serve did not start:\n{output}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM}); scripts/test installs it as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact (build/screenshots by default)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    target = SHOTS / f"{name}-{'phone' if width and width < 600 else 'desktop'}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
