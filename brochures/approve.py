"""``brochures approve`` and ``brochures history``: sign-off and its audit trail.

Owns: checking that a leaflet can be signed off (its files load without
errors), recording or revoking an approval through brochures.records, and the
history of a topic: every approval of each language (who, role, when,
version, revoked or not) and, for the current text, the units changed since
the last approval with the approved and the current text side by side.
"""

from __future__ import annotations

import shutil
import textwrap
from datetime import date

from brochures.errors import Location, Report
from brochures.load import load_topic
from brochures.project import Project
from brochures.records import (
    APPROVED,
    DRAFT,
    Approval,
    State,
    approval_state,
    read_records,
    records_path,
)
from brochures.records import approve as record_approval
from brochures.records import revoke as record_revocation


def _loadable(project: Project, topic: str, language: str, report: Report) -> bool:
    """Whether ``language`` of ``topic`` loads without errors (else nothing is signed)."""
    loaded = load_topic(project, topic, report)
    if loaded is None or report.errors:
        return False
    if language not in loaded.leaflets:
        known = ", ".join(sorted(loaded.leaflets)) or "none"
        report.error("unknown-language", f"topic '{topic}' has no language '{language}' "
                     f"(it has: {known})", Location(f"content/{topic}/"))
        return False
    return True


def approve(project: Project, topic: str, language: str, by: str, role: str,
            on: date, report: Report) -> Approval | None:
    """Sign off the current text of ``topic`` in ``language``; ``None`` when refused."""
    for name, value in (("--by", by), ("--role", role)):
        if not value or not value.strip():
            report.error("bad-option", f"{name} must name who approves and in which role")
    if report.errors or not _loadable(project, topic, language, report):
        return None
    return record_approval(project, topic, language, " ".join(by.split()),
                           " ".join(role.split()), on, report)


def revoke(project: Project, topic: str, language: str, on: date,
           report: Report) -> Approval | None:
    """Withdraw the latest approval of ``topic`` in ``language``."""
    if not (project.content_dir / topic / "topic.yaml").is_file():
        report.error("unknown-topic", f"no topic '{topic}' in content/")
        return None
    return record_revocation(project, topic, language, on, report)


def approval_line(approval: Approval) -> str:
    line = (f"version {approval.version}  approved by {approval.by}, {approval.role}, "
            f"on {approval.date}")
    return line + (f"  (revoked on {approval.revoked})" if approval.revoked else "")


def _side_by_side(left: str, right: str, width: int) -> list[str]:
    column = max(20, (width - 7) // 2)
    lefts = textwrap.wrap(left, column) or [""]
    rights = textwrap.wrap(right, column) or [""]
    rows = max(len(lefts), len(rights))
    lefts += [""] * (rows - len(lefts))
    rights += [""] * (rows - len(rights))
    return [f"      {a:<{column}} │ {b}".rstrip() for a, b in zip(lefts, rights, strict=True)]


def state_lines(state: State, width: int) -> list[str]:
    """The current text against the last approval: one block per changed unit."""
    if state.status == DRAFT:
        return ["  now: not approved (draft)"]
    if state.status == APPROVED:
        return [f"  now: approved, version {state.approval.version}; nothing changed since"]
    n = len(state.changes)
    lines = [f"  now: {n} unit{'s' if n != 1 else ''} changed since version "
             f"{state.approval.version} (approved │ now):"]
    for change in state.changes:
        where = f"  {change.location}" if change.location else ""
        lines.append(f"    {change.id} ({change.kind}){where}")
        lines += _side_by_side(change.old or "(none)", change.new or "(removed)", width)
    return lines


def history(project: Project, topic: str, languages: list[str], report: Report,
            width: int | None = None) -> list[str]:
    """The audit trail of ``topic``: per language, its approvals and what changed since."""
    if not (project.content_dir / topic / "topic.yaml").is_file():
        known = ", ".join(project.topic_ids()) or "none"
        report.error("unknown-topic", f"no topic '{topic}' in content/ (known: {known})")
        return []
    width = width or shutil.get_terminal_size((100, 20)).columns
    records = read_records(project, topic, report)
    every = sorted(set(project.language_files(topic)) | set(records.approvals))
    unknown = [lang for lang in languages if lang not in every]
    for lang in unknown:
        report.error("unknown-language", f"topic '{topic}' has no language '{lang}'")
    lines = [f"{topic}: {project.show(records_path(project, topic))}"]
    for language in languages or every:
        if language in unknown:
            continue
        lines.append(f"{language}:")
        approvals = records.of(language)
        lines += [f"  {approval_line(a)}" for a in approvals] or ["  no approvals"]
        lines += state_lines(approval_state(project, topic, language, report, records), width)
    return lines
