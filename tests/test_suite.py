"""The test suite's own rules: a missing tool fails in CI, and an empty run never passes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import conftest


def test_a_missing_tool_skips_here_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    conftest.need(True, "present")  # nothing happens
    with pytest.raises(pytest.skip.Exception):
        conftest.need(None, "chromium is missing")
    for value in ("true", "1", "TRUE"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.fail.Exception, match=r"chromium is missing.*CI=true"):
            conftest.need(None, "chromium is missing")


def test_a_run_that_collected_nothing_fails():
    session = SimpleNamespace(config=SimpleNamespace(), exitstatus=None)
    conftest.pytest_sessionfinish(session, pytest.ExitCode.NO_TESTS_COLLECTED)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
    worker = SimpleNamespace(config=SimpleNamespace(workerinput={}), exitstatus=None)
    conftest.pytest_sessionfinish(worker, pytest.ExitCode.NO_TESTS_COLLECTED)
    assert worker.exitstatus is None  # the controller decides for the whole run
