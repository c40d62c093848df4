"""Benchmark of the applications slice: full demo load, recomputation of every open deadline,
and the work-queue page. Prints its figures.

Run against a scratch database:
    DEBUG=true GONGKAI_VAR_DIR=/tmp/gk-bench .venv/bin/python bench/applications.py
"""

from __future__ import annotations

import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from gongkai.applications import demo, services  # noqa: E402
from gongkai.applications.models import Application  # noqa: E402
from gongkai.orgs import demo as orgs_demo  # noqa: E402
from gongkai.orgs.models import User  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    orgs_demo.load(stdout=io.StringIO(), options={})
    t = time.perf_counter()
    demo.load(stdout=io.StringIO(), options={})
    print(
        f"demo load: {time.perf_counter() - t:.2f} s ({Application.objects.count()} applications)"
    )
    t = time.perf_counter()
    changed = services.recompute()
    print(
        f"recompute open deadlines: {time.perf_counter() - t:.2f} s "
        f"({Application.objects.open().count()} open, {changed} changed)"
    )
    client = Client()
    client.force_login(User.objects.get(username="office"))
    for url in ["/staff/applications/", "/staff/applications/?bucket=closed&sort=received"]:
        t = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        ms = (time.perf_counter() - t) * 1000
        print(f"GET {url}: {response.status_code} in {ms:.0f} ms")


if __name__ == "__main__":
    main()
