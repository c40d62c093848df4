"""Load the 22-class 主题分类 taxonomy from data/topics.json (legal-rules.md §5.4)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "topics.json"


def load_topics(apps, schema_editor):
    Topic = apps.get_model("records", "Topic")
    classes = json.loads(DATA.read_text(encoding="utf-8"))["classes"]
    for i, top in enumerate(classes, start=1):
        parent, _ = Topic.objects.update_or_create(
            code=top["code"], defaults={"name": top["name"], "order": i * 100, "parent": None}
        )
        for j, child in enumerate(top["children"], start=1):
            Topic.objects.update_or_create(
                code=child["code"],
                defaults={"name": child["name"], "order": i * 100 + j, "parent": parent},
            )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop)]
