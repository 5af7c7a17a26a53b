"""The staff wing: who may edit what, roles, import/export, admin forms, photos, workflow.

`centres/admin.py` registers the ModelAdmins; everything they decide is asked here.
"""
