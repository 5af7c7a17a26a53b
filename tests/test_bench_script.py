"""scripts/bench.py (`make bench`, docs/performance.md): the parts that need neither PostgreSQL
nor a running server — its modes and options, the wrk scripts it writes, how it reads wrk's
output and prints the table — and that every page it loads in the miss mode is really one the
page cache has not seen."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from centres import pagecache
from stadtteilzentren.settings import BASE_DIR

# scripts/ is no package: the script is loaded from its file (and registered, for dataclasses).
_spec = importlib.util.spec_from_file_location("bench_script", BASE_DIR / "scripts" / "bench.py")
bench = sys.modules.setdefault("bench_script", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(bench)

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8093/zentren/
  1 threads and 1 connections
BENCH 412 1 2 23456 31002 45678 10001234
Requests/sec:     41.20
"""


def result(page: str = "centres", *, rate: float = 41.2, requests: int = 412) -> object:
    return bench.Result(page, "miss", rate, 23.5, 31.0, 45.7, 0, requests)


# --- modes and options ----------------------------------------------------------------------


def test_make_bench_runs_cold_miss_and_warm_by_default():
    assert [mode.name for mode in bench.modes(bench.DEFAULT_MODES)] == ["cold", "miss", "warm"]


def test_miss_mode_asks_the_page_cache_one_request_at_a_time_for_unseen_pages():
    miss = bench.MODES["miss"]

    assert miss.cache and miss.unique
    assert (miss.connections, miss.threads) == (1, 1)


def test_cold_mode_renders_without_the_page_cache_on_the_usual_connections():
    cold = bench.MODES["cold"]

    assert not cold.cache and not cold.unique
    assert cold.connections is None  # --connections, 20 by default
    assert bench.arguments([]).connections == 20


def test_unknown_mode_is_refused_before_anything_is_loaded():
    with pytest.raises(SystemExit, match="unknown modes \\['hot'\\]"):
        bench.arguments(["--modes", "cold,hot"])


def test_make_bench_measures_berlin_and_city_for_ten_seconds_per_page():
    args = bench.arguments([])

    assert (args.sizes, args.duration, args.only) == ("berlin,city", 10, "")


def test_quick_measures_a_few_pages_of_berlin_briefly():
    args = bench.arguments(["--quick"])

    assert (args.sizes, args.duration) == ("berlin", bench.QUICK_DURATION)
    names = [name for name, _ in bench.select_pages(bench.pages("/zentren/x/"), args.only)]
    assert names == ["start", "centres", "offerings, search", "overview", "report"]


def test_quick_keeps_what_is_given_explicitly():
    args = bench.arguments(["--quick", "--sizes", "city", "--duration", "7", "--only", "centre"])

    assert (args.sizes, args.duration, args.only) == ("city", 7, "centre")


def test_pages_are_chosen_by_name_without_their_comma():
    chosen = bench.select_pages(bench.pages("/zentren/x/"), "centres search, centre")

    assert chosen == [("centres, search", "/zentren/?q=beratung"), ("centre", "/zentren/x/")]


def test_unknown_page_name_is_refused_with_the_known_ones():
    with pytest.raises(SystemExit, match="unknown pages \\['centers'\\]; known: start, Bezirk"):
        bench.select_pages(bench.pages("/zentren/x/"), "centers")


# --- the wrk scripts and wrk's output -------------------------------------------------------


def test_cold_and_warm_script_only_reports_and_requests_the_page_itself():
    script = bench.wrk_script()

    assert "done = function" in script
    assert "request = function" not in script
    assert bench.MISS_PARAMETER not in script


def test_miss_script_adds_the_runs_own_parameter_to_every_request():
    script = bench.wrk_script(unique="a1b2c3")

    assert "request = function" in script
    assert '"bench_miss", "a1b2c3", thread_number, counter' in script
    assert "done = function" in script
    assert "__RUN__" not in script and "__PARAMETER__" not in script


def test_run_token_that_is_not_alphanumeric_is_refused():
    with pytest.raises(ValueError, match="unquoted"):
        bench.wrk_script(unique='x", os.exit() --')


def test_the_miss_parameter_joins_a_query_of_its_own_or_the_pages():
    assert bench.with_parameter("/zentren/", "1") == "/zentren/?bench_miss=1"
    assert bench.with_parameter("/zentren/?q=a", "1") == "/zentren/?q=a&bench_miss=1"


def test_figures_are_read_from_the_bench_line_in_milliseconds():
    figures = bench.wrk_figures(WRK_OUTPUT)

    assert figures == bench.WrkFigures(
        requests=412, errors=3, p50_ms=23.456, p95_ms=31.002, p99_ms=45.678, seconds=10.001234
    )


def test_wrk_output_without_the_bench_line_is_an_error_that_shows_it():
    with pytest.raises(ValueError, match="(?s)no BENCH line.*unable to connect"):
        bench.wrk_figures("unable to connect to 127.0.0.1:8093 Connection refused\n")


def test_vacuum_analyze_names_the_apps_tables_not_the_shared_catalogs():
    assert bench.analyze_statement(["centres_centre", 'odd"name']) == (
        'VACUUM (ANALYZE) "centres_centre", "odd""name"'
    )


# --- the table ------------------------------------------------------------------------------


def test_row_gives_the_figures_and_the_share_of_the_static_file():
    row = bench.format_row("berlin", result(), result("static CSS", rate=412.0))

    assert row.split() == ["berlin", "centres", "miss", "41.2", "23.5", "31.0", "45.7", "0"] + [
        "10.00",
        "%",
    ]
    assert len(row) == len(bench.format_header())


def test_markdown_row_fits_the_tables_of_the_performance_docs():
    header = bench.format_header(markdown=True)
    row = bench.format_row("berlin", result(), result("static CSS", rate=412.0), markdown=True)

    assert header.splitlines()[0] == (
        "| size | page | mode | req/s | p50 ms | p95 ms | p99 ms | errors | of static |"
    )
    assert header.splitlines()[1] == "|---|---|---|---|---|---|---|---|---|"
    assert row == "| berlin | centres | miss | 41.2 | 23.5 | 31.0 | 45.7 | 0 | 10.00 % |"


def test_page_with_no_request_done_in_the_run_shows_no_latency():
    row = bench.format_row("country", result("report", rate=0.0, requests=0), result(rate=10.0))

    assert row.split()[3:] == ["0.0", "-", "-", "-", "0", "0.00", "%"]


# --- the miss mode measures misses ----------------------------------------------------------


@pytest.mark.parametrize(("name", "path"), bench.pages("/zentren/beispiel/"))
def test_every_benched_page_is_cached_but_renders_afresh_with_the_miss_parameter(name, path):
    match = pagecache.resolve_in_its_language(urlsplit(path).path)
    page = pagecache.PAGES.get(match.view_name)

    assert page is not None, f"{name}: not a cached page, warm would measure rendering"
    assert bench.MISS_PARAMETER not in pagecache.known_params(match, page)


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
def test_wrk_sends_every_request_of_the_miss_mode_to_an_address_of_its_own(tmp_path):
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            try:
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except ConnectionError:  # wrk hangs up at the end of its second
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "miss.lua"
    script.write_text(bench.wrk_script(unique="run1"))
    try:
        output = subprocess.run(
            ["wrk", "-t2", "-c2", "-d1s", "-s", script]
            + [f"http://127.0.0.1:{server.server_port}/zentren/?q=a"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    finally:
        server.shutdown()
        server.server_close()

    assert bench.wrk_figures(output).requests > 0
    assert len(set(seen)) == len(seen)
    queries = [parse_qs(urlsplit(path).query) for path in seen]
    assert all(query["q"] == ["a"] for query in queries)
    assert all(query["bench_miss"][0].startswith("run1-") for query in queries)
