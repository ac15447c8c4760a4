"""A private PostgreSQL 15 server for bench/scale: initdb into a folder of the benchmark's
temporary folder, pg_ctl start on a free port of 127.0.0.1 (and a Unix socket in that folder),
stopped and removed at the end. As tests/support/postgres_server.cpp does, but in Python and
with the server's durability left at its defaults unless asked (fsync and synchronous_commit
on: a commit waits for its WAL flush, as on a production server)."""
import os
import pwd
import shutil
import subprocess

BIN = "/usr/lib/postgresql/15/bin"
USER = "headlined"  # the database role the nodes connect as (trust, loopback only)


def server_user():
    """The unprivileged user the server runs as when the benchmark runs as root."""
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            pass
    raise SystemExit("no 'postgres' or 'nobody' user to run PostgreSQL as")


class PsqlError(Exception):
    pass


class Psql:
    """One long-lived psql session (one server backend), so that polling the database while
    the nodes run costs one connection and no process start per query."""

    def __init__(self, url):
        self.proc = subprocess.Popen(
            [f"{BIN}/psql", "-X", "-q", "-A", "-t", "-F", "|", url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1, start_new_session=True)

    def query(self, sql):
        """Rows of the statement, each a list of strings; PsqlError on an error."""
        self.proc.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo __end__\n")
        self.proc.stdin.flush()
        rows, errors = [], []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise PsqlError("psql exited: " + " ".join(errors))
            line = line.rstrip("\n")
            if line == "__end__":
                break
            if line.startswith(("ERROR:", "FATAL:", "psql:")):
                errors.append(line)
            elif line:
                rows.append(line.split("|"))
        if errors:
            raise PsqlError(" ".join(errors))
        return rows

    def value(self, sql):
        return self.query(sql)[0][0]

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


class Cluster:
    def __init__(self, folder, port, durable=True, statements=False):
        self.folder = folder
        self.data = os.path.join(folder, "data")
        self.port = port
        self.durable = durable
        self.statements = statements
        self.started = False
        root = os.geteuid() == 0
        self.runner = ["runuser", "-u", server_user(), "--"] if root else []

    def _run(self, argv):
        out = subprocess.run(self.runner + argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True)
        if out.returncode != 0:
            log = os.path.join(self.folder, "log")
            tail = open(log).read()[-2000:] if os.path.exists(log) else ""
            raise SystemExit(f"{os.path.basename(argv[0])} failed: {out.stdout}{tail}")

    def start(self):
        if not os.path.exists(f"{BIN}/initdb"):
            raise SystemExit(f"PostgreSQL 15 is not installed: no {BIN}/initdb "
                             "(apt-get install postgresql-15)")
        os.makedirs(self.folder)
        if self.runner:
            shutil.chown(self.folder, user=self.runner[2])
        # --no-sync: only initdb's own files; the server's settings below decide the rest.
        self._run([f"{BIN}/initdb", "-D", self.data, "--no-sync", "--no-instructions", "-U", USER,
                   "--auth=trust", "-E", "UTF8", "--locale=C"])
        options = [f"-c listen_addresses=127.0.0.1 -c port={self.port}",
                   f"-c unix_socket_directories={self.folder}"]
        if not self.durable:
            options.append("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        if self.statements:
            options.append("-c shared_preload_libraries=pg_stat_statements "
                           "-c pg_stat_statements.track=all")
        self._run([f"{BIN}/pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "log"),
                   "-w", "-t", "60", "-o", " ".join(options), "start"])
        self.started = True

    def stop(self, fast=True):
        if not self.started:
            return
        self.started = False
        subprocess.run(self.runner + [f"{BIN}/pg_ctl", "-D", self.data, "-m",
                                      "fast" if fast else "immediate", "-w", "-t", "60", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True)

    def url(self, database="postgres"):
        # No GSSAPI attempt: the private server has no Kerberos.
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}?gssencmode=disable"

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())
