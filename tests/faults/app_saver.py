"""One real app process saving into a shared archive, as the meeting screen does.

    python app_saver.py ARCHIVE LABEL SAVES

Runs the Textual app headless (``run_test``), starts a post-mortem, and for each save adds one
"went well" item and calls the meeting screen's own ``save_now`` (post-mortem and meeting
state); every 100 saves it starts a new post-mortem. Prints one JSON object: the ids, how many
saves were attempted and how many failed, and every message the app showed.
"""

from __future__ import annotations

import asyncio
import json
import sys

from facilitator.store.archive import Archive
from facilitator.ui.app import FacilitatorApp


async def main(db: str, label: str, saves: int) -> dict[str, object]:
    archive = Archive.open(db)
    app = FacilitatorApp(archive)
    failed = 0
    ids: list[str] = []
    async with app.run_test(headless=True, size=(100, 30)) as pilot:
        for n in range(saves):
            if n % 100 == 0:
                app.new_postmortem()
                await pilot.pause()
                app.screen.pm.title = f"{label} {n // 100}"
            screen = app.screen
            screen.pm.went_well.append(f"{label} item {n}")
            if not screen.save_now():
                failed += 1
            if screen.pm.id and screen.pm.id not in ids:
                ids.append(screen.pm.id)
            if n % 10 == 0:
                await asyncio.sleep(0)  # let timers and messages run, as in real use
        await pilot.pause()
        messages = [str(note.message) for note in app._notifications]
    archive.close()
    return {"ids": ids, "saves": saves, "failed": failed, "messages": messages}


if __name__ == "__main__":
    result = asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    print(json.dumps(result))
