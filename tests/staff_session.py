"""Signing a test client in at /login, the one staff sign-in, as a browser does."""

from __future__ import annotations

import re

import httpx


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> str:
    """Sign in; later requests carry the session's CSRF token in the X-CSRF-Token header, as
    the admin pages' script sends it. Returns the token."""
    client.cookies.clear()  # a fresh browser: whoever was signed in before is gone
    client.headers.pop("X-CSRF-Token", None)
    page = await client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, "no CSRF token on the login page"
    resp = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf": found[1], "next": "/admin/"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text[:300]
    home = await client.get("/admin/")
    token = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
    assert token, "the admin home carries no CSRF token"
    client.headers["X-CSRF-Token"] = token[1]
    return token[1]
