"""Browsers ask every page's /favicon.ico: it answers with the icon among the static files, never 404."""

import struct

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_anyone_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"


def test_favicon_ico_answers_a_head_request_as_a_get(client):
    response = client.head("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/img/favicon.ico")


def test_favicon_ico_refuses_a_post(client):
    assert client.post("/favicon.ico").status_code == 405


def test_the_static_icon_is_a_real_ico_of_three_sizes():
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        reserved, kind, count = struct.unpack("<HHH", icon.read(6))
        sizes = sorted(struct.unpack("<BB", icon.read(16)[:2])[0] for _ in range(count))
    assert (reserved, kind, count) == (0, 1, 3)
    assert sizes == [16, 32, 48]


def test_the_svg_icon_exists_and_is_svg():
    with open(finders.find("img/favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_every_page_links_both_icons(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="16x16 32x32 48x48">' in html
