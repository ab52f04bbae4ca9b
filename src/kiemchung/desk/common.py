"""Small things the desk modules share: the roles and the safe subset of HTML."""

from __future__ import annotations

import re

from ..errors import Forbidden

ROLES = ("admin", "editor", "factchecker")
# Who may do what: editors and admins review and publish; everyone on the desk researches.
REVIEWERS = ("admin", "editor")


def require_role(user: "object", roles: tuple[str, ...]) -> None:
    if getattr(user, "role", None) not in roles:
        raise Forbidden(
            f"this needs one of the roles: {', '.join(roles)}", code="needs_role", roles=roles
        )


# What an explanation may contain: paragraphs, emphasis, lists, quotes and links.
ALLOWED_TAGS = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "a", "h3"}


# A tag as HTML writes it (ASCII names, quoted or bare attribute values); "<b và c>" in plain
# text is not one. A comment is removed like a tag.
_TAG = re.compile(
    r"<!--(?:(?!<!--).){0,10000}?-->"  # bounded: a run of unclosed "<!--" stays linear
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]{0,2000}\"|'[^']{0,2000}'|[^\s\"'=<>`]+))?)*)"
    r"\s*/?>",
    re.S,
)
_BARE_ATTRIBUTE = re.compile(r"\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?=\s|$)")
# Elements whose content is code or a frame, never text: removed whole when closed.
_OPAQUE = {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea"}


def _markup(text: str) -> str:
    """``text`` with only the allowed tags left as markup: an opaque element (``<style>…
    </style>``) is removed with its content, any other tag is removed and its text kept, and
    every ``<`` or ``>`` that is not part of a tag is escaped, so that nothing after a stray
    ``<style>`` is lost and ``a<b và c>d`` keeps its words."""
    out: list[str] = []
    position = 0
    unclosed: set[str] = set()  # opaque elements with no closing tag further on
    while True:
        found = _TAG.search(text, position)
        end = found.start() if found else len(text)
        out.append(text[position:end].replace("<", "&lt;").replace(">", "&gt;"))
        if found is None:
            return "".join(out)
        position = found.end()
        closing, name, attributes = found.group(1), (found.group(2) or "").lower(), found.group(3)
        if name in ALLOWED_TAGS and not _BARE_ATTRIBUTE.search(attributes or ""):
            out.append(found.group())  # nh3 keeps the attributes it allows
        elif name in _OPAQUE and not closing and name not in unclosed:
            close = re.compile(rf"</{name}\s*>", re.I).search(text, position)
            if close is None:
                unclosed.add(name)
            else:
                position = close.end()
        elif name in ALLOWED_TAGS:  # "<b and c>": words, not attributes, so text
            out.append(found.group().replace("<", "&lt;").replace(">", "&gt;"))


def sanitize_html(text: str) -> str:
    """Rich text made safe with nh3; plain text (no tags) becomes paragraphs."""
    import nh3

    text = _markup(text.strip())
    if "<p" not in text.lower():
        # Paragraphs from blank lines, lines broken where they were.
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
