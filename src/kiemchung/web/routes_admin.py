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
    )
    tips_chart = charts.bars(
        [(i18n.format_date(day, lang)[:5], value) for day, value in data.tips_per_day]
    )
    hours_chart = charts.histogram(data.hours_to_publish, i18n.translate("dash.hours", lang))
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
    people = {person.id: person.name for person in users.all_users(store)}
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


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: User = Depends(require())) -> HTMLResponse:
    store = services(request).store
    listing = users.all_users(store) if user.role == "admin" else []
    return render(request, "desk/users.html", users=listing, roles=ROLES, token=None)


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
    listing = users.all_users(store) if user.role == "admin" else []
    return render(request, "desk/users.html", users=listing, roles=ROLES, token=token)
