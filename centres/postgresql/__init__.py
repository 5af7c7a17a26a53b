"""Django's PostgreSQL backend with a client-side deadline on every wait for the server.

PostgreSQL's own `statement_timeout` ends slow statements, and `connect_timeout` ends a
connection attempt to a silent server. Neither helps when an established, persistent connection
goes silent (the database paused, stuck, or a firewall dropping packets while the kernel still
acknowledges them): the worker would wait until gunicorn kills it. Here every statement and the
connection health check run under a deadline; when it passes, the connection's socket is shut
down, the wait ends with an OperationalError, and the page answers 503
(centres/availability.py). The next request connects afresh.
"""
