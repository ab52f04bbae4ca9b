"""Quality measured on labelled sets in the formats of ``shared/eval/FORMATS.md``."""
