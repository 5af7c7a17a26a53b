"""Writes that touch several models, one module per job: reference data, demo data.

The staff wing's writes (workflow, import) live in `centres.staff`.
"""
