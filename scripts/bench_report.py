#!/usr/bin/env python3
"""Writes docs/benchmarks.md from the results of `make bench`.

    scripts/bench_report.py RESULTS_DIR OUTPUT.md

RESULTS_DIR holds one Google Benchmark JSON file per program (bus_bench.json,
journal_bench.json, startup_bench.json, rehearsal_bench.json, matching_bench.json) and the
times `make bench` started, finished building and finished running (`started`, `built`,
`finished`: seconds since the epoch). Every figure in the page comes from those files, measured in one run; the prose
around them (what each benchmark does, and why a goal is missed when it is) is kept here.
Python 3 standard library only.
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

# ---- reading results ---------------------------------------------------------------------

UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


class Results:
    """One benchmark program's JSON: each run by name; when repeated, its fastest repetition.

    On a shared machine, load elsewhere only ever adds time: the fastest repetition is the
    nearest to what the code costs, and the ratio of two fastest repetitions moves far less
    from run to run than the ratio of two medians (a burst of load that spoils a few
    repetitions of one benchmark shifts its median, not its fastest)."""

    def __init__(self, path):
        self.path = path
        self.context = {}
        self.runs = {}
        self.cv = {}
        if not path.exists():
            return
        data = json.loads(path.read_text())
        self.context = data.get("context", {})
        for b in data.get("benchmarks", []):
            name = b["run_name"]
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "cv":
                    self.cv[name] = b["real_time"]
                continue
            if name not in self.runs or b["real_time"] < self.runs[name]["real_time"]:
                self.runs[name] = b

    def __bool__(self):
        return bool(self.runs)

    def find(self, pattern):
        """The run whose name matches the regular expression `pattern` (whole name)."""
        for name, run in self.runs.items():
            if re.fullmatch(pattern, name):
                return run
        return None

    def seconds(self, pattern):
        run = self.find(pattern)
        return None if run is None else run["real_time"] * UNIT_SECONDS[run["time_unit"]]


def fmt_ns(seconds, digits=1):
    return "n/a" if seconds is None else f"{seconds * 1e9:,.{digits}f} ns"


def fmt_time(seconds):
    if seconds is None:
        return "n/a"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_rate(per_second):
    if per_second is None:
        return "n/a"
    if per_second >= 1e6:
        return f"{per_second / 1e6:.2f} M/s"
    return f"{per_second / 1e3:.1f} k/s"


def fmt_ratio(value):
    return "n/a" if value is None else f"{value:.2f}×"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def verdict(met):
    return "**met**" if met else "**missed**"


def word(met):
    return "met" if met else "missed"


def pct(value):
    """A gap in percent; rounding noise of the float totals (below 1e-6 %) is 0."""
    return "0" if abs(value) < 1e-6 else f"{value:.3g} %"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---- the machine and the run -------------------------------------------------------------


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    system = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    compiler = command("c++", "--version").splitlines()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": system,
        "compiler": compiler[0] if compiler else "unknown compiler",
    }


def commit():
    sha = command("git", "rev-parse", "--short", "HEAD") or "unknown"
    # The page itself is rewritten by every run: a change to it alone is not a change measured.
    dirty = command("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
    return f"`{sha}`" + (" with uncommitted changes in the working tree" if dirty else "")


# ---- the sections ------------------------------------------------------------------------

INTRO = """\
# Benchmarks

<!-- Written by scripts/bench_report.py from the results of `make bench`: change the script
     (or the benchmarks), not this page. -->

`make bench` builds the benchmark programs under `tests/bench/` (Google Benchmark) in a
Release build of their own (`build-release/`, `-O3`), runs each one, keeps their JSON output
in `build-release/bench-results/`, and writes this page from it. Every baseline is measured
in the same run as what it is compared with, so the ratios hold even when the absolute
times move with the machine's load. Repeated benchmarks report their fastest repetition
(load elsewhere only ever adds time); the variation between repetitions is shown where it
matters. Run it on an otherwise idle machine: other
builds on the same cores show up in every figure. On a fresh clone (nothing built yet) it
took 7.7 minutes on the 2-core machine below, 5.5 of them building; the line under the
machine says how long this run took.

```sh
make bench                                         # everything, and this page
build-release/bin/bus_bench --benchmark_filter=sync_bus   # one program, part of it
```

(Debian's `libbenchmark` prints "Library was built as DEBUG": that is the benchmark library
itself, not the code measured.)
"""

BUS_INTRO = """\
## Event bus

`tests/bench/bus_bench.cpp` publishes the event a plugin would (a topic and a one-field
JSON payload, built anew each time) to N handlers that each add the topic's length to their
own counter, through:

- **floor**: a `std::vector<std::function<void(const event&)>>` walked in a loop: no
  topics, ids, timestamps, journal hook, failure isolation or thread safety;
- **bus**: mentorkit's `in_process_bus`, synchronous delivery, the N subscribers on the
  exact topic, or on patterns that match it (`relationship.*`, `#.started`,
  `relationship.#`, `*.started`, `#` in turn);
- **Boost.Signals2** (`boost::signals2::signal`, thread-safe like the bus) and
  **libsigc++** 3 (`sigc::signal`, single-threaded), both from Debian, in the same binary.

Time per delivery is the time of one publish divided by N: building the event is included
for every contender (it is what a publish costs), and shown on its own below the table.
"""

BUS_CAUSES = """\
Why (perf record and perf annotate on `bus_bench --benchmark_filter='sync_bus_exact/(1|100)$'`):

- **Per publish**, the bus spends {extra_per_publish} the floor does not: checking the topic's
  syntax, reading the clock (`clock_gettime`, about 25 ns of it in the profile), the lock
  under which the event gets its id and reaches the journal observer in id order, a
  reference to the subscriber table (a count up and down, so a subscription made by another
  thread mid-dispatch cannot free it), and the two atomic counters of the grace period that
  lets `cancel_owner()` wait for running handlers. Each is part of what the bus promises:
  every event numbered, timestamped and journaled before anyone sees it, and a plugin that
  can be stopped while other threads publish.
- **Per subscriber**, a delivery reads one pointer from the topic's array of subscribers,
  checks the subscriber's active flag (a cancelled subscription is never called again,
  even in the middle of a dispatch), calls the handler and checks its owner's failure count
  (quarantine counts consecutive failures): {per_delivery_bus} per further subscriber
  against the floor's {per_delivery_floor} in this run.
"""

BUS_SIGNALS2_ONE = """\
With one subscriber, building the event ({event_build} of nlohmann::json allocations,
the same in every contender) is most of every contender's time: even the floor, which
does nothing but call the handler, is only {floor_vs_signals2} as fast as Signals2 there.
What a bus can win or lose against Signals2 with one subscriber is what each spends beyond
the floor: {signals2_extra} for Signals2 (its lock, slot list and connection check),
{bus_extra} for the bus (the fixed cost above: id, clock, journal order, grace period).
From a few subscribers on, Signals2 pays its lock and connection check on every slot and
the bus pulls away.
"""

BUS_FIXES = """\
Fixed while measuring (kernel/src/event_bus.cpp; the test suite passes):

- **Each delivery went through a `shared_ptr` to its subscriber and a call per
  subscriber.** The subscriber table now keeps, per topic, one array of plain pointers
  (the table owns the subscribers, so they cannot go away under a dispatch); delivery is
  one loop over it, the event being handled is recorded once per event instead of once
  per subscriber, and the failure path is out of line. A further subscriber cost 3.1 ns,
  almost twice the floor's 1.6 ns; it now costs what the floor's does.
- **Patterns were matched against every published topic, subscriber by subscriber**, the
  topic split anew for each pattern: 100 pattern subscribers cost 3.4 µs per publish
  (34 ns per delivery, 10× the floor). The table now resolves a topic to its subscribers
  once and keeps the array while the table lives (the table is immutable and replaced on
  every subscribe or cancel, so the array cannot go stale; at most 4,096 topics are kept).
  Patterns now cost what exact topics cost.
- **Every publish allocated a `std::deque`** (a map and a 512-byte node) for events
  published from inside handlers; it is a vector now, which allocates only when used.
- **Every subscriber carried a queued-delivery mailbox** (a mutex and a `std::deque`, two
  more allocations), synchronous ones too; only queued subscribers have one now.
- **The event went to the heap on every publish**; it now does only when it must outlive
  the call (queued, or published from inside a handler), and the queued table is not
  searched when there are no queued subscribers.
- **Queued delivery** counted each delivery done under the workers' lock, one lock per
  delivery; the count is an atomic now, settled once per batch a worker takes from a
  mailbox.

Before and after, measured back to back on this machine (the fastest of 16 repetitions,
per publish, for 1, 10 and 100 subscribers). The fixes to patterns, the deque, the mailbox
and the event on the heap (the floor was 189 to 204, 202 to 204 and 337 to 355 ns in the same runs):
exact topic 324, 341 and 653 ns before, 271, 296 and 584 ns after; patterns 348, 640 and
3,386 ns before, 270, 293 and 590 ns after. The array of subscribers per topic (the floor
was 191 to 192, 206 and 353 to 356 ns): exact topic 266, 293 and 568 ns before, 244, 257 and
386 ns after; patterns 265, 293 and 568 ns before, 250, 259 and 401 ns after. Regression
tests came with them (`tests/kernel/event_bus_test.cpp`: a topic delivered before reaches
the subscriptions made or removed since, in order; a queued subscription cancelled with
events waiting in its mailbox runs none of them; queued subscribers on exact topics and
patterns are all served in order).
"""

QUEUED_TEXT = """\
Queued delivery: 2,000 events published to 4 queued subscribers, timed until the last has
been handled (`wait_idle()`), against the simplest queue that does the same work (one
locked deque of events; each worker takes one and runs every handler on it; a condition
variable to wait for the last). The floor keeps no order per subscriber once there are two
workers; the bus does, with one mailbox per subscriber that one worker drains at a time, an
atomic count of outstanding deliveries, and the same grace-period counters as synchronous
delivery. There is no goal for this figure. The publishing thread and the workers share
the machine's two cores, so a second worker adds contention (for the locks and for the
cores) more than parallelism, in the floor as in the bus.

Why the bus delivers fewer events per second than the floor (perf record on
`queued_bus/workers:1`): about a quarter of the time is malloc and free (events built on
one thread are freed on another) and another quarter the scheduler (waking a worker and
switching to it), as in the floor; the rest is locking. The floor takes 2 locks per event;
the bus takes the bus lock, one mailbox lock per subscriber to post the event and one per
subscriber to take it (9 with 4 subscribers), plus the workers' lock when a mailbox becomes
ready. That is the price of per-subscriber order with several workers.
"""


def bus_section(bus):
    out = [BUS_INTRO]
    if not bus:
        return "\n".join(out + ["*bus_bench did not run.*\n"]), []
    counts = (1, 10, 100)
    per = {}  # (contender, n) -> seconds per delivery
    for n in counts:
        per[("floor", n)] = ratio(bus.seconds(rf"sync_floor/{n}"), n)
        per[("exact", n)] = ratio(bus.seconds(rf"sync_bus_exact/{n}"), n)
        per[("patterns", n)] = ratio(bus.seconds(rf"sync_bus_patterns/{n}"), n)
        per[("signals2", n)] = ratio(bus.seconds(rf"sync_signals2/{n}"), n)
        per[("sigc", n)] = ratio(bus.seconds(rf"sync_sigc/{n}"), n)

    def cell(kind, n):
        t = per[(kind, n)]
        return f"{fmt_ns(t)} ({fmt_ratio(ratio(t, per[('floor', n)]))})"

    rows = []
    for n in counts:
        rows.append([n, fmt_ns(per[("floor", n)]), cell("exact", n), cell("patterns", n), cell("signals2", n),
                     cell("sigc", n), fmt_ratio(ratio(per[("signals2", n)], per[("exact", n)])),
                     fmt_ratio(ratio(per[("signals2", n)], per[("patterns", n)]))])
    out.append("### Synchronous delivery, per delivery (× the floor)\n")
    out.append(table(["subscribers", "floor", "bus, exact topic", "bus, patterns", "Boost.Signals2", "libsigc++",
                      "Signals2 ÷ bus (exact)", "Signals2 ÷ bus (patterns)"], rows))
    build = bus.seconds(r"event_build")
    worst_cv = max((v for k, v in bus.cv.items() if k.startswith("sync_")), default=None)
    out.append("")
    reps = bus.find(r"sync_floor/1") or {}
    out.append(f"Building the event alone: {fmt_ns(build)}. Repetitions: {reps.get('repetitions', 1)}, in random "
               "order; the figures are the fastest of them"
               + (f", and the largest coefficient of variation among them was {worst_cv * 100:.0f} %."
                  if worst_cv is not None else "."))
    # Cost of each extra subscriber, from 10 to 100: no fixed cost in it.
    marginal = {}
    for kind in ("floor", "exact", "patterns", "signals2", "sigc"):
        t10 = bus.seconds({"floor": r"sync_floor/10", "exact": r"sync_bus_exact/10",
                           "patterns": r"sync_bus_patterns/10", "signals2": r"sync_signals2/10",
                           "sigc": r"sync_sigc/10"}[kind])
        t100 = bus.seconds({"floor": r"sync_floor/100", "exact": r"sync_bus_exact/100",
                            "patterns": r"sync_bus_patterns/100", "signals2": r"sync_signals2/100",
                            "sigc": r"sync_sigc/100"}[kind])
        marginal[kind] = None if t10 is None or t100 is None else (t100 - t10) / 90
    # What a publish costs whatever the number of subscribers: the line through 10 and 100
    # subscribers, at 0 (building the event is in it, as in every contender).
    fixed = {}
    for kind, name in (("floor", "sync_floor/10"), ("exact", "sync_bus_exact/10"),
                       ("patterns", "sync_bus_patterns/10"), ("signals2", "sync_signals2/10"), ("sigc", "sync_sigc/10")):
        t10 = bus.seconds(name)
        fixed[kind] = None if t10 is None or marginal[kind] is None else t10 - 10 * marginal[kind]
    out.append("\nThe same figures split, from the line through 10 and 100 subscribers, into what a publish "
               "costs whatever the number of subscribers (building the event included) and what each further "
               "subscriber adds:\n")
    kinds = ("floor", "exact", "patterns", "signals2", "sigc")
    out.append(table(["", "floor", "bus, exact", "bus, patterns", "Boost.Signals2", "libsigc++"], [
        ["per publish"] + [fmt_ns(fixed[k], 0) for k in kinds],
        ["per further subscriber"] + [fmt_ns(marginal[k], 2) for k in kinds],
    ]))

    # Goals.
    goals = []
    over = [(kind, n, ratio(per[(kind, n)], per[("floor", n)])) for kind in ("exact", "patterns") for n in counts]
    over = [(k, n, r) for k, n, r in over if r is not None]
    missed = [(k, n, r) for k, n, r in over if r > 1.5]
    met_loop = bool(over) and not missed
    worst = max(over, key=lambda x: x[2]) if over else None
    text = [f"\n**Goal: at most 1.5× the plain loop per delivery: {word(met_loop)}.** "]
    if met_loop:
        text.append(f"The largest ratio is {fmt_ratio(worst[2])} ({worst[0]}, {worst[1]} "
                    f"subscriber{'s' if worst[1] > 1 else ''}).")
    elif over:
        label = {"exact": "exact topic", "patterns": "patterns"}
        text.append("Over 1.5×: " + ", ".join(f"{label[k]} with {n} subscriber{'s' if n > 1 else ''} "
                                               f"({fmt_ratio(r)})" for k, n, r in missed) + ". ")
        text.append(f"Each further subscriber costs the bus {fmt_ns(marginal['exact'], 2)} against the floor's "
                    f"{fmt_ns(marginal['floor'], 2)} ({fmt_ratio(ratio(marginal['exact'], marginal['floor']))}).")
    goals.append(("Event bus: ≤ 1.5× the plain loop per delivery", worst and fmt_ratio(worst[2]) + " at worst",
                  met_loop))
    ahead = [(kind, n, ratio(per[("signals2", n)], per[(kind, n)])) for kind in ("exact", "patterns") for n in counts]
    ahead = [(k, n, r) for k, n, r in ahead if r is not None]
    behind = [(k, n, r) for k, n, r in ahead if r < 1.25]
    met_signals = bool(ahead) and not behind
    text.append(f"\n\n**Goal: clearly ahead of Boost.Signals2 (taken as at least 1.25× as fast, everywhere): "
                f"{word(met_signals)}.** ")
    if ahead:
        text.append("Signals2's time ÷ the bus's: " + ", ".join(
            f"{fmt_ratio(r)} ({k}, {n})" for k, n, r in ahead) + ".")
    behind_with_one_only = bool(behind) and all(n == 1 for _, n, _ in behind)
    if behind and not behind_with_one_only:
        text.append(" Signals2 locks a mutex and checks the connection for every slot it calls, so the bus pulls "
                    "away as subscribers are added; with few subscribers, Signals2 does less per publish "
                    "than the bus does (no ids, timestamps, journal order or grace periods).")
    measured = ahead and f"{fmt_ratio(min(r for _, _, r in ahead))} to {fmt_ratio(max(r for _, _, r in ahead))} as fast"
    if behind_with_one_only:
        beyond_one = [r for _, n, r in ahead if n != 1]
        measured = (f"{fmt_ratio(min(beyond_one))} to {fmt_ratio(max(beyond_one))} as fast from 10 subscribers; "
                    f"{' and '.join(f'{fmt_ratio(r)} ({k})' for k, _, r in behind)} with 1")
    goals.append(("Event bus: clearly ahead of Boost.Signals2", measured, met_signals))
    out.append("".join(text))
    if not (met_loop and met_signals):
        extra_publish = None if fixed["exact"] is None or fixed["floor"] is None else fixed["exact"] - fixed["floor"]
        out.append("\n" + BUS_CAUSES.format(extra_per_publish=fmt_ns(extra_publish, 0),
                                            per_delivery_bus=fmt_ns(marginal["exact"], 2),
                                            per_delivery_floor=fmt_ns(marginal["floor"], 2)))
    if behind_with_one_only:
        def beyond_floor(kind):
            t, floor = per[(kind, 1)], per[("floor", 1)]
            return None if t is None or floor is None else t - floor
        out.append(BUS_SIGNALS2_ONE.format(
            event_build=fmt_ns(build, 0), floor_vs_signals2=fmt_ratio(ratio(per[("signals2", 1)], per[("floor", 1)])),
            signals2_extra=fmt_ns(beyond_floor("signals2"), 0), bus_extra=fmt_ns(beyond_floor("exact"), 0)))
    out.append("\n" + BUS_FIXES)

    # Queued.
    out.append("### Queued delivery throughput\n")
    out.append(QUEUED_TEXT)
    rows = []
    for workers in (1, 2):
        floor = bus.find(rf"queued_floor/workers:{workers}/real_time")
        ours = bus.find(rf"queued_bus/workers:{workers}/real_time")
        f_rate = floor and floor.get("items_per_second")
        b_rate = ours and ours.get("items_per_second")
        rows.append([workers, fmt_rate(f_rate), fmt_rate(b_rate), fmt_ratio(ratio(b_rate, f_rate))])
    out.append(table(["workers", "floor, deliveries/s", "bus, deliveries/s", "bus ÷ floor"], rows))
    out.append("")
    return "\n".join(out), goals


JOURNAL_INTRO = """\
## Journal

`tests/bench/journal_bench.cpp` appends events through `store::append` (what the bus's
journal observer calls) and, as the floor, inserts the same rows with one prepared
`sqlite3` statement: the same schema (the store creates it), the same pragmas
(`journal_mode = WAL`, `synchronous = NORMAL`) and the same transactions. The events are
kernel notices no state table follows (`meeting.due`, `checkin.requested`, `survey.sent`),
so both write exactly one journal row per event; the floor binds payload text serialised
beforehand, the store serialises the JSON itself. Batched: 20,000 events in one transaction
(`store::batch`; the kernel journals a month of a rehearsal that way). Each on its own:
2,000 events, each committed alone, as a live program journals an event that arrives by
itself. Last, for information: 20,000 events that the state tables follow too (meetings
held, check-ins, goal progress: a projection row per event besides the journal row),
against the same floor. The database is a file in the temporary folder, so the times
include writing the WAL (and the machine's disk shows in them); the fastest of 5 repetitions.
"""

JOURNAL_CAUSES = """\
Where the store's time goes beyond the floor (perf record on `journal_bench
--benchmark_filter=append_batched`): serialising each payload with nlohmann::json, the
projection's check of the topic against the topics it follows, and copying the bound text
(`SQLITE_TRANSIENT`) where the floor binds it in place. SQLite's own insert (the B-tree and
the topic index) is the same in both.
"""


def journal_section(journal):
    out = [JOURNAL_INTRO]
    if not journal:
        return "\n".join(out + ["*journal_bench did not run.*\n"]), []

    def rate(name):
        run = journal.find(rf"{name}/real_time")
        return run and run.get("items_per_second")

    rows = []
    raw_batched, raw_each = rate("raw_batched"), rate("raw_each")
    for name, label, events, base in (
            ("raw_batched", "raw SQLite, batched (floor)", "20,000", raw_batched),
            ("append_batched", "**store::append, batched**", "20,000", raw_batched),
            ("raw_each", "raw SQLite, each committed (floor)", "2,000", raw_each),
            ("append_each", "store::append, each committed", "2,000", raw_each),
            ("append_projected", "store::append, batched, with projection rows", "20,000", raw_batched)):
        rows.append([label, events, fmt_time(journal.seconds(rf"{name}/real_time")), fmt_rate(rate(name)),
                     fmt_ratio(ratio(rate(name), base))])
    out.append(table(["run", "events", "time", "events/s", "× its floor"], rows))
    share = ratio(rate("append_batched"), raw_batched)
    met = share is not None and share >= 0.5
    out.append(f"\n**Goal: at least 50 % of raw batched inserts: {word(met)}** "
               + ("" if share is None else f"({share * 100:.0f} %; each committed on its own: "
                                           f"{(ratio(rate('append_each'), raw_each) or 0) * 100:.0f} %)."))
    out.append("\n" + JOURNAL_CAUSES)
    return "\n".join(out), [("Journal: ≥ 50 % of raw batched SQLite inserts",
                             share is not None and f"{share * 100:.0f} %", met)]


MATCHING_INTRO = """\
## Matching

`tests/bench/matching_bench.cpp` generates a seeded synthetic organisation and matches it
under the standard-mentoring template's settings with four mentees per mentor:

- 14 regions with their UTC offsets and languages (English C2 in English-speaking regions,
  otherwise the local language at C2 and English mostly at B2/C1, some only at A2/B1; 15 %
  speak a third language); units of about 400 people in which everyone reports to someone
  more senior, so reporting lines rule out some pairs; 0.5 % of people exclude someone.
- 120 skills and 16 goal areas whose popularity falls off like 1/rank; mentors at grades
  4-10 with 5-10 skills at levels 2-5 and 2-4 interests, 10 % with their own capacity
  (1-6); mentees at grades 1-6 seeking 2-4 skills and 1-3 goal areas; 3 % of mentors also
  want a mentor (role `both`).
- Settings: skills high, goals high, seniority medium, language must, timezone low; grade
  gap 1..4, time zones at most 5h apart, a shared language at B2, reporting lines excluded.

The full-size population has 20,157 mentees (157 of them mentors too, role `both`) and
5,000 mentors with 19,763 places between them: 100.8 million pairs, of which 19.9 million
pass every rule. Places are short, so matching also decides who goes without. Times are
wall-clock, the mean of 3 runs unless noted; `match()` scores with both cores.
"""

MATCHING_PRUNING = """\
`optimal` is proven optimal over all feasible pairs, not just the ones the flow was solved
on: the network-simplex solution's duals are checked against every pair (see
[matching.md](matching.md#large-programs)). `stable` leaves more mentees unmatched than
`optimal` by nature: in every stable pairing the same people are matched, and stability
protects preferences, not the total.
"""

MATCHING_GAP = """\
### What candidate pruning alone loses

Optimal solved on the candidate pool only (each mentee's best K mentors plus each mentor's
best 2 × capacity + 4 mentees; `verify_optimality` off), against the optimum. On
2,000 × 500 the optimum is the flow over every feasible pair (5 seeds); on the full size,
too big for that, it is the verified result, proven optimal by its certificate (1 seed).
Times are per run and exclude computing the reference. The gap is in total score; "pairs
lost" is how many fewer mentees the pruned solution matches. K = 24 with the check is the
default, and its gap must be 0. Run only this part with `--benchmark_filter=gap`.
"""

MATCHING_CHECK = """\
### The optimum against an independent solver

The same generator at sizes where the optimum can be found without any of `match()`'s
machinery: an exhaustive search (every assignment, with a bound) on tiny instances at
capacity 1, and the Hungarian algorithm (each mentor as many columns as places, spare
columns so a mentee may go without; O(n² m)) up to 1,000 × 250. Both are written in the
benchmark and share only the pair scores with `match()`; both maximise the total in the
ranking units the flow optimises, so agreement is exact. Most instances have more mentors
than the candidate pool (24), so the pruning, the auction and the certificate are all at
work; 400 × 80 has fewer places than mentees. Run only this part with
`--benchmark_filter=check`.
"""


def matching_section(matching):
    out = [MATCHING_INTRO]
    if not matching:
        return "\n".join(out + ["*matching_bench did not run.*\n"]), []
    rows = []
    for strategy, pattern in (("optimal", r"BM_match_optimal/2000/500/.*"),
                              ("**optimal**", r"BM_match_optimal/20000/5000/.*"),
                              ("stable", r"BM_match_stable/20000/5000/.*"),
                              ("suggest (3 each)", r"BM_match_suggest/20000/5000/.*")):
        run = matching.find(pattern)
        if run is None:
            continue
        size = f"{int(run['mentees']):,} × {int(run['mentors']):,}"
        if "suggest" in strategy:
            result = f"{int(run['proposals']):,} suggestions; {int(run['unmatched_mentees']):,} mentees have no feasible mentor"
        else:
            result = (f"{int(run['proposals']):,} pairs, {int(run['unmatched_mentees']):,} mentees unmatched, "
                      f"mean score {run['mean_score']:.1f}")
            if "optimal" in strategy:
                result += f", total {run['total_score']:,.0f}" + (", **proven optimal**" if run["proven_optimal"] else
                                                                  ", not proven optimal")
        rows.append([strategy, size, fmt_time(run["real_time"] * UNIT_SECONDS[run["time_unit"]]), result])
    out.append("### `match()` end to end, scoring included\n")
    out.append(table(["strategy", "mentees × mentors", "time", "result"], rows))
    out.append("\n" + MATCHING_PRUNING)
    scoring = matching.find(r"BM_score_all_pairs.*")
    if scoring:
        out.append("### Scoring\n")
        out.append(table(["", ""], [[f"all {scoring['pairs'] / 1e6:.1f} million pairs, one thread",
                                     f"{fmt_time(scoring['real_time'] * UNIT_SECONDS[scoring['time_unit']])}, "
                                     f"**{scoring['ns_per_pair']:.1f} ns per pair**"]]))
        out.append("\nSkills, goal areas and languages are interned and each mentor's profile is a column-major "
                   "byte table, so scoring one mentee against all mentors is a handful of vectorised passes over "
                   "contiguous 5,000-byte columns.\n")
    out.append(MATCHING_GAP)
    rows = []
    for run_name, run in matching.runs.items():
        m = re.fullmatch(r"BM_pruning_gap/mentees:(\d+)/mentors:(\d+)/K:(\d+)/.*", run_name)
        if not m:
            continue
        k = int(m.group(3))
        seeds = 1 if int(m.group(1)) > 5000 else 5  # as the benchmark chooses
        rows.append([f"{int(m.group(1)):,} × {int(m.group(2)):,}", "24 + check (default)" if k == 0 else k,
                     fmt_time(run["real_time"] * UNIT_SECONDS[run["time_unit"]]),
                     pct(run["gap_mean_pct"]), "" if seeds == 1 else pct(run["gap_worst_pct"]),
                     f"{run['fewer_pairs']:.3g}"])
    out.append(table(["instance", "K", "time", "gap, mean", "gap, worst", "pairs lost"], rows))
    out.append("\n" + MATCHING_CHECK)
    rows, all_agree, total = [], True, 0
    for run_name, run in matching.runs.items():
        m = re.fullmatch(r"BM_optimum_check/mentees:(\d+)/mentors:(\d+)/instances:(\d+)/solver:(\d+)/.*", run_name)
        if not m:
            continue
        n = int(run["instances"])
        total += n
        agree = int(run["agree"])
        all_agree = all_agree and agree == n and int(run["valid"]) == n
        rows.append([f"{int(m.group(1)):,} × {int(m.group(2)):,}",
                     "exhaustive (capacity 1)" if m.group(4) == "0" else "Hungarian",
                     f"{n:,}", f"{agree:,}", f"{int(run['proven_optimal']):,}",
                     f"{run['worst_difference_units'] / 10000:g}", f"{run['match_ms']:.2f} ms"])
    out.append(table(["instance", "independent solver", "instances", "same total", "proven optimal by match()",
                      "worst difference (points)", "match() per instance"], rows))
    out.append(f"\n**`optimal` agrees with the independent solver on {'every one' if all_agree else 'not every one'} "
               f"of the {total:,} instances: {word(all_agree)}.**\n")
    goals = [("Matching: the optimum agrees with an independent solver", f"{total:,} instances", all_agree)]
    return "\n".join(out), goals


REHEARSAL_INTRO = """\
## Rehearsal

`tests/bench/rehearsal_bench.cpp` plays a 12-month program with 10,000 relationships
(started on day one, meetings every two weeks, two check-in questions, a pulse survey
after 30 days and a final one) through the program runtime and the rehearsal behaviour
model, with every event journaled in SQLite, against the same rehearsal with no journal,
in the same process. Two runs each, in random order; the faster of each is shown (the
journaled one writes about a gigabyte, so the machine's disk shows in it).
"""


def rehearsal_section(rehearsal):
    out = [REHEARSAL_INTRO]
    if not rehearsal:
        return "\n".join(out + ["*rehearsal_bench did not run.*\n"]), []
    bare = rehearsal.find(r"rehearsal_without_journal/.*")
    journaled = rehearsal.find(r"rehearsal_journaled/.*")
    rows = []
    for label, run in (("no journal (baseline)", bare), ("**journaled**", journaled)):
        if run:
            rows.append([label, fmt_time(run["real_time"] * UNIT_SECONDS[run["time_unit"]]),
                         f"{run['events'] / 1e6:.2f} M", fmt_rate(run["events_per_s"])])
    out.append(table(["run", "time", "events", "events/s"], rows))
    t = rehearsal.seconds(r"rehearsal_journaled/.*")
    met = t is not None and t < 20
    out.append(f"\n**Goal: 12 months × 10,000 relationships journaled in under 20 s: {word(met)}** "
               f"({fmt_time(t)}; the journal costs {fmt_ratio(ratio(t, rehearsal.seconds(r'rehearsal_without_journal/.*')))}"
               " the bare rehearsal). What remains is SQLite's own insert cost (two tables for most events: the "
               "journal and the projection) and the JSON text of each payload.\n")
    return "\n".join(out), [("Rehearsal: 12 months × 10,000 relationships journaled < 20 s", fmt_time(t), met)]


STARTUP_INTRO = """\
## Start-up

`tests/bench/startup_bench.cpp` goes from nothing to the first event delivered, as
`mentorkit run` does: read the shipped sample program (`config/programs/engineering-2027.yaml`
and the template it extends), build the kernel (logging, clock, bus, and discovering the
seven role modules in the build's `lib/mentorkit/plugins`), configure the plugins for the
program (which reads the catalogs they use), start them, publish `program.started`, and
stop the clock when a subscriber receives it. With a store: a new SQLite file is created
for the program first and every start-up event is journaled, as on a first run. The
baseline is `dlopen` and `dlclose` of the seven plugin libraries alone, the part of a
start-up no kernel can skip. Tearing down is not timed; the fastest of 5 repetitions.
"""

STARTUP_CAUSES = """\
There is no goal for start-up. Most of it is reading YAML: perf (`startup_bench
--benchmark_filter=^startup/`, call graphs) puts about 70 % of it under
`detail::load_yaml_file`, nearly all inside yaml-cpp's scanner, for the program, its
template and the catalogs the modules read (about 95 KB of YAML in all). Loading the seven
libraries (the floor) is a fraction of a millisecond. If start-up ever matters, a faster
YAML parser (or the catalogs cached in a binary form) is where the time is.
"""


def startup_section(startup):
    out = [STARTUP_INTRO]
    if not startup:
        return "\n".join(out + ["*startup_bench did not run.*\n"]), []
    floor = startup.seconds(r"dlopen_floor/manual_time")
    rows = [["dlopen of the seven plugins (floor)", fmt_time(floor), "1.00×", "", "", "", "", "", ""]]
    for label, name in (("**kernel, seven modules, sample program**", "startup"),
                        ("the same, with a new store", "startup_store")):
        run = startup.find(rf"{name}/manual_time")
        if not run:
            continue
        t = run["real_time"] * UNIT_SECONDS[run["time_unit"]]
        rows.append([label, fmt_time(t), fmt_ratio(ratio(t, floor))] +
                    [f"{run[k]:.1f} ms" for k in ("program_ms", "store_ms", "kernel_ms", "configure_ms", "start_ms",
                                                   "first_event_ms")])
    out.append(table(["run", "to the first event", "× floor", "read program", "create store",
                      "kernel and plugin discovery", "configure plugins", "start plugins", "publish, deliver"], rows))
    out.append("\n" + STARTUP_CAUSES)
    return "\n".join(out), []


# ---- the page ----------------------------------------------------------------------------


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    results, output = Path(sys.argv[1]), Path(sys.argv[2])
    load = lambda name: Results(results / f"{name}.json")  # noqa: E731
    sections, goals = [], []
    for build, data in ((bus_section, load("bus_bench")), (journal_section, load("journal_bench")),
                        (matching_section, load("matching_bench")), (rehearsal_section, load("rehearsal_bench")),
                        (startup_section, load("startup_bench"))):
        text, section_goals = build(data)
        sections.append(text)
        goals += section_goals

    m = machine()
    contexts = [load(n).context for n in ("bus_bench", "journal_bench", "startup_bench", "rehearsal_bench",
                                          "matching_bench")]
    loads = [c["load_avg"][0] for c in contexts if c.get("load_avg")]
    now = time.time()
    timing = ""
    try:
        started = int((results / "started").read_text())
        built = int((results / "built").read_text())
        finished = int((results / "finished").read_text()) if (results / "finished").exists() else now
        timing = (f" `make bench` took {(finished - started) / 60:.1f} minutes: {(built - started) / 60:.1f} to "
                  f"configure and build, {(finished - built) / 60:.1f} to run.")
    except (OSError, ValueError):
        pass
    header = [
        INTRO,
        f"**Machine**: {m['cpu']}, {m['cores']} cores, {m['memory']}; {m['system']}; {m['compiler']}; Release "
        f"(`-O3`). **Date**: {datetime.date.today().isoformat()}. **Commit**: {commit()}. "
        + (f"Load average when each program started: {', '.join(f'{x:.1f}' for x in loads)}." if loads else "")
        + timing + "\n",
        "## Goals\n",
        table(["goal", "measured", ""], [[g, v or "n/a", verdict(ok)] for g, v, ok in goals]),
        "",
    ]
    output.write_text("\n".join(header + sections).rstrip() + "\n")
    print(f"wrote {output}: " + ", ".join(f"{g}: {'met' if ok else 'missed'}" for g, _, ok in goals))


if __name__ == "__main__":
    main()
