"""Jobs for the worker-pool tests (tests/test_batch.py), in a module that imports next to
nothing: a spawned worker imports it before it can say it is ready."""

from __future__ import annotations

import os
import time


def boot() -> None:
    pass


def work(job: str) -> str:
    if job == "hang":
        time.sleep(600)  # stuck far past any limit; a broken limit fails, it does not hang
    if job == "crash":
        os._exit(9)
    return job.upper()
