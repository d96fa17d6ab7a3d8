"""What sign-off means for a leaflet: draft or final, and what its colophon says.

Owns: the decision, per topic and language, whether a leaflet is a draft (a
language listed under ``drafts:``, or, when ``brochures.yaml`` sets
``require_approval: true``, a language with no approval or with text changed
since), the findings that go with it (build warnings, the press edition's
refusal, ``check``'s changed units with file and line), the template context
of the watermark and colophon partials, and the key the build cache uses so
that an approval of one language rebuilds that language only.

The gate (brochures.checks.gate) calls :func:`check` per topic and language and
:func:`press_findings` per job; the templates read :func:`context`.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from datetime import date

from brochures import i18n
from brochures.checks.printed import printed_units, relevant
from brochures.checks.translation_gate import is_stale
from brochures.errors import Location, Problem, Report
from brochures.inputs.catalog import Catalog
from brochures.inputs.records import APPROVED, CHANGED, DRAFT, State, state_of_units

# A status beside approved, draft and changed (brochures.inputs.records).
LISTED_DRAFT = "listed-draft"  # under drafts: in topic.yaml


@dataclass
class Decision:
    """The sign-off side of one topic and language."""

    topic: str
    language: str
    required: bool
    listed_draft: bool
    state: State
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False  # issue 18: a translation whose source changed since it was made
    brand: str | None = None  # the brand whose leaflet it is about (None: every brand)

    @property
    def draft(self) -> bool:
        """Watermarked and kept from the press."""
        return self.listed_draft or (self.required and (not self.state.approved or self.stale))

    @property
    def status(self) -> str:
        return LISTED_DRAFT if self.listed_draft else self.state.status


def decide(catalog: Catalog, topic_id: str, language: str, brand: str | None = None,
           layout: str | None = None) -> Decision:
    """Whether ``topic`` in ``language`` is a draft, and why (once per run): for the leaflet
    of ``brand`` in ``layout``, or, when they are not given, for every brand and layout
    the catalog loaded."""
    return catalog.once(("signoff", topic_id, language, brand, layout),
                        lambda: _decide(catalog, topic_id, language, brand, layout))


def current_state(catalog: Catalog, topic_id: str, language: str, brand: str | None = None,
                  layout: str | None = None) -> State:
    """What the approval of ``language`` covers against what it prints now."""
    records, _ = catalog.records_of(topic_id)
    approval = records.active(language)
    if approval is None or not approval.covers(brand):
        history = records.of(language)  # a revoked one is named: history says so
        return State(DRAFT, history[-1] if history and history[-1].revoked else None)
    # Every brand and layout it covers that this run loaded (units of others: not judged).
    brands = [brand] if brand else [b for b in approval.brands or catalog.brands
                                    if b in catalog.brands]
    layouts = [layout] if layout else sorted(catalog.layouts)
    units = printed_units(catalog, topic_id, language, brands, layouts)
    mine = {uid: unit for uid, unit in approval.units.items()
            if relevant(uid, brands, layouts)}
    return state_of_units(records, language, units, dataclasses.replace(approval, units=mine))


def _decide(catalog: Catalog, topic_id: str, language: str, brand: str | None,
            layout: str | None) -> Decision:

    _, problems = catalog.records_of(topic_id)
    state = current_state(catalog, topic_id, language, brand, layout)
    topic = catalog.topics.get(topic_id)
    drafts = list(topic.drafts) if topic is not None else []
    required = catalog.require_approval
    return Decision(topic_id, language, required, language in drafts, state, list(problems),
                    required and topic is not None and is_stale(catalog, topic_id, language),
                    brand)


def findings(decision: Decision, language_file: str, press: bool = False,
             name: str = "") -> Report:
    """The warnings (and, for the press edition, the error) a decision means for a build."""
    report = Report()
    report.extend(decision.problems)
    label = f"{decision.topic} ({decision.language}" + (
        f", brand {decision.brand})" if decision.brand else ")")
    where = Location(language_file, 1)
    if decision.listed_draft:
        why = f"{label} is listed under drafts: in topic.yaml"
    elif decision.required and decision.state.status == DRAFT:
        brand = f" --brand {decision.brand}" if decision.brand else ""
        why = f"{label} has no approval (brochures approve {decision.topic} " \
              f"--lang {decision.language}{brand})"
    elif decision.required and decision.state.status == CHANGED:
        n = len(decision.state.changes)
        why = (f"{label} changed in {n} unit{'s' if n != 1 else ''} since version "
               f"{decision.state.approval.version} was approved")
    elif decision.required and decision.stale:
        why = (f"{label} is a stale translation: its source changed since it was translated "
               "(brochures translate status)")
    else:
        return report
    if press:
        report.error("draft-press", f"{name}: not built: {why}; a draft never goes to the press",
                     where)
    else:
        report.warning("draft", f"{name or label}: printed as a DRAFT: {why}", where)
    return report


def press_findings(catalog: Catalog, topic, job) -> list[Problem]:
    """The press edition's refusal of a draft (nothing for the standard edition)."""
    if not job.press:
        return []
    decision = decide(catalog, topic.id, job.language, job.brand, job.layout)
    shown = catalog.project.show(topic.leaflets[job.language].path)
    return findings(decision, shown, True, job.name).errors


def check(catalog: Catalog, topic, job, report: Report) -> None:
    """``check``: whether a leaflet prints as a draft, and each unit changed since its
    language's approval (what a patient reads or sees: text, words, brand, pictures)."""
    language = job.language
    decision = decide(catalog, topic.id, language, job.brand, job.layout)
    report.extend(findings(decision, catalog.project.show(topic.leaflets[language].path),
                           name=job.name).problems)
    changed_units(decision, report)


def changed_units(decision: Decision, report: Report) -> None:
    """``check``: one warning per unit changed since the approval, at its file and line."""
    state = decision.state
    if state.status != CHANGED or state.approval is None:
        return
    approval = state.approval
    since = f"version {approval.version}, approved by {approval.by} on {approval.date}"
    for change in state.changes:
        old = _short(change.old)
        new = _short(change.new)
        if change.kind == "added":
            message = f"unit '{change.id}' is new since {since}: {new}"
        elif change.kind == "removed":
            message = f"unit '{change.id}' was removed since {since}: it read {old}"
        else:
            message = f"unit '{change.id}' changed since {since}: {_difference(change)}"
        severity = "warning"
        where = change.location or Location(f"content/{decision.topic}/"
                                            f"{decision.language}.yaml", 1)
        report.add(Problem(severity, "changed-since-approval", message, where))


def _difference(change) -> str:
    """The words that differ between the approved and the current text, at most three runs."""
    old, new = change.old.split(), change.new.split()
    runs = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        was, now = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        runs.append(f"added “{now}”" if not was else f"removed “{was}”" if not now
                    else f"“{was}” → “{now}”")
    if not runs:  # only white space or normalization differs
        return f"{_short(change.old)} → {_short(change.new)}"
    return "; ".join(runs[:3]) + (f" (and {len(runs) - 3} more)" if len(runs) > 3 else "")


def _short(text: str | None, limit: int = 70) -> str:
    if text is None:
        return "(none)"
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def cache_key(catalog: Catalog, topic: str, language: str, brand: str | None = None,
              layout: str | None = None) -> str:
    """What a built PDF depends on from sign-off: its leaflet's state, nothing else.

    ``records.yaml`` itself never enters a fingerprint: approving ``en`` leaves
    the ``fr`` leaflets current.
    """
    decision = decide(catalog, topic, language, brand, layout)
    approval = decision.state.approval
    signed = (f"{approval.version}|{approval.by}|{approval.role}|{approval.date}"
              if approval is not None and decision.state.approved else "")
    return f"{decision.required}|{decision.draft}|{signed}"


def _format(template: str, **values: str) -> str:
    """Fill ``{name}`` placeholders of a words-file phrase (no other formatting)."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def context(catalog: Catalog, topic, language: str, words: dict[str, str],
            language_name: str, locale: str | None, digit_style: str = "latin",
            brand: str | None = None, layout: str | None = None) -> dict:
    """What the watermark and colophon partials print for ``topic`` in ``language``
    (dates and version numbers in the language's ``digit_style``)."""
    decision = decide(catalog, topic.id, language, brand, layout)
    approval = decision.state.approval
    approved = approval is not None and decision.state.approved
    value = topic.document.data.get("reference") if topic.document is not None else None
    reference = " ".join(str(value).split()) if value else ""
    parts = [reference] if reference else []
    if approved:
        parts.append(_format(words.get("version_n", "version {number}"),
                             number=i18n.digits(str(approval.version), digit_style)))
    # The review dates are printed just above (partials/about.html): the colophon names only
    # what tells two printings apart, and says nothing when there is nothing to tell.
    if parts:
        parts.append(language_name)
    approved_line = ""
    if approved:
        try:
            on = i18n.long_date(date.fromisoformat(approval.date), language, locale)
        except ValueError:
            on = approval.date
        on = i18n.digits(on, digit_style)
        approved_line = _format(words.get("approved_by", "Approved by {name}, {role}, on {date}"),
                                name=approval.by, role=approval.role, date=on)
    mark = words.get("draft_mark", "DRAFT")
    return {
        "draft": decision.draft,
        "status": decision.status,
        "mark": mark,
        "notice": words.get("draft_notice", "Draft — not approved"),
        # Long words get smaller, so the mark stays inside a narrow panel.
        "mark_vw": max(6, min(16, 80 // max(len(mark), 1))),
        "approved_line": approved_line,
        "colophon": " · ".join(parts),
    }


__all__ = [
    "APPROVED",
    "CHANGED",
    "DRAFT",
    "Decision",
    "cache_key",
    "changed_units",
    "context",
    "decide",
    "findings",
]
