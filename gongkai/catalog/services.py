"""Writes on the catalogue. Each function runs in one transaction and writes one audit event."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import has_role, is_district_office
from gongkai.orgs.models import Agency, Role

from . import rows as R
from .excel import NATIONAL_FIELDS, NINE_FIELDS, Plan
from .models import (
    Carrier,
    Citation,
    DisclosureForm,
    Domain,
    Edition,
    Item,
    Platform,
    Proposal,
    ProposalStatus,
    join_codes,
)

#: Fields an agency may propose changes to (the district office decides).
PROPOSABLE_FIELDS = [
    "level1",
    "level2",
    "content",
    "subject",
    "time_limit_text",
    "partial_note",
    "reason_note",
]


def _require_district_office(actor) -> None:
    if not is_district_office(actor):
        raise PermissionDenied("只有区政务公开办可以维护公开目录。")


def _apply_dict(item: Item, d: dict, fields, *, agencies, domains) -> None:
    """Copy canonical values onto an unsaved or saved item (relations are handled by callers)."""
    for f in fields:
        if f not in d:
            continue
        if f in R.SCALAR_FIELDS:
            setattr(item, f, d[f])
        elif f == "domain":
            item.domain = domains[d["domain"]]
        elif f == "agency":
            item.agency = agencies.get(d["agency"]) if d["agency"] else None
        elif f == "forms":
            item.form_codes = join_codes(d["forms"], DisclosureForm)
        elif f == "carriers":
            item.carrier_codes = join_codes(d["carriers"], Carrier)
    item.level2 = item.level2 or ""


def _next_codes(domains: dict[str, Domain]):
    """Generates unused item codes ``<domain code>-NNNN`` per domain."""
    used = set(Item.objects.values_list("code", flat=True))
    counters: dict[str, int] = {}

    def make(domain_name: str) -> str:
        domain = domains[domain_name]
        n = counters.get(domain.code, 0)
        while True:
            n += 1
            code = f"{domain.code}-{n:04d}"
            if code not in used:
                used.add(code)
                counters[domain.code] = n
                return code

    return make


@transaction.atomic
def apply_import(
    plan: Plan,
    *,
    actor,
    filename: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Apply a previewed import plan. All or nothing; one audit event with the summary."""
    _require_district_office(actor)
    progress = progress or (lambda stage, done, total: None)
    layout = plan.parsed.layout
    fields = NATIONAL_FIELDS if layout == "national" else NINE_FIELDS
    agencies = {a.code: a for a in Agency.objects.all()}

    # Domains first: items refer to them.
    for row in plan.domain_adds:
        Domain.objects.create(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            order=row["order"],
            not_applicable=row["not_applicable"],
            not_applicable_note=row["not_applicable_note"],
        ).agencies.set([agencies[c] for c in row["agencies"]])
    for domain, row, _fields in plan.domain_changes:
        for f in ("code", "kind", "order", "not_applicable", "not_applicable_note"):
            setattr(domain, f, row[f])
        domain.save()
        domain.agencies.set([agencies[c] for c in row["agencies"]])
    domains = {d.name: d for d in Domain.objects.all()}
    platforms = {p.name: p for p in Platform.objects.all()}
    now = timezone.now()

    # New items.
    make_code = _next_codes(domains)
    new_items = []
    for d in plan.adds:
        item = Item(updated_at=now)
        if layout == "national":
            # A new item from the national layout: 公开属性 follows the 公开方式 ticks.
            item.attribute = "proactive" if d["mode_proactive"] else "on_request"
        _apply_dict(item, d, fields + ["agency"], agencies=agencies, domains=domains)
        item.code = d.get("code") or make_code(d["domain"])
        d["code"] = item.code
        new_items.append(item)
    Item.objects.bulk_create(new_items, batch_size=500)
    progress("新增", len(new_items), len(plan.adds))

    # Changed items.
    changed_items = []
    for item, d, _changed in plan.changes:
        _apply_dict(item, d, fields + ["agency"], agencies=agencies, domains=domains)
        item.is_active = True
        item.updated_at = now
        changed_items.append(item)
    update_fields = sorted(
        {
            *[f for f in R.SCALAR_FIELDS if f in fields],
            "domain",
            "agency",
            "form_codes",
            "carrier_codes",
            "is_active",
            "updated_at",
        }
    )
    Item.objects.bulk_update(changed_items, update_fields, batch_size=500)
    progress("修改", len(changed_items), len(plan.changes))

    # Relations: rewrite citations and platforms of every added or changed item.
    touched = [(i, d) for i, d in zip(new_items, plan.adds, strict=True)]
    touched += [(i, d) for (i, d, _c) in plan.changes]
    rewrite_citations = [i.pk for i, d in touched if "citations" in d]
    Citation.objects.filter(item_id__in=rewrite_citations).delete()
    Citation.objects.bulk_create(
        [
            Citation(item=i, order=n, kind=c[0], title=c[1], document_number=c[2], article=c[3])
            for i, d in touched
            if "citations" in d
            for n, c in enumerate(d["citations"])
        ],
        batch_size=1000,
    )
    if "platforms" in fields:
        through = Item.platforms.through
        through.objects.filter(item_id__in=[i.pk for i, _ in touched]).delete()
        through.objects.bulk_create(
            [
                through(item_id=i.pk, platform_id=platforms[name].pk)
                for i, d in touched
                for name in d.get("platforms", [])
            ],
            batch_size=1000,
        )
    progress("关联", len(touched), len(touched))

    # Removed items are withdrawn, not deleted: records and editions still refer to them.
    Item.objects.filter(pk__in=[i.pk for i in plan.removes]).update(is_active=False, updated_at=now)
    summary = plan.summary()
    record_event(
        actor=actor,
        action="catalog.import",
        target_repr=f"公开目录导入 {filename}".strip(),
        after={
            **summary,
            "filename": filename,
            "added_codes": [i.code for i in new_items][:200],
            "changed_codes": [i.code for i in changed_items][:200],
            "removed_codes": [i.code for i in plan.removes][:200],
        },
    )
    return summary


# --- single-item edits --------------------------------------------------------------------------


def _save_item_relations(item: Item, *, citations=None, platforms=None) -> None:
    if citations is not None:
        item.citations.all().delete()
        Citation.objects.bulk_create(
            [
                Citation(
                    item=item, order=n, kind=c[0], title=c[1], document_number=c[2], article=c[3]
                )
                for n, c in enumerate(citations)
            ]
        )
    if platforms is not None:
        item.platforms.set(platforms)


@transaction.atomic
def save_item(
    item: Item, *, actor, citations: list | None = None, platforms=None, action: str = ""
) -> Item:
    """Create or update an item edited in the back office (district office only)."""
    _require_district_office(actor)
    creating = item.pk is None
    before = {} if creating else R.item_to_dict(Item.objects.get(pk=item.pk))
    if creating and not item.code:
        item.code = _next_codes({item.domain.name: item.domain})(item.domain.name)
    item.updated_at = timezone.now()
    item.full_clean()
    item.save()
    _save_item_relations(item, citations=citations, platforms=platforms)
    after = R.item_to_dict(Item.objects.get(pk=item.pk))
    old, new = diff(before, after)
    record_event(
        actor=actor,
        action=action or ("catalog.item.create" if creating else "catalog.item.update"),
        target=item,
        before=old or None,
        after=new,
    )
    return item


@transaction.atomic
def withdraw_item(item: Item, *, actor) -> Item:
    _require_district_office(actor)
    item.is_active = False
    item.updated_at = timezone.now()
    item.save(update_fields=["is_active", "updated_at"])
    record_event(
        actor=actor,
        action="catalog.item.withdraw",
        target=item,
        before={"is_active": True},
        after={"is_active": False},
    )
    return item


@transaction.atomic
def update_domain(domain: Domain, *, actor, agencies=None, **changes) -> Domain:
    _require_district_office(actor)
    before = snapshot(domain)
    before["agencies"] = sorted(domain.agencies.values_list("code", flat=True))
    for f, v in changes.items():
        setattr(domain, f, v)
    if domain.not_applicable and not domain.not_applicable_note.strip():
        raise ValidationError({"not_applicable_note": "标为未涉及的领域须填写未涉及领域事项说明。"})
    domain.full_clean()
    domain.save()
    if agencies is not None:
        domain.agencies.set(agencies)
    after = snapshot(domain)
    after["agencies"] = sorted(domain.agencies.values_list("code", flat=True))
    old, new = diff(before, after)
    record_event(actor=actor, action="catalog.domain.update", target=domain, before=old, after=new)
    return domain


# --- proposals by agencies ---------------------------------------------------------------------


@transaction.atomic
def propose_change(item: Item, *, actor, changes: dict, reason: str) -> Proposal:
    """An agency proposes changes to one of its own items."""
    if item.agency_id is None or not has_role(
        actor, item.agency, Role.CLERK, Role.REVIEWER, Role.HEAD
    ):
        raise PermissionDenied("只能对本单位负责的目录事项提出修改建议。")
    unknown = set(changes) - set(PROPOSABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能建议修改这些字段：{'、'.join(sorted(unknown))}")
    changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changes:
        raise ValidationError("建议内容与现有内容相同。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写修改理由。"})
    proposal = Proposal.objects.create(
        item=item, agency=item.agency, proposed_by=actor, changes=changes, reason=reason.strip()
    )
    record_event(
        actor=actor,
        action="catalog.proposal.create",
        target=proposal,
        before={k: getattr(item, k) for k in changes},
        after={**changes, "reason": proposal.reason},
    )
    return proposal


@transaction.atomic
def decide_proposal(proposal: Proposal, *, actor, accept: bool, note: str = "") -> Proposal:
    _require_district_office(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError("该建议已处理。")
    item = proposal.item
    before = {k: getattr(item, k) for k in proposal.changes}
    if accept:
        for k, v in proposal.changes.items():
            setattr(item, k, v)
        item.updated_at = timezone.now()
        item.full_clean()
        item.save()
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save()
    record_event(
        actor=actor,
        action="catalog.proposal.accept" if accept else "catalog.proposal.reject",
        target=proposal,
        before=before,
        after={**(proposal.changes if accept else before), "note": note},
    )
    return proposal


# --- editions ----------------------------------------------------------------------------------


def catalogue_snapshot() -> dict:
    """Every domain and active item in canonical form, for an edition."""
    from .excel import current_items

    domains = [
        {
            "code": d.code,
            "name": d.name,
            "kind": d.kind,
            "order": d.order,
            "not_applicable": d.not_applicable,
            "not_applicable_note": d.not_applicable_note,
        }
        for d in Domain.objects.all()
    ]
    items = {i.code: R.item_to_dict(i) for i in current_items()}
    return {"domains": domains, "items": items}


def compare_snapshots(old: dict, new: dict) -> list[dict]:
    """Item-by-item changes between two snapshots."""
    old_items, new_items = old.get("items", {}), new.get("items", {})
    changes = []
    for code, d in new_items.items():
        title = f"{d['domain']}：{d['level1']}" + (f" / {d['level2']}" if d["level2"] else "")
        if code not in old_items:
            changes.append({"code": code, "change": "added", "title": title, "fields": []})
            continue
        fields = [R.FIELD_LABELS[f] for f in R.FIELD_LABELS if old_items[code].get(f) != d.get(f)]
        if fields:
            changes.append({"code": code, "change": "changed", "title": title, "fields": fields})
    for code, d in old_items.items():
        if code not in new_items:
            title = f"{d['domain']}：{d['level1']}" + (f" / {d['level2']}" if d["level2"] else "")
            changes.append({"code": code, "change": "removed", "title": title, "fields": []})
    return changes


@transaction.atomic
def publish_edition(
    *, actor, number: str, title: str, effective_on: datetime.date, note: str = ""
) -> Edition:
    """Freeze the current catalogue as an edition, with its changes since the previous one."""
    _require_district_office(actor)
    if Edition.objects.filter(number=number).exists():
        raise ValidationError({"number": f"版本号“{number}”已存在。"})
    previous = Edition.objects.order_by("-effective_on", "-id").first()
    snap = catalogue_snapshot()
    # The first edition has nothing to compare with: its change list stays empty.
    changes = compare_snapshots(previous.snapshot, snap) if previous else []
    edition = Edition.objects.create(
        number=number,
        title=title,
        effective_on=effective_on,
        published_by=actor if getattr(actor, "pk", None) else None,
        note=note,
        snapshot=snap,
        changes=changes,
    )
    record_event(
        actor=actor,
        action="catalog.edition.publish",
        target=edition,
        after={
            "number": number,
            "effective_on": effective_on,
            "items": len(snap["items"]),
            "changes": len(changes),
        },
    )
    return edition
