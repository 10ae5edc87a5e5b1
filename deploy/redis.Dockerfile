# A Redis image built from the same kind of base as deploy/Dockerfile, for
# hosts that cannot pull the official one; tag it as docker-compose.yml names it:
#   docker build -f deploy/redis.Dockerfile -t redis:7 deploy/
# Like the official image, it runs as the user redis, keeps its data in /data
# and turns off protected mode when started as `redis-server ...` (the compose
# network is private; set a password before exposing it, see deploy/README.md).
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data \
 && printf '%s\n' '#!/bin/sh' \
      'if [ "$1" = redis-server ]; then shift; set -- redis-server --protected-mode no "$@"; fi' \
      'exec "$@"' > /usr/local/bin/redis-entrypoint \
 && chmod 755 /usr/local/bin/redis-entrypoint
WORKDIR /data
USER redis
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/redis-entrypoint"]
CMD ["redis-server"]
