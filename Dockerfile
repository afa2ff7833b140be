# Orgo's container image: one image for every service of the distributed shape (SPEC §7), also
# `orgo start` standalone, `orgo migrate` and the other commands. Why it looks like this:
# docs/adr/0012-container-image.md. tests/container-image.e2e-spec.ts lints this file and builds
# and starts the runtime stage's tree the way the stages below do.
#
#   docker build -t orgo:0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" .
#   docker run -e ORGO_SERVICE=audit-log -e ORGO_POSTGRES__URL=… -e ORGO_RABBITMQ__URL=… -e ORGO_ENCRYPTION_KEYS=… orgo:0.1.0
#   docker run orgo:0.1.0 start --service parser        docker run orgo:0.1.0 migrate
#   docker run -p 3000:3000 -v orgo-home:/app/.orgo orgo:0.1.0    (standalone: every service, SQLite)

ARG NODE_VERSION=20.20.2

# Native modules (better-sqlite3, argon2) install prebuilt binaries; the compiler toolchain is for
# when none fits, and stays in the build stages.
FROM node:${NODE_VERSION}-bookworm-slim AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./

# What production runs: the dependencies only, without what they publish for other uses
# (pst-extractor's 46 MB of example mailboxes, TypeORM's browser build).
FROM toolchain AS prod-deps
RUN npm ci --omit=dev --ignore-scripts=false --no-audit --no-fund \
  && rm -rf node_modules/pst-extractor/example node_modules/typeorm/browser

# The dashboard assets (Vite, into dist/dashboard) and the services compiled to JavaScript (SWC,
# into dist/runtime).
FROM toolchain AS builder
RUN npm ci --ignore-scripts=false --no-audit --no-fund
COPY .swcrc tsconfig.base.json ./
COPY scripts/build-dashboard.js scripts/build-runtime.js ./scripts/
COPY libs/ ./libs/
COPY apps/ ./apps/
RUN node scripts/build-dashboard.js && node scripts/build-runtime.js

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG NODE_VERSION
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="Orgo" \
  org.opencontainers.image.description="Orgo turns an organization's email into routed, tracked and escalated work." \
  org.opencontainers.image.version="${VERSION}" \
  org.opencontainers.image.revision="${REVISION}" \
  org.opencontainers.image.created="${CREATED}" \
  org.opencontainers.image.source="${SOURCE}" \
  org.opencontainers.image.licenses="UNLICENSED" \
  org.opencontainers.image.base.name="docker.io/library/node:${NODE_VERSION}-bookworm-slim"
# tini is PID 1: it forwards SIGTERM to node (which stops gracefully) and reaps the processes
# `orgo distributed` starts. The app's files stay root's; the user 10001 writes only its home.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 orgo \
  && useradd --system --uid 10001 --gid 10001 --home-dir /app/.orgo --no-create-home --shell /usr/sbin/nologin orgo \
  && mkdir -p /app/.orgo \
  && chown 10001:10001 /app/.orgo
ENV NODE_ENV=production \
  ORGO_HOST=0.0.0.0 \
  ORGO_PORT=3000
WORKDIR /app
COPY --from=prod-deps /build/node_modules ./node_modules
COPY --from=builder /build/dist/dashboard ./dist/dashboard
COPY --from=builder /build/dist/runtime ./
COPY config/ ./config/
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/scripts/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/scripts/orgo.js"]
CMD ["start"]
