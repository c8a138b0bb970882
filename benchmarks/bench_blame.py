"""Blame-language checker: accuracy on the labelled corpus, and speed beside other prose linters.

Prints, in one run:

1. flagged-versus-clean precision and recall on each set of the corpus, the rules alone
   beside rules + sentence model: the sets trained or tuned on, then the sets never trained
   or tuned on (with per-category precision and recall, and category accuracy);
2. the time to check the same ~100 KB post-mortem text with our checker, proselint (PyPI)
   and, where Node is present, write-good and alex (npm), side by side;
3. the time each command line takes to answer, start-up included (ours, proselint,
   write-good, alex), on one line and on the ~100 KB text;
4. the time to re-check one 2,000-character field (what the app does on each pause in
   typing): median and p95.

Peers that are not installed are skipped with a note. To install them:

    .venv/bin/pip install -e '.[bench]'                       # proselint
    python benchmarks/bench_blame.py --install-node-peers      # write-good and alex, into
                                                               # ~/.cache/facilitator-bench-node

Run: ``.venv/bin/python benchmarks/bench_blame.py`` (``--quick`` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "core" / "blame"))

from corpus_io import (  # noqa: E402
    DOCUMENT_SETS,
    HELD_OUT_SETS,
    LABELS,
    TRAINING_SETS,
    documents,
    load,
)

from facilitator.core.blame import (  # noqa: E402
    LintContext,
    lint,
    lint_markdown,
)
from facilitator.core.blame.engine import clear_cache  # noqa: E402
from facilitator.core.blame.markdown import block_tokens  # noqa: E402
from facilitator.core.blame.sentence_model import RULE_ID as MODEL_RULE  # noqa: E402

SAMPLE = ROOT / "benchmarks" / "data" / "postmortem_sample.md"
NODE_DIR = Path(os.environ.get("FACILITATOR_BENCH_NODE_DIR",
                               Path.home() / ".cache" / "facilitator-bench-node"))
NODE_PEERS = {"write-good": "1.0.8", "alex": "11.0.1"}
CATEGORIES = [label for label in LABELS if label != "clean"]


# ------------------------------------------------------------------ accuracy


@dataclass
class Tally:
    tp: int
    fp: int
    fn: int
    right: int  # flagged blame sentences given their own category
    per: dict[str, dict[str, int]]


def _tally(split: str, disabled: frozenset[str]) -> Tally:
    tp = fp = fn = right = 0
    per = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    for example in load(split):
        context = LintContext(roster=example.roster, disabled=disabled)
        found = {f.category for f in lint(example.text, context)}
        wanted = example.label != "clean"
        if found and wanted:
            tp += 1
            right += example.label in found
        elif found:
            fp += 1
        elif wanted:
            fn += 1
        for category in CATEGORIES:
            predicted, actual = category in found, example.label == category
            if predicted and actual:
                per[category]["tp"] += 1
            elif predicted:
                per[category]["fp"] += 1
            elif actual:
                per[category]["fn"] += 1
    return Tally(tp, fp, fn, right, per)


def _ratio(a: int, b: int) -> float:
    return a / max(1, a + b)


def accuracy(splits: tuple[str, ...], title: str, detail: bool) -> None:
    """Flagged-versus-clean figures of each set, the rules alone beside rules + model, and
    (``detail``) per-category figures of the whole checker."""
    print(f"\n{title}")
    print(f"  {'set':15} {'n':>5} {'clean':>5}   {'rules alone':>15}   "
          f"{'rules + model':>15}   {'category':>8}")
    print(f"  {'':15} {'':>5} {'':>5}   {'P':>7} {'R':>7}   {'P':>7} {'R':>7}   "
          f"{'accuracy':>8}")
    pooled = {"rules": [0, 0, 0], "both": [0, 0, 0]}
    for split in splits:
        examples = load(split)
        rules = _tally(split, frozenset({MODEL_RULE}))
        both = _tally(split, frozenset())
        for key, t in (("rules", rules), ("both", both)):
            pooled[key] = [pooled[key][0] + t.tp, pooled[key][1] + t.fp, pooled[key][2] + t.fn]
        n_clean = sum(e.label == "clean" for e in examples)
        print(f"  {split:15} {len(examples):>5} {n_clean:>5}   "
              f"{_ratio(rules.tp, rules.fp):>7.3f} {_ratio(rules.tp, rules.fn):>7.3f}   "
              f"{_ratio(both.tp, both.fp):>7.3f} {_ratio(both.tp, both.fn):>7.3f}   "
              f"{both.right / max(1, both.tp):>8.3f}")
        if detail:
            for category in CATEGORIES:
                c = both.per[category]
                print(f"      {category:20} n {c['tp'] + c['fn']:>4}   precision "
                      f"{_ratio(c['tp'], c['fp']):.3f}   recall {_ratio(c['tp'], c['fn']):.3f}")
    if len(splits) > 1:
        r, b = pooled["rules"], pooled["both"]
        print(f"  {'all of these':15} {'':>5} {'':>5}   {_ratio(r[0], r[1]):>7.3f} "
              f"{_ratio(r[0], r[2]):>7.3f}   {_ratio(b[0], b[1]):>7.3f} {_ratio(b[0], b[2]):>7.3f}")


def document_flags() -> None:
    """Findings on post-mortems written to hold no blame at all: each one is a false flag,
    what a team sees on a shared screen when the checker is wrong."""
    print("\nWholly blameless post-mortems by four other writers (each finding is a false flag;"
          "\nclean_a to clean_c were read to fix rules and are training data; clean_d is never "
          "read):")
    print(f"  {'set':15} {'docs':>5} {'KB':>5}   {'rules alone':>11}   {'rules + model':>13}")
    for split in DOCUMENT_SETS:
        texts = [path.read_text(encoding="utf-8") for path in documents(split)]
        rules = sum(len(lint_markdown(t, LintContext(disabled=frozenset({MODEL_RULE}))))
                    for t in texts)
        both = sum(len(lint_markdown(t)) for t in texts)
        print(f"  {split:15} {len(texts):>5} {sum(map(len, texts)) / 1000:>5.0f}   "
              f"{rules:>11}   {both:>13}")


# ------------------------------------------------------------------ speed


def big_text(size: int = 100_000, dense: bool = False) -> str:
    """About ``size`` characters of post-mortem Markdown.

    Realistic (default): distinct post-mortems one after another (the sample, the wholly
    blameless documents of ``tests/core/blame/documents`` and the Markdown fixtures of
    ``tests/core``), each followed by a "Discussion notes" section of 12 corpus sentences
    (some blameful, most not), so nothing repeats and no cache is flattered. Dense: the
    corpus sentences alone, one paragraph each (a worst case: a finding every 200 bytes).
    """
    sentences = [e.text for e in load("dev") + load("heldout")]
    if dense:
        chunks, total, i = [], 0, 0
        while total < size:
            chunks.append("\n\n".join(sentences[(i * 40) % len(sentences):][:40]))
            total += len(chunks[-1]) + 2
            i += 1
        return "\n\n".join(chunks)[:size]
    docs = [SAMPLE, *(path for split in DOCUMENT_SETS for path in documents(split)),
            *sorted((ROOT / "tests" / "core" / "fixtures").glob("*.md")),
            *sorted((ROOT / "tests" / "core" / "golden").glob("*.md"))]
    chunks, total, i = [], 0, 0
    while total < size:
        notes = sentences[(i * 12) % len(sentences):][:12]
        chunk = (docs[i % len(docs)].read_text(encoding="utf-8") + "\n## Discussion notes\n\n"
                 + "\n".join(f"- {s}" for s in notes))
        chunks.append(chunk)
        total += len(chunk) + 2
        i += 1
    return "\n\n".join(chunks)[:size]


@dataclass
class Timing:
    wall: float  # median wall-clock seconds
    cpu: float  # median CPU seconds (what other processes' load does not inflate)
    best: float  # least CPU seconds: the code's own cost, with the least interference

    @classmethod
    def of(cls, runs: list[tuple[float, float]]) -> Timing:
        walls, cpus = zip(*runs, strict=True)
        return cls(statistics.median(walls), statistics.median(cpus), min(cpus))


def run_once(fn: Callable[[], object], *, forget: bool = True) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call of ``fn``. With ``forget``, our caches (sentence
    results, the plans of which patterns to run on them, words read) are emptied first: the
    run is a first check of the text, helped only where the text repeats itself. (What is
    built once from the rules or per roster, compiled patterns and word tables, is kept.)"""
    if forget:
        clear_cache()
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def proselint_checker() -> Callable[[str], int] | None:
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)

    def check(text: str) -> int:
        return len(LintFile("bench.md", text).lint(DEFAULT))

    return check


# Checks the text once per line read on stdin, and prints how long that took; the first line
# it prints is the number of findings (after a warm-up run).
NODE_RUNNER = r"""
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const [,, peer, file] = process.argv;
const text = fs.readFileSync(file, 'utf8');
async function main() {
  let check;
  if (peer === 'write-good') {
    const writeGood = require(path.join(process.env.PEER_DIR, 'node_modules', 'write-good'));
    check = () => writeGood(text).length;
  } else {
    const alex = await import(path.join(process.env.PEER_DIR, 'node_modules', 'alex', 'index.js'));
    check = () => alex.markdown(text).messages.length;
  }
  console.log(JSON.stringify({count: check()}));
  readline.createInterface({input: process.stdin}).on('line', () => {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    check();
    const used = process.cpuUsage(c);
    console.log(JSON.stringify({wall: Number(process.hrtime.bigint() - t) / 1e9,
                                cpu: (used.user + used.system) / 1e6}));
  });
}
main();
"""


class NodePeer:
    """A peer from npm, kept running in Node so that each run is one check of the text,
    start-up and compilation left out, taken when asked (``run_once``)."""

    def __init__(self, peer: str, text_file: Path, runner: Path) -> None:
        self.process = subprocess.Popen(
            [str(shutil.which("node")), str(runner), peer, str(text_file)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PEER_DIR": str(NODE_DIR)},
        )
        first = self.process.stdout.readline() if self.process.stdout else ""
        if not first:
            error = self.process.stderr.read() if self.process.stderr else ""
            raise RuntimeError(f"failed: {error.strip().splitlines()[-1:]}")
        self.count = int(json.loads(first)["count"])

    def run_once(self) -> tuple[float, float]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        data = json.loads(self.process.stdout.readline())
        return float(data["wall"]), float(data["cpu"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def node_peer(peer: str, text_file: Path, runner: Path) -> NodePeer | str:
    if shutil.which("node") is None:
        return "node not found"
    if not (NODE_DIR / "node_modules" / peer).is_dir():
        return f"not installed (run with --install-node-peers; looked in {NODE_DIR})"
    try:
        return NodePeer(peer, text_file, runner)
    except (RuntimeError, ValueError, KeyError) as error:
        return str(error)


def install_node_peers() -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    packages = [f"{name}@{version}" for name, version in NODE_PEERS.items()]
    subprocess.run([npm, "install", "--prefix", str(NODE_DIR), *packages], check=True)


# Seconds of a pause before each timed run, and of the window in which the peers' processes
# must use no CPU time for the run to start (``settle``).
SETTLE = 0.05


def _cpu_ticks(pids: list[int]) -> int | None:
    """The CPU time the processes ``pids`` have used, in clock ticks (None without /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        total += int(fields[11]) + int(fields[12])  # utime and stime
    return total


def settle(pids: list[int]) -> None:
    """Wait for the peers' processes to be idle: a pause of ``SETTLE``, then until they use
    no CPU time over a window of ``SETTLE`` (Node collects garbage and compiles on other
    threads after answering, on the same cores as the next run), two seconds at most. Where
    there is no /proc to read, the pause alone."""
    time.sleep(SETTLE)
    before = _cpu_ticks(pids)
    deadline = time.perf_counter() + 2.0
    while before is not None and time.perf_counter() < deadline:
        time.sleep(SETTLE)
        now = _cpu_ticks(pids)
        if now == before:
            return
        before = now


def speed(repeat: int) -> None:
    text = big_text()
    dense = big_text(dense=True)
    print(f"\nspeed: one {len(text) / 1000:.0f} KB post-mortem text, {repeat} rounds after a "
          "warm-up; in each round every checker checks it once, in turn, so that all see the "
          "same load on the machine (each in its own process with no start-up cost; ours with "
          "its caches emptied before each run); each round starts at another checker, and each "
          f"run after a pause of {SETTLE * 1000:.0f} ms and once the peers' processes have used "
          f"no CPU time for {SETTLE * 1000:.0f} ms, so that none pays for the work another "
          "leaves running (Node collects garbage on other threads after answering)")
    # name, run once, findings; None for a peer that is not there, with why
    checkers: list[tuple[str, Callable[[], tuple[float, float]] | None, str]] = [
        ("facilitator lint() (plain text)", lambda: run_once(lambda: lint(text)),
         f"{len(lint(text))} findings"),
        ("facilitator lint_markdown()", lambda: run_once(lambda: lint_markdown(text)),
         f"{len(lint_markdown(text))} findings"),
        # The part of it no change to the checker can save: markdown-it's block parse.
        ("  of which markdown-it block parse", lambda: run_once(lambda: block_tokens(text)),
         f"{len(block_tokens(text))} block tokens"),
        ("facilitator lint(), blame-dense", lambda: run_once(lambda: lint(dense)),
         f"{len(lint(dense))} findings (worst case; peers not run on it)"),
    ]
    ours = len(checkers)
    check = proselint_checker()
    if check is None:
        checkers.append(("proselint", None, "not installed: pip install -e '.[bench]'"))
    else:
        checkers.append(("proselint 0.16.0 (PyPI)", lambda: run_once(lambda: check(text)),
                         f"{check(text)} findings"))
    node_peers: list[NodePeer] = []
    with tempfile.TemporaryDirectory() as tmp:
        text_file, runner = Path(tmp, "postmortem.md"), Path(tmp, "runner.cjs")
        text_file.write_text(text, encoding="utf-8")
        runner.write_text(NODE_RUNNER, encoding="utf-8")
        for peer in NODE_PEERS:
            outcome = node_peer(peer, text_file, runner)
            if isinstance(outcome, str):
                checkers.append((peer, None, outcome))
            else:
                node_peers.append(outcome)
                checkers.append((f"{peer} {NODE_PEERS[peer]} (npm)", outcome.run_once,
                                 f"{outcome.count} findings"))
        try:
            runs: list[list[tuple[float, float]]] = [[] for _ in checkers]
            for round_ in range(repeat):
                for step in range(len(checkers)):
                    index = (round_ + step) % len(checkers)
                    run = checkers[index][1]
                    if run is not None:
                        settle([node.process.pid for node in node_peers])
                        runs[index].append(run())
        finally:
            for node in node_peers:
                node.close()

    timings = [Timing.of(r) if r else None for r in runs]
    print(f"  {'checker':34} {'wall':>10} {'CPU':>10} {'best CPU':>10}")
    for (name, _, note), row in zip(checkers, timings, strict=True):
        shown = (f"{row.wall * 1000:7.1f} ms {row.cpu * 1000:7.1f} ms "
                 f"{row.best * 1000:7.1f} ms" if row is not None
                 else "    skipped                      ")
        print(f"  {name:34} {shown}   {note}")
    peers = [t for t in timings[ours:] if t is not None]
    if peers:
        print("  faster than the fastest peer (wall / CPU / best CPU):")
        for name, mine in (("plain text", timings[0]), ("Markdown", timings[1])):
            assert mine is not None
            ratios = (min(p.wall for p in peers) / mine.wall, min(p.cpu for p in peers) / mine.cpu,
                      min(p.best for p in peers) / mine.best)
            print(f"    {name:10} " + " / ".join(f"{r:.1f}x" for r in ratios))


def command_line(repeat: int) -> None:
    """How long each command takes to answer, start-up included: what a user waits for.

    Each command runs once untimed first, and Python may write its bytecode cache, as on a
    user's machine after the first run (a shell that sets PYTHONDONTWRITEBYTECODE would
    otherwise have every Python command compile its modules again on each run)."""
    print(f"\ncommand line: time to answer, start-up included (median wall of {repeat} runs "
          "after one untimed run)")
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        one_line = Path(tmp, "one-line.md")
        one_line.write_text("Priya ignored the alert.\n", encoding="utf-8")
        whole = Path(tmp, "postmortem.md")
        whole.write_text(big_text(), encoding="utf-8")
        commands = {"facilitator lint": [str(Path(sys.executable).with_name("facilitator")),
                                         "lint"]}
        if shutil.which("proselint", path=str(Path(sys.executable).parent)):
            commands["proselint check"] = [str(Path(sys.executable).with_name("proselint")),
                                           "check"]
        for peer in NODE_PEERS:
            cli = NODE_DIR / "node_modules" / ".bin" / peer
            if cli.exists():
                commands[peer] = [str(cli)]
        print(f"  {'command':20} {'one line':>10} {'100 KB':>10}")
        for name, command in commands.items():
            shown = []
            for path in (one_line, whole):
                walls = []
                for run in range(repeat + 1):
                    start = time.perf_counter()
                    subprocess.run([*command, str(path)], capture_output=True, check=False,
                                   env=env)
                    if run:
                        walls.append(time.perf_counter() - start)
                shown.append(f"{statistics.median(walls) * 1000:7.0f} ms")
            print(f"  {name:20} {shown[0]:>10} {shown[1]:>10}")


def field(repeat: int) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    prose = sample[sample.index("## Summary"):]
    dense = " ".join(e.text.rstrip(".") + "." for e in load("dev") if e.label != "clean")
    print(f"\nre-check one 2,000-character field ({repeat} runs each)")
    print("  cold: sentences and words read forgotten before each run (a field checked for the "
          "first time)")
    print("  new roster: the same, with a roster not seen before (the first check of a meeting: "
          "its word tables are built)")
    print("  edit: one word typed into the middle (what the app does on a pause in typing: only "
          "the edited sentence is new)")
    for name, text in (("typical post-mortem prose", prose[:2000]),
                       ("dense with blame language", dense[:2000])):
        lint(text)
        runs = {
            "cold": [run_once(partial(lint, text)) for _ in range(repeat)],
            "new roster": [run_once(partial(lint, text, LintContext(roster=(f"Person{i}",))))
                           for i in range(repeat)],
            "edit": [run_once(partial(lint, text[:1000] + f" word{i} " + text[1000:]),
                              forget=False) for i in range(repeat)],
        }
        for mode, timings in runs.items():
            walls, cpus = (sorted(t) for t in zip(*timings, strict=True))
            at95 = int(len(walls) * 0.95) - 1
            # the minimum is what the code costs when nothing else competes for the CPU
            print(f"  {name:27} {mode:10} wall median {statistics.median(walls) * 1e6:6.0f} us "
                  f"p95 {walls[at95] * 1e6:6.0f} us | CPU min {cpus[0] * 1e6:6.0f} us median "
                  f"{statistics.median(cpus) * 1e6:6.0f} us p95 {cpus[at95] * 1e6:6.0f} us "
                  f"({len(lint(text))} findings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--install-node-peers", action="store_true",
                        help=f"npm-install write-good and alex into {NODE_DIR} first")
    args = parser.parse_args()
    if args.install_node_peers:
        install_node_peers()
    accuracy(TRAINING_SETS, "Trained on (rules tuned on dev; model trained on all of these):",
             detail=False)
    accuracy(HELD_OUT_SETS, "Never trained or tuned on (blind_* by two other writers):",
             detail=True)
    document_flags()
    speed(5 if args.quick else 20)
    command_line(3 if args.quick else 10)
    field(300 if args.quick else 3000)


if __name__ == "__main__":
    main()
