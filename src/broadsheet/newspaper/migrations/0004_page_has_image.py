from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newspaper", "0003_text_quality_ocr"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="has_image",
            field=models.BooleanField(default=True),
        ),
    ]
