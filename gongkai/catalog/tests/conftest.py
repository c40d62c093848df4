"""Catalogue fixtures: the small demo catalogue on top of the demo agencies."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook


class _Null:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def catalog_demo(db, district, agency, other_agency):
    from gongkai.catalog import demo
    from gongkai.orgs import demo as orgs_demo
    from gongkai.orgs.models import Agency, AgencyLevel

    # The demo departments (without the demo users, which would clash with the personas).
    for i, (code, name, short) in enumerate(orgs_demo.DEPARTMENTS, start=1):
        Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": AgencyLevel.DEPARTMENT,
                "parent": district,
                "uscc": orgs_demo._uscc(100 + i, "11"),
                "order": i,
            },
        )
    demo.load(stdout=_Null(), options={"small": True})


def workbook_cells(data: bytes) -> dict:
    """Every sheet's cell values and merged ranges, for exact comparisons."""
    wb = load_workbook(io.BytesIO(data))
    return {
        ws.title: {
            "cells": [list(row) for row in ws.iter_rows(values_only=True)],
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
        for ws in wb.worksheets
    }
