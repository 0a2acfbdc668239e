"""Editor images placed before they became private were linked by their public media URL
(``/media/editor/…``), which the media view no longer serves: point those texts at the
private URL of each image (``/editeur/images/<pk>/``) and record where each is used."""

import re

from django.conf import settings
from django.db import migrations

#: (app, model, rich-text fields): the texts the editor writes (``editorial.images``).
SOURCES = [
    ("catalog", "Training", ("objectives", "content")),
    ("learning", "Activity", ("body",)),
    ("editorial", "SpacePage", ("intro",)),
    ("editorial", "SpaceNews", ("body",)),
    ("editorial", "Resource", ("body",)),
    ("editorial", "CallForProjects", ("body",)),
]
_URL = re.compile(r"/editeur/images/(\d+)/")


def forwards(apps, schema_editor):
    EditorImage = apps.get_model("editorial", "EditorImage")
    EditorImageUse = apps.get_model("editorial", "EditorImageUse")
    old_to_new = {
        f"{settings.MEDIA_URL}{name}": f"/editeur/images/{pk}/"
        for pk, name in EditorImage.objects.values_list("pk", "file")
        if name
    }
    known = set(EditorImage.objects.values_list("pk", flat=True))
    for app, model_name, fields in SOURCES:
        model = apps.get_model(app, model_name)
        label = f"{app}.{model_name}"
        query = None
        for name in fields:
            for marker in ("/editeur/images/", f"{settings.MEDIA_URL}editor/"):
                condition = model.objects.filter(**{f"{name}__contains": marker})
                query = condition if query is None else query | condition
        uses = []
        for row in query.distinct().iterator(chunk_size=500):
            changed = []
            for name in fields:
                text = getattr(row, name) or ""
                new = text
                for old, url in old_to_new.items():
                    if old in new:
                        new = new.replace(old, url)
                if new != text:
                    setattr(row, name, new)
                    changed.append(name)
                for pk in {int(pk) for pk in _URL.findall(new)} & known:
                    uses.append(EditorImageUse(image_id=pk, source=label, object_id=row.pk))
            if changed:
                model.objects.filter(pk=row.pk).update(**{n: getattr(row, n) for n in changed})
        EditorImageUse.objects.bulk_create(uses, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_editor_image_uses"),
        ("catalog", "0005_publication_review"),
        ("learning", "0005_merge_paths_quiz_review"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
