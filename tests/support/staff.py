"""Helpers for the secretariat's portal tests: a logged-in secretariat user and its API token."""

from __future__ import annotations

import uuid


def staff_client(*, approver: bool = True):
    """A Django test client logged in as a new secretariat user, and that user's API token."""
    from django.test import Client

    from pipeline.portal.staff import create_user

    name = f"sekr-{uuid.uuid4().hex[:8]}"
    token = create_user(name, "hemmelig-passord-1", approver=approver)
    client = Client()
    assert client.login(username=name, password="hemmelig-passord-1")
    client.username = name
    return client, token
