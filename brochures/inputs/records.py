"""The record of what was approved: ``content/<topic>/records.yaml``.

Owns: reading and writing that machine-written file, and the approval state of
one language of a topic — approved, draft (never approved, or its approval
revoked) or changed (a unit's text differs from the approved text) — with the
units that changed. Each approval keeps language, who, role, date, version and
every unit's id, fingerprint and approved text, so a reviewer sees exactly what
changed. Languages are independent: approving one never touches another.

The file is not content: it never counts towards a unit's or a build's
fingerprint (a build depends on the approval of its own language only).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.inputs.units import Unit, by_id, fingerprint, leaflet_units
from brochures.inputs.validate import check_schema
from brochures.inputs.yamlio import load_yaml
from brochures.write import write_atomic

FILE = "records.yaml"
HEADER = (
    "# Written by `brochures approve` (who approved which text of this topic, per language)\n"
    "# and `brochures translate` (which source text each translation was made from).\n"
    "# Do not edit it by hand. It is not content: it never counts towards a fingerprint.\n"
)

APPROVED, DRAFT, CHANGED = "approved", "draft", "changed"


@dataclass
class Approval:
    """One sign-off of one language: who, in which role, when, and the text they saw."""

    language: str
    version: int
    by: str
    role: str
    date: str
    units: dict[str, dict[str, str]]  # id → {fingerprint, text}
    revoked: str | None = None
    # The brands whose leaflets it covers (None: an approval from before brands were named).
    brands: list[str] | None = None
    forced: bool = False  # approved with --force over errors the checks found

    def as_data(self) -> dict:
        data: dict[str, Any] = {"version": self.version, "by": self.by, "role": self.role,
                                "date": self.date}
        if self.brands is not None:
            data["brands"] = list(self.brands)
        if self.forced:
            data["forced"] = True
        if self.revoked:
            data["revoked"] = self.revoked
        data["units"] = {uid: dict(unit) for uid, unit in self.units.items()}
        return data

    def covers(self, brand: str | None) -> bool:
        return brand is None or self.brands is None or brand in self.brands


@dataclass
class Change:
    """A unit whose text is not the approved one: changed, added (no old) or removed (no new)."""

    id: str
    old: str | None
    new: str | None
    location: Location | None

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass
class State:
    """Where a language of a topic stands: approved, draft or changed since its approval."""

    status: str
    approval: Approval | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


@dataclass
class Records:
    """The records file of one topic (other top-level keys, e.g. translations, kept as read)."""

    path: Path
    approvals: dict[str, list[Approval]] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)

    def of(self, language: str) -> list[Approval]:
        return self.approvals.get(language, [])

    def active(self, language: str) -> Approval | None:
        """The approval ``language`` stands under: its latest, unless that was revoked (a
        revoke leaves the language without one, whoever signed before)."""
        history = self.of(language)
        return history[-1] if history and not history[-1].revoked else None


def records_path(project: Project, topic: str) -> Path:
    return project.content_dir / topic / FILE


def _approval(language: str, raw: Any, today: date) -> tuple[Approval | None, str]:
    """An approval as written, or why it cannot be trusted (a hand edit, a damaged file)."""
    if not isinstance(raw, dict):
        return None, "it is not a mapping"
    units = raw.get("units") if isinstance(raw.get("units"), dict) else {}
    try:
        approval = Approval(
            language=language, version=int(raw["version"]), by=str(raw["by"]),
            role=str(raw["role"]), date=str(raw["date"]),
            units={str(uid): {"fingerprint": str(u.get("fingerprint", "")),
                              "text": str(u.get("text", ""))}
                   for uid, u in units.items() if isinstance(u, dict)},
            revoked=str(raw["revoked"]) if raw.get("revoked") else None,
            brands=[str(b) for b in raw["brands"]] if isinstance(raw.get("brands"), list)
            else None,
            forced=raw.get("forced") is True,
        )
    except (KeyError, TypeError, ValueError):
        return None, "it needs version, by, role, date and units"
    return approval, _untrusted(approval, raw, today)


def _untrusted(approval: Approval, raw: dict, today: date) -> str:
    """Why an approval read from the file is not one brochures wrote, or ''."""
    if isinstance(raw["version"], bool) or approval.version < 1:
        return f"its version {raw['version']!r} is not a positive whole number"
    for key in ("by", "role"):
        value = getattr(approval, key)
        if not value.strip() or not value.isprintable():
            return f"'{key}' must be a name in printable text, not {value!r}"
    for key in ("date", "revoked"):
        value = getattr(approval, key)
        if value is None:
            continue
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return f"'{key}' is not a date (YYYY-MM-DD): {value!r}"
        if day > today:
            return f"'{key}' {value} is in the future"
    if not approval.units:
        return "it lists no units"
    for uid, unit in approval.units.items():
        if unit["fingerprint"] != fingerprint(unit["text"]):
            return f"unit '{uid}' has a fingerprint that is not its text's (edited by hand?)"
    return ""


def read_records(project: Project, topic: str, report: Report | None = None) -> Records:
    """The records of ``topic`` (empty when it has none); a broken file is an error."""
    report = report if report is not None else Report()
    path = records_path(project, topic)
    records = Records(path)
    if not path.is_file():
        return records
    if not project.contains(path):
        report.error("unsafe-path", "this file links outside the project",
                     Location(project.show(path), 1))
        return records
    doc = load_yaml(path, project.show(path), report)
    if doc is None:
        return records
    if not isinstance(doc.data, dict):
        report.error("bad-records", "records.yaml must map 'approvals' and 'translations'",
                     doc.at())
        return records
    check_schema(doc, "records", report)  # brochures/inputs/schemas/records.json
    for key, value in doc.data.items():
        if key != "approvals":
            records.other[key] = value
    approvals = doc.data.get("approvals") or {}
    if not isinstance(approvals, dict):
        report.error("bad-records", "'approvals' must map languages to lists of approvals",
                     doc.at("approvals"))
        return records
    today = date.today()
    for language, entries in approvals.items():
        for n, raw in enumerate(entries if isinstance(entries, list) else [None]):
            approval, why = _approval(str(language), raw, today)
            if approval is None or why:
                report.error("bad-records", f"approval {n + 1} of '{language}' cannot be "
                             f"trusted: {why}; restore the file from version control",
                             doc.at("approvals", language, n))
                continue
            records.approvals.setdefault(str(language), []).append(approval)
    return records


def write_records(project: Project, records: Records) -> None:
    """Write ``records`` atomically, languages in a stable order."""
    write_atomic(records.path, records_bytes(records))


def records_bytes(records: Records) -> bytes:
    """The text of ``records`` as :func:`write_records` writes it (for a caller that writes
    it together with other files)."""
    approvals = {language: [a.as_data() for a in records.approvals[language]]
                 for language in sorted(records.approvals) if records.approvals[language]}
    # Only what there is: a topic with translation records and no approval yet has no
    # empty "approvals: {}" to puzzle a reader.
    data: dict[str, Any] = {**({"approvals": approvals} if approvals else {}), **records.other}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return (HEADER + text).encode("utf-8")


def compare(approval: Approval, units: list[Unit]) -> list[Change]:
    """The units of ``units`` whose text is not what ``approval`` holds, in file order."""
    changes = []
    current = by_id(units)
    for unit in units:
        old = approval.units.get(unit.id)
        if old is None:
            changes.append(Change(unit.id, None, unit.text, unit.location))
        elif old["fingerprint"] != unit.fingerprint:
            changes.append(Change(unit.id, old["text"], unit.text, unit.location))
    for uid, old in approval.units.items():
        if uid not in current:
            changes.append(Change(uid, old["text"], None, None))
    return changes


def approval_state(project: Project, topic: str, language: str,
                   report: Report | None = None, records: Records | None = None) -> State:
    """Whether ``language`` of ``topic`` is approved, a draft, or changed since approval."""
    report = report if report is not None else Report()
    records = records if records is not None else read_records(project, topic, report)
    approval = records.active(language)
    if approval is None:
        return State(DRAFT)
    # The text of its files alone (what brochures.checks.printed adds needs the loaded project).
    text = {uid: unit for uid, unit in approval.units.items() if not uid.startswith(PRINTED)}
    return state_of_units(records, language, leaflet_units(project, topic, language, report),
                          dataclasses.replace(approval, units=text))


# Units of an approval that brochures.checks.printed adds to the files' text.
PRINTED = ("words.", "brand.", "picture.", "layout.")


def state_of_units(records: Records, language: str, units: list[Unit] | None,
                   approval: Approval | None = None) -> State:
    """The state of ``language`` given its current ``units`` (``None``: unreadable), against
    ``approval`` (default: the one it stands under)."""
    approval = approval or records.active(language)
    if approval is None:
        return State(DRAFT)
    if units is None:
        return State(CHANGED, approval)
    changes = compare(approval, units)
    return State(CHANGED if changes else APPROVED, approval, changes)


def approve(project: Project, topic: str, language: str, by: str, role: str,
            on: date, report: Report, units: list[Unit], brands: list[str],
            forced: bool = False) -> Approval | None:
    """Record an approval of ``units`` (everything ``language`` prints in ``brands``).

    The version stays when the text is the one last approved (a second signature),
    and rises by one when any unit changed.
    """
    records = read_records(project, topic, report)
    if report.errors:
        return None
    history = records.of(language)
    active = records.active(language)
    version = max((a.version for a in history), default=0)
    if active is None or compare(active, units):
        version += 1
    approval = Approval(language, version, by, role, on.isoformat(),
                        {u.id: {"fingerprint": u.fingerprint, "text": u.text} for u in units},
                        brands=sorted(brands), forced=forced)
    records.approvals.setdefault(language, []).append(approval)
    write_records(project, records)
    return approval


def revoke(project: Project, topic: str, language: str, on: date,
           report: Report) -> Approval | None:
    """Withdraw the latest approval of ``language`` (kept in the file, marked revoked)."""
    records = read_records(project, topic, report)
    if report.errors:
        return None
    active = records.active(language)
    if active is None:
        report.error("not-approved", f"{topic} ({language}) has no approval to revoke",
                     Location(project.show(records.path)))
        return None
    for approval in records.of(language):  # every signature of it: none stays valid
        approval.revoked = approval.revoked or on.isoformat()
    write_records(project, records)
    return active
