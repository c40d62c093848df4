"""Benchmark: validate and import a large penalty file (XLSX), then export it again.

    GONGKAI_VAR_DIR=/tmp/gk-bench .venv/bin/python bench/publicity_import.py [rows]

Uses its own database in GONGKAI_VAR_DIR (migrated and loaded with the demo agencies).
Prints rows per second for parsing, importing and exporting.
"""

from __future__ import annotations

import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gk-bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from gongkai.orgs.models import Agency, User  # noqa: E402
from gongkai.publicity import exporting, services  # noqa: E402
from gongkai.publicity.masking import staff_row  # noqa: E402
from gongkai.publicity.models import Penalty  # noqa: E402
from gongkai.publicity.standard import make_id_card  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    from gongkai.orgs import demo as orgs_demo

    orgs_demo.load(stdout=io.StringIO(), options={})
    Penalty.objects.all().delete()
    agency = Agency.objects.get(code="scjgj")
    actor = User.objects.get(username="admin")
    rows = []
    for i in range(n):
        rows.append(
            {
                "subject_name": f"张{i}",
                "subject_category": "自然人",
                "id_type": "身份证",
                "id_number": make_id_card(f"310107198{i % 10}0101{i % 1000:03d}"),
                "decision_number": f"示市监处〔2026〕{i + 1}号",
                "violation_type": "销售过期食品",
                "facts": f"当事人住址：示范区幸福路{i}号，电话13800{i % 100000:06d}。",
                "basis": "《中华人民共和国食品安全法》第一百二十四条",
                "categories": "罚款",
                "content": "罚款人民币5000元",
                "fine": "0.5",
                "decided_on": "2026-03-02",
                "agency_name": agency.name,
                "agency_uscc": agency.uscc,
            }
        )
    data = exporting.write_xlsx("penalty", rows)
    start = time.perf_counter()
    result = services.import_file(actor=actor, kind="penalty", filename="bench.xlsx", data=data)
    took = time.perf_counter() - start
    assert len(result.objects) == n
    print(f"import {n} rows: {took:.1f} s ({n / took:,.0f} rows/s), file {len(data) / 1e6:.1f} MB")
    start = time.perf_counter()
    out = exporting.write_xlsx("penalty", (staff_row(p) for p in Penalty.objects.iterator()))
    took = time.perf_counter() - start
    print(f"export {n} rows: {took:.1f} s ({n / took:,.0f} rows/s), file {len(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
