"""Benchmark: import a 2,000-item catalogue from Excel (target < 10 s).

Runs in a throw-away database (a temporary GONGKAI_VAR_DIR): loads the demo agencies and the
full demo catalogue, exports it, pads the nine-element file to 2,000 items, empties the catalogue
and times read+validate, preview and apply. Then times the same for the national layout.

    .venv/bin/python bench/catalog_import.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["GONGKAI_VAR_DIR"] = tempfile.mkdtemp(prefix="gk-bench-catalog-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from gongkai.catalog import demo, excel, services  # noqa: E402
from gongkai.catalog.models import Item, Proposal  # noqa: E402
from gongkai.orgs import demo as orgs_demo  # noqa: E402
from gongkai.orgs.models import User  # noqa: E402

TARGET = 2000


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def padded_nine_file() -> bytes:
    wb = load_workbook(io.BytesIO(excel.export_workbook(layout="nine")))
    ws = wb[excel.NINE_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    n = 0
    while len(rows) < TARGET:
        src = list(rows[n % len(rows)])
        n += 1
        src[0] = f"bench-{n:04d}"
        src[2] = 900 + n
        src[4] = f"{src[4] or ''}（补充{n}）"
        rows.append(tuple(src))
        ws.append(src)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed_import(data: bytes, layout: str, actor) -> dict:
    t0 = time.perf_counter()
    parsed = excel.read_workbook(data, layout=layout)
    t1 = time.perf_counter()
    plan = excel.plan_import(parsed)
    t2 = time.perf_counter()
    summary = services.apply_import(plan, actor=actor, filename="bench.xlsx")
    t3 = time.perf_counter()
    return {
        "items": len(parsed.items),
        "read": t1 - t0,
        "plan": t2 - t1,
        "apply": t3 - t2,
        "total": t3 - t0,
        **summary,
    }


def report(label: str, r: dict) -> None:
    print(
        f"{label}: {r['items']} items, read+validate {r['read']:.2f} s, preview {r['plan']:.2f} s, "
        f"apply {r['apply']:.2f} s, total {r['total']:.2f} s "
        f"(added {r['added']}, changed {r['changed']}, removed {r['removed']})"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    orgs_demo.load(stdout=_Quiet(), options={})
    demo.load(stdout=_Quiet(), options={})
    print(
        f"demo catalogue loaded in {time.perf_counter() - t:.2f} s ({Item.objects.count()} items)"
    )
    actor = User.objects.get(username="office")

    data = padded_nine_file()
    Proposal.objects.all().delete()
    Item.objects.all().delete()
    r = timed_import(data, "nine", actor)
    report("nine layout, empty catalogue", r)
    report("nine layout, same file again", timed_import(data, "nine", actor))

    t = time.perf_counter()
    national = excel.export_workbook(layout="national")
    print(
        f"national export of {Item.objects.active().count()} items: {time.perf_counter() - t:.2f} s"
    )
    Item.objects.all().delete()
    report("national layout, empty catalogue", timed_import(national, "national", actor))
    verdict = "OK" if r["total"] < 10 else "SLOWER THAN TARGET"
    print(f"2,000-item import: {r['total']:.2f} s (target < 10 s): {verdict}")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(os.environ["GONGKAI_VAR_DIR"], ignore_errors=True)
