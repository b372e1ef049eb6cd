"""An idle timeout that costs no write per view.

Django ends a session when its expiry passes (`SESSION_COOKIE_AGE`, set from
`SESSION_IDLE_SECONDS`); saving the session on every request (`SESSION_SAVE_EVERY_REQUEST`)
pushed the expiry back at the cost of one write to the primary per view. Here a signed-in
session is saved when its last refresh is `REFRESH_SECONDS` old (a minute) or more, so an
active user keeps their session with at most one write a minute, and a session left alone
for `SESSION_IDLE_SECONDS` has expired: the user is logged out (up to a minute early,
never late).
"""

import time

from django.conf import settings

REFRESHED = "_registry_refreshed"
REFRESH_SECONDS = 60


def refresh_interval():
    # With a very short idle time (tests), refresh often enough never to lose an active user.
    return max(1, min(REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2))


class IdleTimeoutMiddleware:
    """Push a session's expiry back at most once a minute while its user is active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get("_auth_user_id") is not None:
            now = int(time.time())
            if now - session.get(REFRESHED, 0) >= refresh_interval():
                session[REFRESHED] = now  # modified: saved with a new expiry after the view
        return self.get_response(request)
