# Production image: gunicorn serving the directory, WhiteNoise serving the collected static files.
# Configure it with environment variables only (docs/deploy.md), e.g.
#   docker build -t stadtteilzentren .
#   docker run -e SECRET_KEY=… -e ALLOWED_HOSTS=… -e DATABASE_URL=postgres://… -p 8000:8000 stadtteilzentren
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=0 \
    PORT=8000 \
    WEB_CONCURRENCY=3 \
    MEDIA_ROOT=/data/media

WORKDIR /app

# Installed editable from /app, so settings' BASE_DIR is /app and finds templates/, static/ and
# fixtures/ beside the code; the lock pins every dependency to the versions the tests ran with.
COPY . .
RUN pip install -c requirements.lock -e .

# Only collectstatic runs with this key: settings refuse to start with DEBUG=0 and no SECRET_KEY,
# and this step needs no real one. The running container must be given its own.
ARG COLLECTSTATIC_SECRET_KEY=collectstatic-only-not-a-secret
RUN SECRET_KEY="$COLLECTSTATIC_SECRET_KEY" python manage.py collectstatic --noinput

# The code stays root-owned and read-only for the app user; only uploads are writable.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data/media \
    && chown -R app:app /data
USER app
VOLUME ["/data"]

EXPOSE 8000
# Liveness only (/livez/ touches no database and needs no Host from ALLOWED_HOSTS): a database
# outage must not make the platform restart healthy containers. Readiness: /healthz/.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["sh", "-c", "python -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:${PORT}/livez/', timeout=4)\""]
# gunicorn takes the number of workers from WEB_CONCURRENCY and reads gunicorn.conf.py from /app,
# which refuses to start unless DEBUG=0 (set above, and again here so an env file cannot undo it).
CMD ["sh", "-c", "exec env DEBUG=0 gunicorn stadtteilzentren.wsgi --bind 0.0.0.0:${PORT} --error-logfile -"]
