"""Placeholder contact details on a brand that is meant to be real.

Owns: spotting, on a brand without ``sample: true``, the sample contact
details that ship with brochures (a brand copied from ``default`` keeps
"1 High Street, Yourtown" unnoticed) and the domains reserved for examples
(``.example``, ``example.com``, ``example.org``, ``example.net``). Each is a
warning naming the brand file and line; ``--strict`` refuses them.
"""

from __future__ import annotations

import re

from brochures.errors import Report
from brochures.inputs.project import Project
from brochures.inputs.yamlio import Document
from brochures.model import Brand

_EXAMPLE_DOMAIN = re.compile(r"(?:^|[@./])(?:[\w-]+\.)*(?:example|example\.(?:com|org|net))"
                             r"(?=$|[/:?#>\s])", re.IGNORECASE)


def shipped_samples(brands: dict[str, Document]) -> dict[str, str]:
    """The contact values of the sample brands that ship with brochures, by value
    (``brands``: their brand.yaml by brand id, as the catalog loaded them)."""
    found: dict[str, str] = {}
    for brand_id, doc in sorted(brands.items()):
        if doc.data.get("sample") is not True:
            continue
        for value in (doc.data.get("contact") or {}).values():
            if isinstance(value, str) and value.strip():
                found[" ".join(value.split()).lower()] = brand_id
    return found


def check_sample(project: Project, brand: Brand, report: Report,
                 samples: dict[str, str] | None = None) -> None:
    """A warning for each sample value or example domain in a brand that is not a sample."""
    if brand.sample:
        return
    samples = samples or {}
    where = brand.document
    for key, value in brand.contact.items():
        if not value:
            continue
        location = where.at("contact", key) if where else None
        shipped = samples.get(" ".join(value.split()).lower())
        if shipped:
            report.warning("sample-contact", f"brand '{brand.id}': contact '{key}' is "
                           f"{value!r}, the sample value of the '{shipped}' brand that ships "
                           "with brochures; write your clinic's own (or set 'sample: true')",
                           location)
        elif _EXAMPLE_DOMAIN.search(value):
            report.warning("sample-contact", f"brand '{brand.id}': contact '{key}' is "
                           f"{value!r}, an example domain that reaches nobody; write your "
                           "clinic's own (or set 'sample: true')", location)
