"""gunicorn's settings for production; `gunicorn raadsmemo.wsgi` reads this file from the
working directory (docs/operations.md). Each can be overridden on the command line.

A worker that renders PDFs grows a little with every render (WeasyPrint and the C libraries
below it keep caches), so every worker is replaced after MAX_REQUESTS requests; the jitter keeps
the workers from restarting all at once.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# 5,000: at meeting-day traffic (about 100 requests a second over three workers) a worker lives
# for minutes, not seconds; a restart costs the worker's next requests a second of loading.
max_requests = int(os.environ.get("MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("MAX_REQUESTS_JITTER", "500"))
# A memo PDF takes well under a second; anything slower than this is stuck.
timeout = 60

# Worker class: gthread (threads share a worker's memory; a reader waiting on PostgreSQL, Redis or
# the object store does not hold a whole process). bench/load_bench.py measures it beside the other
# class (GUNICORN_WORKER_CLASS=sync) in the same run; the figures are still to be written down.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4" if worker_class == "gthread" else "1"))
# gthread keeps idle connections open this long (gunicorn's default is 2 s). A reader (or the load
# balancer) that reuses a connection just as gunicorn closes it gets an error; 5 s outlasts a
# reader's pause between clicks. Keep the load balancer's upstream idle timeout below this.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
