"""Issue 16 item 8: the site can be added to a phone's home screen and has a favicon."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    if response.status_code != 200:
        assert response["Location"].endswith(".ico")
        assert finders.find("terbalik/icons/favicon.ico")


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get(reverse("core:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] and manifest["short_name"] == "Terbalik"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= set(sizes)
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_png_icons_have_the_sizes_they_claim():
    for size in (192, 512):
        path = finders.find(f"terbalik/icons/icon-{size}.png")
        assert path, size
        with open(path, "rb") as handle:
            head = handle.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(head[16:20], "big") == size
        assert int.from_bytes(head[20:24], "big") == size


def test_pages_link_the_manifest_and_icons(client, participant_user):
    client.force_login(participant_user)
    html = client.get(reverse("core:home")).content.decode()
    assert 'rel="manifest"' in html and 'rel="icon"' in html and 'rel="apple-touch-icon"' in html
    assert '<meta name="theme-color"' in html


def test_manifest_follows_the_language(client):
    client.cookies["terbalik_language"] = "id"
    manifest = json.loads(client.get(reverse("core:manifest")).content)
    assert manifest["lang"] == "id"
    assert "mentoring terbalik" in manifest["description"].lower()
