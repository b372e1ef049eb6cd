"""Finding 5: locking other people out through the proxy (issue 17)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


# Finding 5: anyone can lock any account behind the documented proxy.


@pytest.fixture
def behind_the_proxy(settings):
    """Production behind the TLS proxy of docs/DEPLOYMENT.md: one proxy, on 127.0.0.1."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def through_the_proxy(client, username, password, *, client_address, spoofed=""):
    """A login as nginx forwards it: it appends the address it saw to X-Forwarded-For."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_X_FORWARDED_PROTO="https",
    )


def test_finding_5_five_wrong_passwords_from_one_address_do_not_lock_out_another(
    client, leader, behind_the_proxy
):
    from django.test import Client

    from tests.conftest import PASSWORD

    for _ in range(5):
        through_the_proxy(client, "leader", "sai-mật-khẩu", client_address="203.0.113.5")
    locked = through_the_proxy(client, "leader", PASSWORD, client_address="203.0.113.5")
    assert locked.status_code == 429  # the attacker's address is locked for that name
    response = through_the_proxy(Client(), "leader", PASSWORD, client_address="198.51.100.7")
    assert response.status_code == 302  # the real user, elsewhere, logs in


def test_finding_5_a_spoofed_forwarded_address_does_not_escape_the_lock(
    client, leader, behind_the_proxy
):
    from tests.conftest import PASSWORD

    # The attacker writes a new address of their own each time; the proxy appends the real one.
    for n in range(5):
        through_the_proxy(
            client, "leader", "sai", client_address="203.0.113.5", spoofed=f"10.9.9.{n}"
        )
    response = through_the_proxy(
        client, "leader", PASSWORD, client_address="203.0.113.5", spoofed="10.9.9.99"
    )
    assert response.status_code == 429
