"""``brochures approve`` and ``brochures history``: sign-off and its audit trail.

Owns: checking that a leaflet can be signed off (its files load without
errors), recording or revoking an approval through brochures.inputs.records, and the
history of a topic: every approval of each language (who, role, when,
version, revoked or not) and, for the current text, the units changed since
the last approval with the approved and the current text side by side.
"""

from __future__ import annotations

import dataclasses
import shutil
import textwrap
from datetime import date

from brochures.batch.build import plan
from brochures.checks import gate
from brochures.checks.printed import printed_units
from brochures.checks.signoff import current_state
from brochures.errors import Location, Problem, Report
from brochures.inputs.project import Project
from brochures.inputs.records import (
    APPROVED,
    DRAFT,
    Approval,
    State,
    approval_state,
    read_records,
    records_path,
)
from brochures.inputs.records import approve as record_approval
from brochures.inputs.records import revoke as record_revocation
from brochures.inputs.request import Request


def _refusals(by: str, role: str, roles: list[str] | None, report: Report) -> None:
    """Who signs must be named in printable text, in a role the project allows."""
    for name, value in (("--by", by), ("--role", role)):
        if not value or not value.strip():
            report.error("bad-option", f"{name} must name who approves and in which role")
        elif not value.isprintable():
            report.error("bad-option", f"{name} holds a character that cannot be printed "
                         f"({value!r}); type the name again")
    if roles and role and " ".join(role.split()) not in roles:
        report.error("role-not-allowed", f"the role {role!r} may not approve leaflets here "
                     f"(approver_roles in brochures.yaml: {', '.join(roles)})",
                     Location("brochures.yaml"))


def approve(project: Project, request: Request, topic: str, language: str, by: str,
            role: str, on: date, report: Report, force: bool = False,
            roles: list[str] | None = None) -> Approval | None:
    """Sign off everything ``topic`` in ``language`` prints in the request's brands and
    layouts; ``None`` when refused (text with errors, unless ``force``)."""
    _refusals(by, role, roles, report)
    if report.errors:
        return None
    request = dataclasses.replace(request, topics=[topic], languages=[language])
    found = Report()
    catalog, jobs = plan(project, request, found)
    loaded = catalog.topics.get(topic)
    if loaded is None or language not in loaded.leaflets or found.errors:
        report.extend(found.errors or [Problem("error", "unknown-language", f"topic '{topic}' "
                                               f"has no language '{language}'",
                                               Location(f"content/{topic}/"))])
        return None
    errors = [p for job in jobs for p in gate.judge(catalog, job).findings if p.is_error
              and p.code not in ("draft-press",)]
    if errors and not force:
        report.extend(errors)
        report.error("not-approvable", f"{topic} ({language}) has errors the checks found: "
                     "fix them first (or approve with --force, which the record keeps)")
        return None
    brands, layouts = sorted(catalog.brands), sorted(catalog.layouts)
    units = printed_units(catalog, topic, language, brands, layouts)
    return record_approval(project, topic, language, " ".join(by.split()),
                           " ".join(role.split()), on, report, units or [], brands,
                           forced=bool(errors))


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
        return ["  now: not approved (draft)"] if state.approval is None else [
            "  now: not approved: its latest approval was revoked (draft)"]
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


def history(project: Project, request: Request, topic: str, languages: list[str],
            report: Report, width: int | None = None) -> list[str]:
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
    catalog, _ = plan(project, dataclasses.replace(request, topics=[topic], languages=[]),
                      Report())
    for language in languages or every:
        if language in unknown:
            continue
        lines.append(f"{language}:")
        approvals = records.of(language)
        lines += [f"  {approval_line(a)}" for a in approvals] or ["  no approvals"]
        state = (current_state(catalog, topic, language)
                 if topic in catalog.topics and language in catalog.topics[topic].leaflets
                 else approval_state(project, topic, language, report, records))
        lines += state_lines(state, width)
    return lines
