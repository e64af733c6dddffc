# HAProxy from Debian's packages: the same build the tests run deploy/haproxy.cfg with.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/*
USER haproxy
CMD ["haproxy", "-db", "-f", "/etc/haproxy/haproxy.cfg"]
