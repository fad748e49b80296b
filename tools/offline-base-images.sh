#!/usr/bin/env bash
# Builds the base images the Dockerfile and docker-compose.yml use, without any registry: Debian packages
# (debootstrap from the machine's configured Debian mirror) plus this host's Node.js 20 and npm.
#
#   tools/offline-base-images.sh            # builds what is missing: node:20-bookworm-slim, redis:7-bookworm
#   FORCE=1 tools/offline-base-images.sh    # rebuilds both
#
# Needs root, a running Docker engine, debootstrap, and Node.js 20 on the host (Debian's nodejs is 18).
# The debootstrap rootfs is cached as a tarball in $CACHE_DIR (default /var/cache/auto-promote-offline).
# docs/operations.md ("Air-gapped install") describes the whole path.
set -euo pipefail

NODE_IMAGE="${NODE_IMAGE:-node:20-bookworm-slim}"
REDIS_IMAGE="${REDIS_IMAGE:-redis:7-bookworm}"
SUITE="${SUITE:-bookworm}"
CACHE_DIR="${CACHE_DIR:-/var/cache/auto-promote-offline}"
FORCE="${FORCE:-0}"

log() { printf '[offline-base-images] %s\n' "$*" >&2; }
have_image() { [ "$FORCE" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror apt uses here (deb822 or one-line sources), so debootstrap works where apt works.
debian_mirror() {
  local uri
  uri="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null |
    grep -E '/debian/?( |$)' | grep -v security | head -n1 | sed -E 's/^URIs: *//; s/^deb (\[[^]]*\] )?//; s/ .*$//')"
  echo "${uri:-http://deb.debian.org/debian}"
}

# minbase rootfs + extra packages, as a tarball (cached by package list).
rootfs_tarball() {
  local name="$1" include="$2" tarball="$CACHE_DIR/$SUITE-$1.tar"
  if [ -s "$tarball" ] && [ "$FORCE" != 1 ]; then
    echo "$tarball"
    return
  fi
  mkdir -p "$CACHE_DIR"
  local root
  root="$(mktemp -d "$CACHE_DIR/rootfs-$name.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$root'" RETURN
  log "debootstrap $SUITE ($name: $include) from $(debian_mirror)"
  debootstrap --variant=minbase --include="$include" "$SUITE" "$root" "$(debian_mirror)" >&2
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
  # Like the official images: apt sources point at Debian, nothing else from the host.
  printf 'deb %s %s main\n' "$(debian_mirror)" "$SUITE" >"$root/etc/apt/sources.list"
  add_node_user "$root"
  "$3" "$root"
  tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  echo "$tarball"
}

add_node_user() {
  local root="$1"
  chroot "$root" groupadd --gid 1000 node 2>/dev/null || true
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node 2>/dev/null || true
}

# Node.js and npm from this host, plus the CA bundle npm trusts here (a proxy's CA would be in it).
install_node() {
  local root="$1" node npm_dir cafile
  node="$(command -v node)"
  "$node" -e 'process.exit(process.versions.node.split(".")[0]==="20"?0:1)' ||
    { log "host node is $("$node" -v), need 20"; exit 1; }
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  install -m 0755 "$node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -a "$(readlink -f "$npm_dir")" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  cafile="$(npm config get cafile 2>/dev/null || true)"
  for extra in "${NODE_EXTRA_CA_CERTS:-}" "$cafile"; do
    if [ -n "$extra" ] && [ "$extra" != null ] && [ -s "$extra" ]; then
      mkdir -p "$root/usr/local/share/ca-certificates/host"
      cat "$extra" >>"$root/etc/ssl/certs/ca-certificates.crt"
      cp "$extra" "$root/usr/local/share/ca-certificates/host/$(basename "$extra").crt"
    fi
  done
  # npm and node in the image trust the bundle (with the host's extra CA appended).
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$root/usr/local/etc/npmrc" 2>/dev/null ||
    { mkdir -p "$root/usr/local/etc" && printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$root/usr/local/etc/npmrc"; }
}

# Protected mode off as in the official image (containers reach it over the compose network); AOF in /data.
configure_redis() {
  local root="$1"
  mkdir -p "$root/data"
  chroot "$root" chown redis:redis /data
  # The entrypoint turns protected mode off (Debian's defaults would refuse other containers: EPIPE).
  cat >"$root/usr/local/bin/redis-entrypoint" <<'SH'
#!/bin/sh
if [ "${1:-}" = redis-server ]; then
  shift
  exec redis-server --protected-mode no --bind '* -::*' --dir /data "$@"
fi
exec "$@"
SH
  chmod 0755 "$root/usr/local/bin/redis-entrypoint"
}

build_node() {
  if have_image "$NODE_IMAGE"; then log "$NODE_IMAGE exists"; return; fi
  local tarball
  tarball="$(rootfs_tarball node ca-certificates install_node)"
  log "docker import $NODE_IMAGE"
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NODE_VERSION='"$(node -v | tr -d v)" \
    -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    -c 'CMD ["node"]' "$tarball" "$NODE_IMAGE" >/dev/null
}

build_redis() {
  if have_image "$REDIS_IMAGE"; then log "$REDIS_IMAGE exists"; return; fi
  local tarball
  tarball="$(rootfs_tarball redis redis-server,redis-tools configure_redis)"
  log "docker import $REDIS_IMAGE"
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'WORKDIR /data' -c 'VOLUME /data' -c 'EXPOSE 6379' -c 'USER redis' \
    -c 'ENTRYPOINT ["/usr/local/bin/redis-entrypoint"]' -c 'CMD ["redis-server"]' \
    "$tarball" "$REDIS_IMAGE" >/dev/null
}

command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
docker info >/dev/null 2>&1 || { log "no Docker engine answers"; exit 1; }
build_node
build_redis
log "ready: $NODE_IMAGE, $REDIS_IMAGE"
