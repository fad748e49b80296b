# One image for every role of auto-promote:
#
#   docker build -t auto-promote .                              # the service (default target)
#   docker run auto-promote serve --role planner                # ingress (default), planner or dispatcher
#   docker build --target emulators -t auto-promote-emulators . # + git: GitLab and Jenkins emulators (sandbox)
#
# Stages: deps (npm ci, dev dependencies included) → build (npm run build) ; prod-deps (npm ci --omit=dev)
# → service (the CLI's bundle + production node_modules, non-root) → emulators (service + git + the sandbox's
# bundle, which holds the emulators: test tooling, never in the service image).
# The last stage is the default target, so a plain `docker build .` gives the service image.
# No `# syntax=` line: BuildKit would pull docker/dockerfile from Docker Hub. Builds with BuildKit and with the
# classic builder (DOCKER_BUILDKIT=0); tools/offline-base-images.sh makes the base image without a registry.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency, for the build ----------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build: bundles apps/* into dist/apps/<app>/main.js -------------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build

# ---- prod-deps: production dependencies only (npm packages stay external in the bundles) ----------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# TypeScript is devOptional in the lock (a dev dependency and an optional peer of valibot, which a production
# dependency uses for types only): --omit=dev keeps such packages, and nothing at run time loads it.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
  && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver

# ---- service: what runs in production ----------------------------------------------------------------------
FROM ${NODE_IMAGE} AS service
# The heap limits keep a role's RSS near 150 MB after a burst instead of letting V8 grow into 250-300 MB
# (docs/performance.md); override NODE_OPTIONS for a role that needs more.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=192" \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the runtime user; dist is built in, so nothing is built at run time.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# The service's bundles only: the CLI (every role) and the board page. The sandbox bundle (dist/apps/sandbox,
# with the GitLab and Jenkins emulators) is test tooling and goes to the emulators target alone.
COPY --from=build /app/dist/apps/cli ./dist/apps/cli
COPY --from=build /app/dist/board ./dist/board
COPY bin ./bin
# The image's own user "node" (uid 1000, gid 1000); Kubernetes runs it with runAsNonRoot and runAsUser 1000.
USER node
EXPOSE 3000
# Liveness of the role's HTTP server (every role serves /healthz on PORT); slim images have no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# SIGTERM drains in-flight jobs (SHUTDOWN_TIMEOUT, 25s by default); give the container longer than that to stop.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/apps/cli/main.js"]
CMD ["serve", "--role", "ingress"]

# ---- emulators: the sandbox's GitLab and Jenkins emulators (need the git CLI) ------------------------------
FROM service AS emulators
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends git \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/dist/apps/sandbox ./dist/apps/sandbox
USER node
ENV EMULATOR_HOST=0.0.0.0 \
    EMULATOR_GITLAB_PORT=3001 \
    EMULATOR_JENKINS_PORT=3002
EXPOSE 3001 3002
# Both emulators listening (any HTTP answer will do).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const e=process.env;Promise.all([e.EMULATOR_GITLAB_PORT||3001,e.EMULATOR_JENKINS_PORT||3002].map(p=>fetch('http://127.0.0.1:'+p+'/'))).then(()=>process.exit(0),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/apps/sandbox/main.js"]
CMD ["emulators"]

# ---- default target: the service image ----------------------------------------------------------------------
FROM service AS runtime
