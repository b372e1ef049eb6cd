"""Measure the registry's pages against hand-written SQL floors, at a chosen scale.

    make bench                     # SCALE=1000000 by default
    SCALE=10000 RUNS=5 make bench
    PAGES=changelist,stock_changelist make bench   # only these; writes bench/out/partial.json

Creates and migrates the bench database when missing, seeds it with `seed_scale` (the real
country's units from `load_admin_units`, synthetic rotations) when it holds another scale,
then for each page in PAGES takes the median server time over RUNS requests (Django test
client, logged-in superuser, in-process) with its query count, and the median time of its
floor: one SQL query computing the same figures. Writes bench/out/latest.json and prints a
table. A page whose URL does not resolve yet is skipped.
Then the writers of bench/writes.py (`write_during_import`, `writers_8`), named in PAGES too.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

AS_OF = "2026-11-26"
RUNS = int(os.environ.get("RUNS", "7"))
SCALE = int(os.environ.get("SCALE", "1000000"))
ONLY = [name for name in os.environ.get("PAGES", "").split(",") if name]
# A run of some pages must not pass for the full table that docs/PERFORMANCE.md quotes.
OUT = ROOT / "bench" / "out" / ("partial.json" if ONLY else "latest.json")

COUNTED = "p.outcome <> 'cancelled' AND p.start <= %(as_of)s"
# The summary's floor: the same figures the page shows, in the fastest formulation found, one
# hand-written statement under the same work_mem (measure_floor): the nine tables with
# rotations and persons counted in two levels (GROUP BY key and cadre, then by key: hashed,
# no COUNT(DISTINCT) sort), the twelve headline figures from one row per cadre (the marks
# summed there only), and the year × direction chart (rotations only). Until issue 16 the
# floor was the page's own GROUPING SETS statement with COUNT(DISTINCT), about 1.5× slower.
SUMMARY_BASE = """
    SELECT p.cadre_id, c.sex, c.ethnicity,
        extract(year FROM p.start)::int AS year, t.id AS term, p.direction, p.to_unit_id,
        CASE WHEN pos.id IS NULL THEN 'none'
             WHEN pos.category = 'civil_servant' THEN 'civil_servant'
             WHEN pos.is_head THEN 'head_' || pos.category
             ELSE 'deputy_' || pos.category END AS post,
        CASE WHEN p.start > %(as_of)s THEN 'not_started'
             WHEN p.actual_end <= %(as_of)s OR p.actual_end IS NULL AND p.outcome <> ''
             THEN coalesce(nullif(p.outcome, ''), 'unrecorded')
             ELSE 'ongoing' END AS outcome,
        CASE WHEN p.age_at_start IS NULL THEN 'unknown' WHEN p.age_at_start < 35
             THEN 'under_35' WHEN p.age_at_start < 40 THEN '35_39'
             WHEN p.age_at_start < 45 THEN '40_44' WHEN p.age_at_start < 50 THEN '45_49'
             ELSE '50_over' END AS age,
        p.actual_end > %(as_of)s OR p.actual_end IS NULL AND p.outcome = '' AS active,
        p.planned_end, p.joined_party_committee, p.joined_government,
        p.in_planning_at_start, p.warnings <> '[]' AS exception,
        p.decision_number = '' OR p.decision_date IS NULL AS missing_decision,
        (extract(year FROM coalesce(p.actual_end, p.planned_end)) * 12
         + extract(month FROM coalesce(p.actual_end, p.planned_end))
         - extract(year FROM p.start) * 12 - extract(month FROM p.start)) AS months,
        extract(day FROM coalesce(p.actual_end, p.planned_end)) AS end_day,
        extract(day FROM p.start) AS start_day,
        extract(day FROM coalesce(p.actual_end, p.planned_end) + 1) AS next_day
    FROM postings_posting p
    JOIN cadres_cadre c ON c.id = p.cadre_id
    LEFT JOIN cadres_position pos ON pos.id = p.to_position_id
    LEFT JOIN cadres_term t ON p.start BETWEEN t.start AND t."end"
    WHERE {COUNTED} AND p.start >= '2003-01-01' {scope}
"""
SUMMARY_KEYS = ("year", "term", "direction", "to_unit_id", "post", "outcome", "sex", "ethnicity",
                "age")  # fmt: skip
SUMMARY_FLOOR = (
    "WITH b AS MATERIALIZED ("
    + SUMMARY_BASE
    + ") "
    + " UNION ALL ".join(
        f"SELECT '{key}' AS grouping, {key}::text AS key, NULL AS key2, sum(n) AS rotations, "
        f"count(*) AS persons, NULL::bigint AS m1, NULL::bigint AS m2, NULL::bigint AS m3, "
        f"NULL::bigint AS m4, NULL::bigint AS m5, NULL::bigint AS m6, NULL::bigint AS m7, "
        f"NULL::bigint AS m8, NULL::bigint AS m9, NULL::bigint AS m10, NULL::bigint AS m11, "
        f"NULL::bigint AS m12 "
        f"FROM (SELECT {key}, count(*) AS n FROM b GROUP BY {key}, cadre_id) AS per GROUP BY {key}"
        for key in SUMMARY_KEYS
    )
    + """
    UNION ALL
    SELECT 'all', NULL, NULL, sum(n), count(*), sum(active), sum(n) - sum(active),
        sum(party), sum(government), sum(planning), sum(met), sum(overdue), sum(due),
        sum(exception), sum(missing), sum(woman), sum(minority)
    FROM (
        SELECT count(*) AS n, count(*) FILTER (WHERE active) AS active,
            count(*) FILTER (WHERE joined_party_committee) AS party,
            count(*) FILTER (WHERE joined_government) AS government,
            count(*) FILTER (WHERE in_planning_at_start) AS planning,
            count(*) FILTER (WHERE NOT active AND (months > %(min_months)s
                OR months = %(min_months)s AND (end_day >= start_day OR next_day = 1))) AS met,
            count(*) FILTER (WHERE active AND planned_end < %(as_of)s) AS overdue,
            count(*) FILTER (WHERE active AND planned_end > %(as_of)s
                AND planned_end <= %(due)s) AS due,
            count(*) FILTER (WHERE exception) AS exception,
            count(*) FILTER (WHERE missing_decision) AS missing,
            max((sex = 'female')::int) AS woman, max((ethnicity <> 'Kinh')::int) AS minority
        FROM b GROUP BY cadre_id) AS per_cadre
    UNION ALL
    SELECT 'year_direction', year::text, direction, count(*), NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM b GROUP BY year, direction
"""
)
DISTRICT_SCOPE = """
    AND p.id IN (
        SELECT p1.id FROM postings_posting p1 JOIN cadres_unit u ON u.id = p1.from_unit_id
        WHERE u.path LIKE %(path)s
        UNION
        SELECT p2.id FROM postings_posting p2 JOIN cadres_unit u ON u.id = p2.to_unit_id
        WHERE u.path LIKE %(path)s)
"""
LIST_FLOOR = """
    SELECT p.id, p.start, p.direction, p.outcome, c.full_name, f.name, t.name
    FROM postings_posting p
    JOIN cadres_cadre c ON c.id = p.cadre_id
    JOIN cadres_unit f ON f.id = p.from_unit_id
    JOIN cadres_unit t ON t.id = p.to_unit_id
    {where}
    ORDER BY p.start DESC, p.id DESC LIMIT 100
"""
FILTERED_WHERE = (
    "WHERE p.direction = 'district_to_commune' "
    "AND p.start >= '2010-01-01' AND p.start < '2011-01-01'"
)

# name: (URL, floor SQL or None). Placeholders come from `sample_parameters`.
PAGES = {
    "summary_country": (
        f"/reports/?as_of={AS_OF}",
        SUMMARY_FLOOR.replace("{COUNTED}", COUNTED).replace("{scope}", ""),
    ),
    "summary_district": (
        f"/reports/?scope={{district}}&as_of={AS_OF}",
        SUMMARY_FLOOR.replace("{COUNTED}", COUNTED).replace("{scope}", DISTRICT_SCOPE),
    ),
    # Today's country summary (no as_of: today), read from the maintained rollup (issue 16);
    # its floor is the same two-level statement, as of today (`floor_parameters`).
    "summary_country_rollup": (
        "/reports/",
        SUMMARY_FLOOR.replace("{COUNTED}", COUNTED).replace("{scope}", ""),
    ),
    # The framework's own floor for any logged-in page: the middleware, session and user.
    "trivial": ("/bench/trivial/", None),
    # The same summaries again, served from the cache (the two above clear it before each run).
    "summary_country_cached": (f"/reports/?as_of={AS_OF}", None),
    "summary_district_cached": (f"/reports/?scope={{district}}&as_of={AS_OF}", None),
    "changelist": ("/admin/postings/posting/", LIST_FLOOR.format(where="")),
    "changelist_filtered": (
        "/admin/postings/posting/?direction__exact=district_to_commune&year=2010",
        LIST_FLOOR.format(where=FILTERED_WHERE),
    ),
    "search": (
        "/admin/cadres/cadre/?q={name}",
        "SELECT id, full_name, date_of_birth FROM cadres_cadre WHERE search_key LIKE %(like)s "
        "ORDER BY search_key, date_of_birth LIMIT 100",
    ),
    "cadre_page": (
        "/cadres/{cadre}/",
        "SELECT p.*, f.name, t.name FROM postings_posting p "
        "JOIN cadres_unit f ON f.id = p.from_unit_id JOIN cadres_unit t ON t.id = p.to_unit_id "
        "WHERE p.cadre_id = %(cadre)s ORDER BY p.start",
    ),
    "export_csv": (
        f"/reports/export/theo-nam.csv?as_of={AS_OF}",
        f"SELECT extract(year FROM p.start), count(*), count(DISTINCT p.cadre_id) "
        f"FROM postings_posting p WHERE {COUNTED} GROUP BY 1 ORDER BY 1",
    ),
    "stock_changelist": ("/bench/stock/postings/posting/", LIST_FLOOR.format(where="")),
}


# Measured by bench/writes.py in separate processes (p50_ms, p95_ms, max_ms, samples):
# single saves in one district during a 1,000-row import into another, and 8 concurrent
# writers committing five saves per transaction, each in its own district.
WRITES = ("write_during_import", "writers_8")


def ensure_database():
    """Create the bench database if missing (PostgreSQL), then migrate."""
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        admin_dsn = f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if not exists.fetchone():
                print(f"creating database {db['NAME']}")
                conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)


def ensure_scale():
    from django.core.management import call_command

    from bench.scale.load import read_marker

    marker = read_marker()
    if marker is None or marker[0] != SCALE:
        print(f"seeding {SCALE:,} rotations (found {marker})")
        began = time.monotonic()
        call_command("seed_scale", postings=SCALE)
        print(f"seeded in {time.monotonic() - began:.1f}s")


def sample_parameters():
    """A district with rotations, a cadre with several, a name typed without diacritics."""
    from django.db.models import Count

    from cadres.models import Cadre, Unit
    from postings.models import Posting

    district = Unit.objects.filter(kind="district").order_by("pk").first()
    cadre = (
        Posting.objects.values("cadre")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .order_by("cadre")
        .first()
    )
    cadre = Cadre.objects.get(pk=cadre["cadre"]) if cadre else Cadre.objects.order_by("pk").first()
    name = " ".join(cadre.search_key.split()[-2:])  # e.g. "thi lien": no diacritics
    from django.conf import settings

    from postings.reports import DUE_MONTHS
    from registry.dates import add_months

    as_of = datetime.date.fromisoformat(AS_OF)
    return {
        "min_months": settings.ROTATION_MIN_MONTHS,
        "due": add_months(as_of, DUE_MONTHS),
        "district": district.pk,
        "path": f"{district.path}%",
        "cadre": cadre.pk,
        "name": name.replace(" ", "+"),
        "like": f"%{name}%",
        "as_of": AS_OF,
    }


def floor_parameters(name, params):
    """The floor's parameters: today's as-of date for the summary the rollup serves."""
    if name != "summary_country_rollup":
        return params
    from django.utils import timezone

    from postings.reports import DUE_MONTHS
    from registry.dates import add_months

    today = timezone.localdate()
    return {**params, "as_of": today.isoformat(), "due": add_months(today, DUE_MONTHS)}


def median_ms(samples):
    return round(statistics.median(samples) * 1000, 1)


def measure_page(client, url, *, uncached):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches of the process and of the database
    samples, queries, status = [], None, None
    for _ in range(RUNS):
        if uncached:
            cache.clear()  # the server time of computing the summary, not of reading it
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            samples.append(time.perf_counter() - began)
        queries, status = len(captured), response.status_code
    return median_ms(samples), queries, status


def measure_floor(sql, params):
    from django.db import connection, transaction

    from postings.reports.tally import REPORT_SETTINGS

    samples = []
    with transaction.atomic(), connection.cursor() as cursor:
        # The memory and the JIT setting of the page's tally, so the floor runs alike.
        cursor.execute(REPORT_SETTINGS)
        for _ in range(RUNS + 1):
            began = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            samples.append(time.perf_counter() - began)
    return median_ms(samples[1:])


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import Resolver404, resolve

    ensure_database()
    ensure_scale()
    params = sample_parameters()
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(raise_request_exception=False)  # a page still being written answers 500
    client.force_login(user)

    results, notes = {}, []
    unknown = set(ONLY) - set(PAGES) - set(WRITES) - {"import_5000"}
    if unknown:
        sys.exit(f"PAGES names unknown pages: {', '.join(sorted(unknown))}")
    for name, (template, floor_sql) in PAGES.items():
        if ONLY and name not in ONLY:
            continue
        url = template.format(**params)
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            notes.append(f"{name}: {url} does not resolve yet; skipped")
            continue
        print(f"  {name}: GET {url}", flush=True)
        page_ms, queries, status = measure_page(client, url, uncached=not name.endswith("_cached"))
        if status != 200:
            notes.append(f"{name}: {url} answered {status}; skipped")
            continue
        floor_ms = measure_floor(floor_sql, floor_parameters(name, params)) if floor_sql else None
        results[name] = {"median_ms": page_ms, "floor_ms": floor_ms, "queries": queries}
        print(f"  measured {name}", flush=True)
    results.update(measure_writes([name for name in WRITES if not ONLY or name in ONLY]))
    if not ONLY or "import_5000" in ONLY:
        from bench.import_5000 import measure as measure_import

        print("  import_5000: 5,000 rotation rows saved, rolled back after", flush=True)
        results["import_5000"] = measure_import()

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"scale": SCALE, "pages": results}, indent=2) + "\n")
    print_table(results, notes)


def measure_writes(names):
    """Writers in different districts (bench/writes.py): p50, p95 and max of their saves."""
    from bench.writes import MEASURES, measure

    assert set(names) <= set(MEASURES)
    return measure(names) if names else {}


def print_table(results, notes):
    print(f"\nscale {SCALE:,} rotations, median of {RUNS} runs\n")
    print(f"{'page':22} {'ms':>9} {'floor ms':>9} {'×floor':>7} {'queries':>8}")
    for name, row in results.items():
        if name == "import_5000":
            print(
                f"{name:22} {row['seconds']:.1f} s for {row['rows']:,} rows; the upload's "
                f"request {row['upload_ms']:.1f} ms"
            )
            continue
        if name in WRITES:
            print(
                f"{name:22} p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, max "
                f"{row['max_ms']:.1f} ms ({row['samples']} samples)"
            )
            continue
        floor = row["floor_ms"]
        ratio = f"{row['median_ms'] / floor:.1f}" if floor else "–"
        floor_text = f"{floor:.1f}" if floor is not None else "–"
        print(f"{name:22} {row['median_ms']:9.1f} {floor_text:>9} {ratio:>7} {row['queries']:8}")
    if "stock_changelist" in results and "changelist" in results:
        speedup = results["stock_changelist"]["median_ms"] / results["changelist"]["median_ms"]
        print(f"\nstock admin / registry changelist: {speedup:.1f}×")
    for note in notes:
        print(f"note: {note}")
    print(f"\nwritten {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
