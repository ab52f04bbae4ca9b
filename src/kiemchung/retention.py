"""What is deleted once nothing needs it (``docs/privacy.md`` says how long each thing is kept).

``kiemchung monitor`` tidies when it starts and hourly after, ``kiemchung db tidy`` on demand:

- an image a reader sent that no queue item and no fact-check is about, after
  ``KIEMCHUNG_IMAGE_RETENTION_DAYS`` (``images.library.purge``);
- archive files (WARC copies, screenshots) that no kept source names, an hour after they were
  written (``desk.archive.sweep``);
- files a killed write left half written.

Reply addresses of messaging channels have their own period (``channels.followups.purge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class Tidied:
    images: int  # images deleted, rows and files
    archive_files: int  # archive files deleted


def tidy(store: Store) -> Tidied:
    """Delete what nothing needs any more; a rerun finds nothing more to do."""
    from .desk import archive
    from .images import library

    return Tidied(images=library.purge(store), archive_files=archive.sweep(store))
