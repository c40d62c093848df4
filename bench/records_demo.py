"""Benchmark of the records slice: full demo load time (target ≤ 40 s) and public listing speed.

Runs against a fresh SQLite database in a temporary directory:

    .venv/bin/python bench/records_demo.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time

tmp = tempfile.mkdtemp(prefix="gk-bench-records-")
os.environ["GONGKAI_VAR_DIR"] = tmp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ["DEBUG"] = "true"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from gongkai.orgs import demo as orgs_demo  # noqa: E402
from gongkai.records import demo as records_demo  # noqa: E402
from gongkai.records.models import Record  # noqa: E402

call_command("migrate", verbosity=0)
out = io.StringIO()
orgs_demo.load(stdout=out, options={})
start = time.perf_counter()
records_demo.load(stdout=out, options={})
load_s = time.perf_counter() - start
print(
    f"records demo load: {load_s:.1f} s ({Record.objects.count()} records, "
    f"{Record.objects.public().count()} public)"
)

client = Client(HTTP_HOST="127.0.0.1")
for url in [
    "/policies/",
    "/policies/?per_page=100",
    "/policies/?type=normative&year=2026",
    "/open/mzj/",
    "/open/mzj/news/",
]:
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - start) * 1000
    print(f"GET {url}: {response.status_code} in {ms:.0f} ms, {len(queries)} queries")
record = Record.objects.public().order_by("?").first()
with CaptureQueriesContext(connection) as queries:
    start = time.perf_counter()
    response = client.get(record.get_absolute_url())
    ms = (time.perf_counter() - start) * 1000
print(f"GET record page: {response.status_code} in {ms:.0f} ms, {len(queries)} queries")
