"""Opening hours and offering times become one abstract WeeklySlot (weekday, opens, closes).

Offering times' `starts`/`ends` are renamed, not dropped: stored times and their history stay.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0006_history_baseline"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="offeringtime", name="centres_offeringtime_end_after_start"
        ),
        migrations.RemoveConstraint(
            model_name="offeringtime", name="centres_offeringtime_unique_start"
        ),
        migrations.RenameField(model_name="offeringtime", old_name="starts", new_name="opens"),
        migrations.RenameField(model_name="offeringtime", old_name="ends", new_name="closes"),
        migrations.RenameField(
            model_name="historicalofferingtime", old_name="starts", new_name="opens"
        ),
        migrations.RenameField(
            model_name="historicalofferingtime", old_name="ends", new_name="closes"
        ),

        migrations.AlterModelOptions(
            name='offeringtime',
            options={'ordering': ['weekday', 'opens'], 'verbose_name': 'Termin', 'verbose_name_plural': 'Termine'},
        ),
        migrations.AlterField(
            model_name='historicalofferingtime',
            name='closes',
            field=models.TimeField(verbose_name='bis'),
        ),
        migrations.AlterField(
            model_name='historicalofferingtime',
            name='opens',
            field=models.TimeField(verbose_name='von'),
        ),
        migrations.AlterField(
            model_name='historicalopeninghours',
            name='closes',
            field=models.TimeField(verbose_name='bis'),
        ),
        migrations.AlterField(
            model_name='historicalopeninghours',
            name='opens',
            field=models.TimeField(verbose_name='von'),
        ),
        migrations.AlterField(
            model_name='historicalopeninghours',
            name='weekday',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Montag'), (2, 'Dienstag'), (3, 'Mittwoch'), (4, 'Donnerstag'), (5, 'Freitag'), (6, 'Samstag'), (7, 'Sonntag')], db_index=True, verbose_name='Wochentag'),
        ),
        migrations.AlterField(
            model_name='offeringtime',
            name='closes',
            field=models.TimeField(verbose_name='bis'),
        ),
        migrations.AlterField(
            model_name='offeringtime',
            name='opens',
            field=models.TimeField(verbose_name='von'),
        ),
        migrations.AlterField(
            model_name='openinghours',
            name='closes',
            field=models.TimeField(verbose_name='bis'),
        ),
        migrations.AlterField(
            model_name='openinghours',
            name='opens',
            field=models.TimeField(verbose_name='von'),
        ),
        migrations.AlterField(
            model_name='openinghours',
            name='weekday',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Montag'), (2, 'Dienstag'), (3, 'Mittwoch'), (4, 'Donnerstag'), (5, 'Freitag'), (6, 'Samstag'), (7, 'Sonntag')], db_index=True, verbose_name='Wochentag'),
        ),
        migrations.AddConstraint(
            model_name='offeringtime',
            constraint=models.CheckConstraint(condition=models.Q(('closes__gt', models.F('opens'))), name='centres_offeringtime_closes_after_opens'),
        ),
        migrations.AddConstraint(
            model_name='offeringtime',
            constraint=models.UniqueConstraint(fields=('offering', 'weekday', 'opens'), name='centres_offeringtime_unique_start'),
        ),
    ]
