"""Quality measured on labelled sets in the formats of ``docs/eval-formats.md``."""
