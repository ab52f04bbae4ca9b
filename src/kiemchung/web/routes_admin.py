"""The desk's overview and administration: dashboard, audit log, users and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..desk import audit, dashboard, users
from ..desk.common import ROLES
from ..desk.users import User
from . import audit_text, charts, i18n
from .auth import require
from .pages import check_csrf, language, render
from .services import services

router = APIRouter(prefix="/desk", include_in_schema=False)
FORM = [Depends(check_csrf)]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, user: User = Depends(require())) -> HTMLResponse:
    lang = language(request)
    data = dashboard.dashboard(services(request).store)
    status_chart = charts.bars(
        [(i18n.translate(f"status.{key}", lang), value) for key, value in data.by_status.items()],
        horizontal=True,
        title=i18n.translate("dash.by_status", lang),
    )
    tips_chart = charts.bars(
        [(i18n.format_day(day, lang), value) for day, value in data.tips_per_day],
        title=i18n.translate("dash.tips_per_day", lang),
    )
    hours_chart = charts.histogram(
        data.hours_to_publish,
        i18n.translate("dash.hours", lang),
        title=i18n.translate("dash.median", lang),
    )
    return render(
        request,
        "desk/dashboard.html",
        data=data,
        status_chart=Markup(status_chart),
        tips_chart=Markup(tips_chart),
        hours_chart=Markup(hours_chart),
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: User = Depends(require("admin"))) -> HTMLResponse:
    store = services(request).store
    lang = language(request)
    # Deactivated people too: the log names whoever did or was given something then.
    everyone = users.all_users(store) + users.deactivated_users(store)
    people = {person.id: person.name for person in everyone}
    entries = audit.entries(store, 500)
    return render(
        request,
        "desk/audit.html",
        entries=[(entry, audit_text.sentence(entry, lang, people)) for entry in entries],
    )


@router.get("/audit.csv")
def audit_export(request: Request, user: User = Depends(require("admin"))) -> Response:
    return Response(
        audit.export_csv(services(request).store),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="audit.csv"'},
    )


def _users_page(request: Request, user: User, token: str | None = None) -> HTMLResponse:
    """Everyone sees their own API tokens; an admin sees every user and every token."""
    store = services(request).store
    admin = user.role == "admin"
    return render(
        request,
        "desk/users.html",
        users=users.all_users(store) if admin else [],
        deactivated=users.deactivated_users(store) if admin else [],
        tokens=users.tokens(store, None if admin else user.email),
        roles=ROLES,
        token=token,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: User = Depends(require())) -> HTMLResponse:
    return _users_page(request, user)


@router.post("/users", dependencies=FORM)
def add_user(
    request: Request,
    email: str = Form("", max_length=254),
    name: str = Form("", max_length=100),
    role: str = Form("", max_length=16),
    password: str = Form("", max_length=1000),
    user: User = Depends(require("admin")),
) -> Response:
    users.add(services(request).store, email, password, role, name or None, actor=user.email)
    return RedirectResponse("/desk/users", status_code=303)


@router.post("/users/role", dependencies=FORM)
def change_role(
    request: Request,
    email: str = Form("", max_length=254),
    role: str = Form("", max_length=16),
    user: User = Depends(require("admin")),
) -> Response:
    users.set_role(services(request).store, email, role, actor=user.email)
    return RedirectResponse("/desk/users", status_code=303)


@router.post("/tokens", response_class=HTMLResponse, dependencies=FORM)
def create_token(
    request: Request, name: str = Form("script", max_length=100), user: User = Depends(require())
) -> HTMLResponse:
    store = services(request).store
    token = users.create_token(store, user.email, name or "script", actor=user.email)
    return _users_page(request, user, token)


@router.post("/tokens/revoke", dependencies=FORM)
def revoke_token(
    request: Request, token_id: int = Form(...), user: User = Depends(require())
) -> Response:
    """Revoke an API token: one's own, or anyone's for an admin."""
    owner = None if user.role == "admin" else user.email
    users.revoke_token(services(request).store, token_id, actor=user.email, owner=owner)
    return RedirectResponse("/desk/users#tokens", status_code=303)


@router.post("/users/deactivate", dependencies=FORM)
def deactivate_user(
    request: Request, email: str = Form("", max_length=254), user: User = Depends(require("admin"))
) -> Response:
    users.deactivate(services(request).store, email, actor=user.email)
    return RedirectResponse("/desk/users", status_code=303)


@router.post("/users/activate", dependencies=FORM)
def activate_user(
    request: Request, email: str = Form("", max_length=254), user: User = Depends(require("admin"))
) -> Response:
    users.activate(services(request).store, email, actor=user.email)
    return RedirectResponse("/desk/users", status_code=303)


@router.post("/users/remove", dependencies=FORM)
def remove_user(
    request: Request, email: str = Form("", max_length=254), user: User = Depends(require("admin"))
) -> Response:
    users.remove(services(request).store, email, actor=user.email)
    return RedirectResponse("/desk/users", status_code=303)
