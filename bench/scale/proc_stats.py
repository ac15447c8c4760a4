"""CPU time and peak memory of processes from /proc (Linux), for bench/scale: the nodes are
long-running daemons, measured while they run, and the database server is a tree of
processes (the postmaster and its backends and helpers)."""
import os

TICK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """The fields of /proc/PID/stat after the command name, or None when PID is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def cpu_seconds(pid):
    """User + system CPU seconds of PID (all its threads); 0 when it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu_seconds(parent):
    """CPU seconds of PARENT, its reaped children (cutime, cstime) and its live children.

    A PostgreSQL backend lives as long as its connection; when it exits the postmaster reaps
    it and its time moves into the postmaster's cutime/cstime, so the sum stays whole across
    connections that come and go. The difference of two readings is the server's CPU between
    them (a child exiting between the two reads of one reading can be missed: milliseconds)."""
    fields = _stat_fields(parent)
    if fields is None:
        return 0.0
    total = sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICK
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        child = _stat_fields(entry)
        if child is not None and int(child[1]) == parent:
            total += (int(child[11]) + int(child[12])) / TICK
    return total


def peak_rss_mb(pid):
    """VmHWM of PID in MB (the peak resident set so far), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
