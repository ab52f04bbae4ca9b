"""Small things the desk modules share: the roles and the safe subset of HTML."""

from __future__ import annotations

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


def sanitize_html(text: str) -> str:
    """Rich text made safe with nh3; plain text (no tags) becomes paragraphs."""
    import html

    import nh3

    text = text.strip()
    if "<p" not in text.lower():
        # Paragraphs from blank lines; escaping a lone "<" keeps "x < y" readable.
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        text = "".join(
            "<p>" + (p if "<" in p and ">" in p else html.escape(p)).replace("\n", "<br>") + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
