# 萤火 Yinghuo: the production server (`npm start`, scripts/serve.ts) in a container (README: Run it for a city).
#   docker build -t yinghuo .
# One image for the app servers and the one-shot migration (`npm run db:migrate:pg`, see compose.yaml).

# ---- build: every dependency (better-sqlite3 12 compiles here when no prebuilt binary fits), then `next build` ----
FROM node:20-bookworm AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# python3, make and g++ for node-gyp (better-sqlite3); the full bookworm image has them, this keeps it explicit.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The server runs the TypeScript scripts through tsx (a runtime dependency): keep them, drop the dev dependencies.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache

# ---- run: Node 20 slim, no compilers, a user without privileges ----
FROM node:20-bookworm-slim AS run
WORKDIR /app
# npm keeps its cache and logs in /tmp, not in the read-only /app.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATABASE_PATH=/data/yinghuo.db \
    UPLOADS_DIR=/data/uploads \
    NPM_CONFIG_CACHE=/tmp/npm-cache \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# tini: the server gets SIGTERM and the zombies of its workers are reaped.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 1001 yinghuo \
 && useradd --system --uid 1001 --gid yinghuo --home-dir /app --shell /usr/sbin/nologin yinghuo \
 && mkdir -p /data && chown yinghuo:yinghuo /data
# Everything the build stage holds after the prune: the build, the runtime dependencies, and the TypeScript that
# `npm start` (tsx scripts/serve.ts) and `npm run db:migrate:pg` run.
COPY --from=build --chown=root:root /app ./
# The code belongs to root and is read-only for the server; it writes only to /data (SQLite, photos), /tmp and Next's
# own cache folder.
RUN mkdir -p .next/cache && chown yinghuo:yinghuo .next/cache
USER yinghuo
VOLUME ["/data"]
EXPOSE 3000
# /healthz: 200 when the database answers, its migrations are current and /data has room.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
