"""Write ``rule_index.json``: what each rule's patterns cannot match without.

    .venv/bin/python scripts/index_rules.py    # after editing a rule; a few seconds

The checker reads the shipped index at start-up instead of parsing every pattern (see
``facilitator.core.blame.rule_index``). While the file is stale the checker still works, only
slower to start, and ``tests/core/blame/test_blame_rule_index.py`` fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from facilitator.core.blame.rule_index import INDEX_FILE, to_json  # noqa: E402
from facilitator.core.blame.rules import RULES  # noqa: E402


def main() -> None:
    text = to_json(RULES)
    if INDEX_FILE.exists() and INDEX_FILE.read_text(encoding="utf-8") == text:
        print(f"{INDEX_FILE.name} is current ({len(RULES)} rules)")
        return
    INDEX_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {INDEX_FILE} ({len(RULES)} rules, {len(text) // 1000} KB)")


if __name__ == "__main__":
    main()
