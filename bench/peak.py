"""Run a command and measure its own peak memory, not its parent's.

Linux carries a process's peak RSS across fork and exec: a child started by a process that
holds 300 MB reports at least 300 MB (``ru_maxrss``), however little it uses itself. So the
command is started from a small intermediate Python process, whose own peak is that of a
fresh interpreter; the intermediate waits for the command and writes the command's own
figures to a file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_HOP = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss,
               usage.ru_utime + usage.ru_stime], report)
"""


@dataclass(frozen=True)
class Measured:
    status: int
    peak_mb: float  # the command's own peak RSS (with the children it reaped)
    cpu_seconds: float  # user + system, the command's and its reaped children's


def measured(cmd: Sequence[str], *, cwd: Path, stdout: IO[bytes], stderr: IO[bytes]) -> Measured:
    """Run ``cmd`` to completion in ``cwd`` and return its status, peak RSS and CPU time."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "usage.json"
        subprocess.run(
            [sys.executable, "-c", _HOP, str(report), *cmd],
            cwd=cwd,
            stdout=stdout,
            stderr=stderr,
            check=False,
        )
        status, max_rss_kib, cpu = json.loads(report.read_text())
    return Measured(status, max_rss_kib / 1024, cpu)  # Linux reports KiB


if __name__ == "__main__":  # python bench/peak.py CMD...: prints the command's peak MB
    result = measured(
        sys.argv[1:], cwd=Path.cwd(), stdout=sys.stdout.buffer, stderr=sys.stderr.buffer
    )
    print(f"{result.peak_mb:.0f} MB", file=sys.stderr)
    raise SystemExit(result.status)
