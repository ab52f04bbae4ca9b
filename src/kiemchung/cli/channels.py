"""``kiemchung channels``: the tipline on messaging platforms — a key for reply addresses,
pointing Telegram at the webhook, sending the follow-ups that are due and deleting old
addresses."""

from __future__ import annotations

import typer

from . import app
from .common import open_store, stderr

channels_app = typer.Typer(
    help=(
        "Messaging channels (Telegram, Messenger, Zalo): key, webhook set-up, "
        "follow-ups, purge. Setting up each platform: docs/channels.md. "
        "Example: kiemchung channels deliver"
    ),
    no_args_is_help=True,
)
app.add_typer(channels_app, name="channels")
telegram_app = typer.Typer(
    help="The Telegram bot. Example: kiemchung channels telegram set-webhook URL",
    no_args_is_help=True,
)
channels_app.add_typer(telegram_app, name="telegram")


@channels_app.command("key")
def key_command() -> None:
    """Print a new key for KIEMCHUNG_CHANNEL_KEY (reply addresses are encrypted with it).

    Example: export KIEMCHUNG_CHANNEL_KEY=$(kiemchung channels key)
    """
    from ..channels.sealing import new_key

    print(new_key())


@telegram_app.command("set-webhook")
def set_webhook_command(
    url: str = typer.Argument(..., help="The public address of /channels/telegram (https)."),
) -> None:
    """Tell Telegram to send the bot's messages to URL, signed with KIEMCHUNG_TELEGRAM_SECRET.

    Example: kiemchung channels telegram set-webhook https://kiemchung.example.vn/channels/telegram
    """
    from ..channels.platforms import check
    from ..channels.telegram import Telegram
    from ..errors import SettingError

    store = open_store()
    if "telegram" not in check(store.settings):
        raise SettingError("The telegram channel is off: set KIEMCHUNG_TELEGRAM_TOKEN.")
    Telegram(store.settings).set_webhook(url)
    stderr.print(f"Telegram now sends the bot's messages to {url}")


@channels_app.command("deliver")
def deliver_command() -> None:
    """Send the follow-ups that are due (kiemchung monitor does it each cycle).

    Example: kiemchung channels deliver
    """
    from ..channels import followups

    store = open_store()
    sent = followups.deliver(store)
    stderr.print(f"{sent} follow-up(s) sent")


@channels_app.command("purge")
def purge_command() -> None:
    """Delete reply addresses older than KIEMCHUNG_CHANNEL_RETENTION_DAYS (the monitor does it
    each cycle).

    Example: kiemchung channels purge
    """
    from ..channels import followups

    store = open_store()
    deleted = followups.purge(store)
    stderr.print(f"{deleted} reply address(es) deleted")
