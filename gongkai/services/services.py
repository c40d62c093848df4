"""Staff writes of the 办事服务 slice: guides and service points. Each runs in one transaction,
checks the actor's role in the object's agency and leaves exactly one audit event."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import diff, record_event, snapshot
from gongkai.orgs.access import require_role
from gongkai.orgs.models import AgencyLevel

from . import geo
from .elements import missing_elements
from .models import (
    LAT_RANGE,
    LON_RANGE,
    CoordinateSystem,
    Guide,
    GuideMaterial,
    GuideRevision,
    GuideState,
    MaterialForm,
    ServicePoint,
)

EDIT_ROLES = ("clerk", "reviewer", "head")
PUBLISH_ROLES = ("reviewer", "head")

GUIDE_FIELDS = [
    "name",
    "code",
    "item_type",
    "basis",
    "conditions",
    "process",
    "statutory_days",
    "statutory_note",
    "promised_days",
    "fee",
    "fee_basis",
    "location",
    "office_hours",
    "consultation",
    "complaint",
    "result",
    "plain_summary",
    "plain_steps",
    "licence_certificate",
]
POINT_FIELDS = [
    "name",
    "kind",
    "subdistrict",
    "address",
    "opening_hours",
    "phone",
    "services",
    "is_active",
]


def _guide_state(guide: Guide) -> dict:
    data = snapshot(guide, ["agency_id", *GUIDE_FIELDS, "state"])
    data["materials"] = [m.as_dict() for m in guide.materials.all()]
    data["points"] = sorted(guide.points.values_list("pk", flat=True))
    return data


def _clean_materials(rows) -> list[GuideMaterial]:
    """Material rows from dicts; a row without a name is skipped only when it is entirely empty."""
    materials, errors = [], []
    for i, row in enumerate(rows, start=1):
        name = str(row.get("name") or "").strip()
        form = row.get("form") or ""
        note = str(row.get("note") or "").strip()
        if not name and not note and not form:
            continue
        if not name:
            errors.append(f"办理材料第{i}行：请填写材料名称。")
        if form not in MaterialForm.values:
            errors.append(f"办理材料第{i}行：材料形式应为原件、复印件、原件和复印件或电子材料。")
        try:
            copies = int(row.get("copies") or 1)
        except (TypeError, ValueError):
            copies = 0
        if not 1 <= copies <= 99:
            errors.append(f"办理材料第{i}行：份数应为 1 到 99 之间的整数。")
        materials.append(
            GuideMaterial(
                order=len(materials) + 1,
                name=name[:200],
                form=form,
                copies=copies,
                required=bool(row.get("required", True)),
                note=note[:300],
            )
        )
    if errors:
        raise ValidationError({"materials": errors})
    return materials


def _apply_guide_data(guide: Guide, data: dict) -> None:
    for name in GUIDE_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(guide, name, value)
    errors: dict[str, list[str]] = {}
    if not guide.name:
        errors.setdefault("name", []).append("请填写事项名称。")
    if (
        guide.statutory_days is not None
        and guide.promised_days is not None
        and guide.promised_days > guide.statutory_days
    ):
        errors.setdefault("promised_days", []).append(
            f"承诺时限（{guide.promised_days}个工作日）不能长于法定时限（{guide.statutory_days}个工作日）。"
        )
    clash = Guide.objects.filter(agency=guide.agency, name=guide.name).exclude(pk=guide.pk)
    if guide.name and clash.exists():
        errors.setdefault("name", []).append(
            f"{guide.agency.name}已有名为“{guide.name}”的办事指南。"
        )
    try:
        guide.full_clean(
            exclude=["agency", "created_by", "edited_by", "points", "state"], validate_unique=False
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _check_points(guide: Guide, points) -> list[ServicePoint]:
    points = list(points or [])
    inactive = [p.name for p in points if not p.is_active]
    if inactive:
        raise ValidationError({"points": f"办理网点已停用：{'、'.join(inactive)}"})
    return points


def _save_children(guide: Guide, materials: list[GuideMaterial], points) -> None:
    guide.materials.all().delete()
    for m in materials:
        m.guide = guide
    GuideMaterial.objects.bulk_create(materials)
    guide.points.set(points)


def _refuse_incomplete(guide: Guide, verb: str) -> None:
    missing = missing_elements(guide)
    if missing:
        raise ValidationError(
            f"办事指南缺少以下要素，不能{verb}：{'、'.join(e.label for e in missing)}。"
        )


@transaction.atomic
def create_guide(*, actor, agency, data: dict, materials=(), points=()) -> Guide:
    """Register a draft guide for `agency`."""
    require_role(actor, agency, *EDIT_ROLES)
    author = actor if getattr(actor, "pk", None) else None
    guide = Guide(agency=agency, created_by=author, edited_by=author)
    _apply_guide_data(guide, data)
    rows = _clean_materials(materials)
    points = _check_points(guide, points)
    guide.save()
    _save_children(guide, rows, points)
    record_event(
        actor=actor, action="services.guide.create", target=guide, after=_guide_state(guide)
    )
    return guide


@transaction.atomic
def update_guide(guide: Guide, *, actor, data: dict, materials=None, points=None) -> Guide:
    """Change a guide. A draft or withdrawn guide changes at once. A published guide stays on
    view exactly as approved: the change is kept as its pending revision (`_revise`) until a
    审核人 or 机构负责人 other than its author approves it (`approve_guide_revision`)."""
    require_role(actor, guide.agency, *EDIT_ROLES)
    guide = Guide.objects.select_for_update().select_related("agency").get(pk=guide.pk)
    if guide.state == GuideState.PUBLISHED:
        return _revise(guide, actor=actor, data=data, materials=materials, points=points)
    before = _guide_state(guide)
    _apply_guide_data(guide, data)
    rows = _clean_materials(materials) if materials is not None else None
    points = _check_points(guide, points) if points is not None else None
    if getattr(actor, "pk", None):
        guide.edited_by = actor
    guide.save()
    if rows is not None or points is not None:
        _save_children(
            guide,
            rows if rows is not None else list(guide.materials.all()),
            points if points is not None else list(guide.points.all()),
        )
    guide = Guide.objects.select_related("agency").get(pk=guide.pk)
    old, new = diff(before, _guide_state(guide))
    record_event(actor=actor, action="services.guide.update", target=guide, before=old, after=new)
    return guide


# -- changes to a published guide ----------------------------------------------------------------


class _Rows(list):
    """A list that answers `.all()`, so `missing_elements` can read proposed rows."""

    def all(self):
        return self


def revision_state(guide: Guide, revision: GuideRevision) -> dict:
    """The guide as the revision would leave it, in the shape of its audit snapshot."""
    return {
        "agency_id": guide.agency_id,
        **{name: revision.data.get(name) for name in GUIDE_FIELDS},
        "state": guide.state,
        "materials": list(revision.materials),
        "points": sorted(revision.points),
    }


def revision_changes(guide: Guide, revision: GuideRevision) -> tuple[dict, dict]:
    """(published values, proposed values) of the fields the revision changes."""
    return diff(_guide_state(guide), revision_state(guide, revision))


def _revise(guide: Guide, *, actor, data: dict, materials, points) -> Guide:
    """Keep a change to the published `guide` as its pending revision (validated as if it were
    saved: a complete guide, a unique name, active points). Nothing public changes."""
    published = _guide_state(guide)
    revision = GuideRevision.objects.select_for_update().filter(guide=guide).first()
    base = revision_state(guide, revision) if revision else published
    proposed = Guide(
        pk=guide.pk,
        agency=guide.agency,
        state=guide.state,
        **{name: base[name] for name in GUIDE_FIELDS},
    )
    _apply_guide_data(proposed, data)
    rows = _clean_materials(materials if materials is not None else base["materials"])
    if points is not None:
        chosen = _check_points(proposed, points)
    else:
        chosen = list(ServicePoint.objects.filter(pk__in=base["points"]))
    view = SimpleNamespace(
        **{name: getattr(proposed, name) for name in GUIDE_FIELDS},
        pk=guide.pk,
        materials=_Rows(rows),
        points=_Rows(chosen),
    )
    missing = missing_elements(view)
    if missing:
        raise ValidationError(
            f"办事指南缺少以下要素，不能保存已发布的指南：{'、'.join(e.label for e in missing)}。"
        )
    after = {
        **snapshot(proposed, ["agency_id", *GUIDE_FIELDS, "state"]),
        "materials": [m.as_dict() for m in rows],
        "points": sorted(p.pk for p in chosen),
    }
    old, new = diff(published, after)
    if not new:
        raise ValidationError("与已发布的版本相比没有修改，无需审核。")
    GuideRevision.objects.update_or_create(
        guide=guide,
        defaults={
            "data": {name: after[name] for name in GUIDE_FIELDS},
            "materials": after["materials"],
            "points": after["points"],
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
    )
    record_event(actor=actor, action="services.guide.revise", target=guide, before=old, after=new)
    return guide


def _pending(guide: Guide) -> GuideRevision:
    revision = (
        GuideRevision.objects.select_for_update()
        .select_related("submitted_by")
        .filter(guide=guide)
        .first()
    )
    if revision is None:
        raise ValidationError("该办事指南没有待审核的修改。")
    return revision


@transaction.atomic
def approve_guide_revision(guide: Guide, *, actor) -> Guide:
    """Put the pending change of a published guide on public view (审核人 or 机构负责人, not the
    author of the change)."""
    require_role(actor, guide.agency, *PUBLISH_ROLES)
    guide = Guide.objects.select_for_update().select_related("agency").get(pk=guide.pk)
    revision = _pending(guide)
    if revision.submitted_by_id == getattr(actor, "pk", None):
        raise PermissionDenied("不能审核自己提交的修改，请由本机构其他审核人或机构负责人审核。")
    if guide.state != GuideState.PUBLISHED:
        raise ValidationError("只有已发布的办事指南的修改需要审核。")
    before = _guide_state(guide)
    _apply_guide_data(guide, revision.data)
    rows = _clean_materials(revision.materials)
    points = _check_points(guide, ServicePoint.objects.filter(pk__in=revision.points))
    guide.save()
    _save_children(guide, rows, points)
    guide = Guide.objects.select_related("agency").get(pk=guide.pk)
    _refuse_incomplete(guide, "使修改生效")
    submitted_by = revision.submitted_by_id
    revision.delete()
    old, new = diff(before, _guide_state(guide))
    new["submitted_by"] = submitted_by
    record_event(
        actor=actor,
        action="services.guide.revision_approve",
        target=guide,
        before=old,
        after=new,
    )
    return guide


@transaction.atomic
def discard_guide_revision(guide: Guide, *, actor, note: str = "") -> Guide:
    """Drop the pending change of a published guide (its author taking it back, or a reviewer
    declining it, with a note); the published version is untouched."""
    require_role(actor, guide.agency, *EDIT_ROLES)
    guide = Guide.objects.select_for_update().select_related("agency").get(pk=guide.pk)
    revision = _pending(guide)
    old, new = diff(_guide_state(guide), revision_state(guide, revision))
    submitted_by = revision.submitted_by_id
    revision.delete()
    record_event(
        actor=actor,
        action="services.guide.revision_discard",
        target=guide,
        before=old,
        after={**new, "submitted_by": submitted_by, "note": (note or "").strip()},
    )
    return guide


@transaction.atomic
def publish_guide(guide: Guide, *, actor) -> Guide:
    """Put a complete guide on public view (审核人 or 机构负责人 other than the person who created
    it or made its last change, as for a change to a published guide)."""
    require_role(actor, guide.agency, *PUBLISH_ROLES)
    guide = Guide.objects.select_for_update().select_related("agency").get(pk=guide.pk)
    if guide.state == GuideState.PUBLISHED:
        raise ValidationError("该办事指南已发布。")
    if not guide.may_publish(actor):
        raise PermissionDenied(
            "不能发布自己编写的办事指南（由您创建或最后修改），请由本机构其他审核人或机构负责人发布。"
        )
    _refuse_incomplete(guide, "发布")
    before = {"state": guide.state}
    guide.state = GuideState.PUBLISHED
    guide.published_at = timezone.now()
    guide.save(update_fields=["state", "published_at", "updated_at"])
    record_event(
        actor=actor,
        action="services.guide.publish",
        target=guide,
        before=before,
        after={"state": guide.state, "published_at": guide.published_at},
    )
    return guide


@transaction.atomic
def withdraw_guide(guide: Guide, *, actor, reason: str) -> Guide:
    """Take a guide off public view, with the reason kept in the audit log."""
    require_role(actor, guide.agency, *PUBLISH_ROLES)
    guide = Guide.objects.select_for_update().select_related("agency").get(pk=guide.pk)
    if guide.state != GuideState.PUBLISHED:
        raise ValidationError("只有已发布的办事指南可以撤下。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤下原因。"})
    guide.state = GuideState.WITHDRAWN
    guide.save(update_fields=["state", "updated_at"])
    after = {"state": guide.state, "reason": reason}
    # A pending change was made to the published version; once withdrawn, the guide is edited
    # directly again, so the change is dropped with it.
    if GuideRevision.objects.filter(guide=guide).delete()[0]:
        after["revision_discarded"] = True
    record_event(
        actor=actor,
        action="services.guide.withdraw",
        target=guide,
        before={"state": GuideState.PUBLISHED},
        after=after,
    )
    return guide


# -- service points -----------------------------------------------------------------------------


def _coordinate(data: dict, name: str, label: str, bounds, errors) -> Decimal | None:
    raw = data.get(name)
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, TypeError, ValueError):
        errors.setdefault(name, []).append(f"{label}应为数字（十进制度），如 121.475000。")
        return None
    if not bounds[0] <= value <= bounds[1]:
        errors.setdefault(name, []).append(
            f"{label} {value} 不在我国范围（{bounds[0]}—{bounds[1]}）内，请检查是否填反了经纬度。"
        )
        return None
    return value


def _apply_point_data(point: ServicePoint, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    for name in POINT_FIELDS:
        if name in data:
            value = data[name]
            setattr(point, name, value.strip() if isinstance(value, str) else value)
    if "lon" in data or "lat" in data:
        lon = _coordinate(data, "lon", "经度", LON_RANGE, errors)
        lat = _coordinate(data, "lat", "纬度", LAT_RANGE, errors)
        system = data.get("entered_in") or CoordinateSystem.WGS84
        if system not in CoordinateSystem.values:
            errors.setdefault("entered_in", []).append("坐标系应为 WGS84 或 GCJ-02。")
        elif lon is not None and lat is not None:
            if system == CoordinateSystem.GCJ02:
                wlon, wlat = geo.gcj02_to_wgs84(float(lon), float(lat))
                lon, lat = geo.to_decimal(wlon), geo.to_decimal(wlat)
            point.lon, point.lat, point.entered_in = lon, lat, system
    subdistrict = getattr(point, "subdistrict", None) if point.subdistrict_id else None
    if subdistrict is not None and subdistrict.level != AgencyLevel.SUBDISTRICT:
        errors.setdefault("subdistrict", []).append("所在街镇应为街道办事处或镇人民政府。")
    if not errors:
        try:
            point.full_clean(exclude=["agency"], validate_unique=False)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    clash = ServicePoint.objects.filter(agency=point.agency, name=point.name).exclude(pk=point.pk)
    if point.name and clash.exists():
        errors.setdefault("name", []).append(f"{point.agency.name}已有名为“{point.name}”的网点。")
    if errors:
        raise ValidationError(errors)


def _point_state(point: ServicePoint) -> dict:
    return snapshot(
        point,
        [
            "agency_id",
            "name",
            "kind",
            "subdistrict_id",
            "address",
            "opening_hours",
            "phone",
            "services",
            "is_active",
            "lon",
            "lat",
            "entered_in",
        ],
    )


@transaction.atomic
def create_point(*, actor, agency, data: dict) -> ServicePoint:
    require_role(actor, agency, *EDIT_ROLES)
    point = ServicePoint(agency=agency)
    _apply_point_data(point, data)
    point.save()
    record_event(
        actor=actor, action="services.point.create", target=point, after=_point_state(point)
    )
    return point


@transaction.atomic
def update_point(point: ServicePoint, *, actor, data: dict) -> ServicePoint:
    require_role(actor, point.agency, *EDIT_ROLES)
    point = ServicePoint.objects.select_for_update().select_related("agency").get(pk=point.pk)
    before = _point_state(point)
    _apply_point_data(point, data)
    point.save()
    old, new = diff(before, _point_state(point))
    record_event(actor=actor, action="services.point.update", target=point, before=old, after=new)
    return point
