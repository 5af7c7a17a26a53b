"""Open data: the directory's public, real entries as CSV, GeoJSON and Open Referral HSDS 3.0.

What goes out is said once in `records`: published centres and offerings, no demo entries,
and no personal data (who edited or reviewed what, staff accounts). Every download carries its
licence and the day of its data (`licence`). docs/opendata.md describes fields and formats.
"""
