"""gunicorn settings for `make serve`; each can be overridden by the environment.

Workers: 2 × cores + 1, at most 5 (WEB_CONCURRENCY overrides). The access log goes to
stdout without query strings (they may hold search terms such as an ID number).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 5)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that a slow leak cannot grow forever.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string; %(M)s the duration in milliseconds.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
