"""Superseded by 0004: this migration once replaced the GIN index with a RUM index (the ``rum``
extension) to rank in the index. Ranking no longer scores every match, so the GIN index is
enough and the extension is not needed; 0004 undoes what this did where it ran. Nothing
happens here any more.
"""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_fulltext")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
