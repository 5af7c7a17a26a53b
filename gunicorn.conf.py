"""gunicorn's settings for this project; gunicorn reads this file from its working directory.

gunicorn is how production runs (Dockerfile, docs/deploy.md), so it refuses to start with DEBUG
on: DEBUG is on unless DEBUG=0 is set (a developer's default), and a forgotten variable must not
put tracebacks and settings on the public site. Developers use `manage.py runserver`.
"""

from stadtteilzentren.settings import env_bool

if env_bool("DEBUG", True):
    raise SystemExit(
        "gunicorn will not serve this site with DEBUG on: set DEBUG=0 (docs/deploy.md)."
    )

# A worker stuck longer than this is killed and replaced; pages answer within seconds, and the
# database's own timeouts (DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT) end a hang first.
timeout = 30
graceful_timeout = 20
