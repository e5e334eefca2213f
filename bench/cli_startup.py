"""`exhaust --help` start-up time against a bare `python -c pass`, measured in the same run.

Target (TARGETS.md): median < 0.25 s and at most 8x the bare interpreter.
Run: .venv/bin/python bench/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exhaust = shutil.which("exhaust") or ""
    cli = [exhaust, "--help"] if exhaust else [sys.executable, "-m", "exhaust", "--help"]
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    help_time = median_seconds(cli, args.runs)
    ratio = help_time / bare
    print(f"python -c pass : {bare * 1000:7.1f} ms (median of {args.runs})")
    print(f"exhaust --help : {help_time * 1000:7.1f} ms")
    print(f"ratio          : {ratio:7.2f}x   (target <= 8x and < 250 ms)")
    ok = ratio <= 8 and help_time < 0.25
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
