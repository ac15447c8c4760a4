"""What the snapshots' indexes cost the database on insert (bench/scale --index-cost): the
run's stored snapshots inserted again, one row at a time in a PL/pgSQL loop (one backend, no
client round trips), into copies of the table with no index, with the B-trees `snapshots`
has, and with those and the GIN index of the search tokens (fastupdate on, PostgreSQL's
default, and off). The time is the server's clock around each loop."""
from pg_cluster import Psql

COPY_ROWS = ("DO $$ DECLARE r snapshots%ROWTYPE; BEGIN FOR r IN SELECT * FROM snapshots "
             "ORDER BY id LOOP INSERT INTO bench_copy SELECT (r).*; END LOOP; END $$")

B_TREES = ("ALTER TABLE bench_copy ADD PRIMARY KEY (id)",
           "CREATE UNIQUE INDEX ON bench_copy (url)",
           "CREATE INDEX ON bench_copy (fetched_at, id)",
           "CREATE INDEX ON bench_copy (url_hash)",
           "CREATE INDEX ON bench_copy (source_name, fetched_at)")

VARIANTS = (
    ("no index", ()),
    ("the B-trees", B_TREES),
    ("the B-trees and the GIN (fastupdate on)",
     B_TREES + ("CREATE INDEX ON bench_copy USING GIN (search_tokens)",)),
    ("the B-trees and the GIN (fastupdate off)",
     B_TREES + ("CREATE INDEX ON bench_copy USING GIN (search_tokens) WITH (fastupdate = off)",)),
)


def index_cost(url):
    """[(variant, ms per row)] for the snapshots in the database at url."""
    psql = Psql(url)
    try:
        rows = int(psql.value("SELECT count(*) FROM snapshots"))
        out = []
        # The first pass reads the rows (and their TOAST) into memory; it is not counted.
        for name, indexes in (("warm-up", ()),) + VARIANTS:
            psql.query("DROP TABLE IF EXISTS bench_copy")
            psql.query("CREATE TABLE bench_copy (LIKE snapshots INCLUDING DEFAULTS)")
            for statement in indexes:
                psql.query(statement)
            # clock_timestamp() moves within a statement; one SELECT brackets the loop.
            psql.query("CREATE TEMP TABLE IF NOT EXISTS bench_clock (t timestamptz)")
            psql.query("TRUNCATE bench_clock")
            psql.query("INSERT INTO bench_clock VALUES (clock_timestamp())")
            psql.query(COPY_ROWS)
            ms = float(psql.value(
                "SELECT extract(epoch FROM clock_timestamp() - t) * 1000 FROM bench_clock"))
            if name != "warm-up":
                out.append((name, ms / rows))
        psql.query("DROP TABLE bench_copy")
        return out
    finally:
        psql.close()
