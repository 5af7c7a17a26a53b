"""The funders' wing: figures per Bezirk, table columns, formatting, charts, exports, views."""
