"""deploy/: the compose file and the Kubernetes manifests are valid against their schemas
(offline: kubernetes-validate ships the Kubernetes API's, the compose specification's is
vendored in deploy/schema/), and say what the app expects (docs/deploy.md)."""

from __future__ import annotations

import json
import re

import jsonschema
import kubernetes_validate
import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from stadtteilzentren.settings import BASE_DIR

DEPLOY = BASE_DIR / "deploy"
MANIFESTS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
# The oldest Kubernetes release the manifests are written for (CronJob's timeZone: 1.27).
KUBERNETES_VERSION = "1.30.0"


def documents() -> list[dict]:
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text()) if doc]


def of_kind(kind: str) -> list[dict]:
    return [doc for doc in documents() if doc["kind"] == kind]


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def nginx_conf() -> str:
    return (DEPLOY / "nginx" / "nginx.conf").read_text()


# --- Kubernetes ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_each_manifest_is_valid_against_the_kubernetes_schema(path):
    for document in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_a_wrong_type_or_a_misspelt_field_is_refused():
    wrong_type = of_kind("Deployment")[0]
    wrong_type["spec"]["replicas"] = "two"
    misspelt = of_kind("Deployment")[0]
    misspelt["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}

    for manifest in (wrong_type, misspelt):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_the_manifests_hold_every_part_of_a_deployment():
    kinds = {doc["kind"] for doc in documents()}

    assert {
        "ConfigMap",
        "Secret",
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "Job",
        "CronJob",
    } <= kinds


def test_the_app_is_ready_with_healthz_and_alive_with_livez_on_its_port():
    container = of_kind("Deployment")[0]["spec"]["template"]["spec"]["containers"][0]

    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz/"
    assert container["livenessProbe"]["httpGet"]["path"] == "/livez/"
    assert container["ports"][0]["containerPort"] == 8000  # the image's PORT


def test_the_service_and_autoscaler_point_at_the_deployment():
    deployment = of_kind("Deployment")[0]
    service = of_kind("Service")[0]
    autoscaler = of_kind("HorizontalPodAutoscaler")[0]
    labels = deployment["spec"]["template"]["metadata"]["labels"]

    assert service["spec"]["selector"].items() <= labels.items()
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert autoscaler["spec"]["minReplicas"] >= 2


def test_the_migration_job_migrates_and_the_daily_job_refreshes_what_is_public():
    job = of_kind("Job")[0]["spec"]["template"]["spec"]["containers"][0]
    cron = of_kind("CronJob")[0]
    daily = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]

    assert "manage.py migrate --noinput" in " ".join(job["command"])
    assert daily["command"] == ["python", "manage.py", "refresh_public"]
    assert cron["spec"]["schedule"] == "5 0 * * *"
    assert cron["spec"]["timeZone"] == "Europe/Berlin"


def test_a_daily_job_deletes_the_residents_messages_closed_long_ago():
    (purge,) = [
        cron
        for cron in of_kind("CronJob")
        if cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"]
        == ["python", "manage.py", "inbox_purge"]
    ]

    assert purge["spec"]["schedule"] == "35 0 * * *"
    assert purge["spec"]["concurrencyPolicy"] == "Forbid"


def test_a_job_every_five_minutes_keeps_the_order_by_next_occurrence_exact():
    (cron,) = [
        cron
        for cron in of_kind("CronJob")
        if cron["metadata"]["name"] == "stadtteilzentren-refresh-order"
    ]
    order = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]

    assert order["command"] == ["python", "manage.py", "refresh_public", "--order"]
    assert cron["spec"]["schedule"] == "*/5 * * * *"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"


def manage_py_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py\W+(\w+)", text))


def test_every_command_the_deploy_files_run_exists():
    named = set()
    for path in [*MANIFESTS, DEPLOY / "compose.yaml"]:
        named |= manage_py_commands(path.read_text())

    missing = named - set(get_commands())
    assert {"migrate", "load_reference_data"} <= named
    assert missing == set()


def variables_read() -> set[str]:
    """Every environment variable the settings, the image or boto3 read."""
    source = (BASE_DIR / "stadtteilzentren" / "settings.py").read_text()
    read = set(re.findall(r'(?:environ\.get|env_bool|env_int|env_list)\(\s*"(\w+)"', source))
    # The image's own (Dockerfile): gunicorn reads WEB_CONCURRENCY, its command PORT.
    read |= {"PORT", "WEB_CONCURRENCY"}
    # boto3's credentials for the object storage.
    return read | {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def test_the_configmap_and_secret_set_only_variables_the_app_reads():
    config = of_kind("ConfigMap")[0]["data"]
    secret = of_kind("Secret")[0]["stringData"]

    unknown = (set(config) | set(secret)) - variables_read()
    assert unknown == set()
    assert config["DEBUG"] == "0"
    assert int(config["MAX_REQUEST_BODY_BYTES"]) == settings.MAX_REQUEST_BODY_BYTES


# --- docker compose -----------------------------------------------------------------------


def compose_schema() -> dict:
    return json.loads((DEPLOY / "schema" / "compose-spec.json").read_text())


def test_the_compose_file_is_valid_against_the_compose_specification():
    validator = jsonschema.Draft202012Validator(compose_schema())

    errors = [error.message for error in validator.iter_errors(compose())]

    assert errors == []


def test_an_invalid_compose_file_is_refused():
    broken = compose()
    broken["services"]["app1"]["ports"] = {"8000": "8000"}  # must be a list

    assert list(jsonschema.Draft202012Validator(compose_schema()).iter_errors(broken))


def test_compose_runs_two_app_servers_without_debug_behind_the_proxy():
    services = compose()["services"]

    apps = [
        name
        for name, service in services.items()
        if service.get("image", "").startswith("stadtteilzentren")
    ]
    assert {"app1", "app2"} <= set(apps)
    for name in ("app1", "app2"):
        app = services[name]
        assert app["environment"]["DEBUG"] == "0"
        assert "command" not in app  # the image's: gunicorn, which refuses DEBUG on
        assert app["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert "@db:5432/" in app["environment"]["DATABASE_URL"]
        assert "ports" not in app  # reached through the proxy only
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["proxy"]["image"].startswith("nginx:")


def test_the_app_trusts_x_forwarded_for_from_the_proxy_alone():
    services = compose()["services"]
    proxy_address = services["proxy"]["networks"]["internal"]["ipv4_address"]

    assert services["app1"]["environment"]["TRUSTED_PROXIES"] == proxy_address
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx_conf()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx_conf()


def test_the_proxy_refuses_the_bodies_the_app_refuses():
    limit = re.search(r"client_max_body_size (\d+)m;", nginx_conf()).group(1)
    app_limit = compose()["services"]["app1"]["environment"]["MAX_REQUEST_BODY_BYTES"]

    assert int(limit) * 1024 * 1024 == int(app_limit) == settings.MAX_REQUEST_BODY_BYTES


def test_the_proxy_balances_both_apps_and_caches_by_their_cache_control():
    conf = nginx_conf()

    assert "server app1:8000;" in conf and "server app2:8000;" in conf
    assert "proxy_cache pages;" in conf
    # What the app marks `public` is kept as long as it says: no proxy_cache_valid overrides
    # it, and nothing tells nginx to ignore the app's headers.
    assert "proxy_cache_valid" not in conf
    assert "proxy_ignore_headers" not in conf
    # A browser with a session or CSRF cookie never gets, nor fills, the proxy's cache.
    assert "proxy_no_cache $personal;" in conf and "proxy_cache_bypass $personal;" in conf
    assert re.search(r"map \$cookie_sessionid\$cookie_csrftoken \$personal", conf)
