# syntax=docker/dockerfile:1
# The chat app for the scale-out setup (docker-compose.yml). Build: docker build -t chat-app .

# --- build: every dependency (better-sqlite3 compiles here; the full image has python3, make, g++)
FROM node:20-bookworm AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# public/ may be empty, and git does not keep empty folders.
RUN mkdir -p public && npm run build

# --- run: the built app without the build toolchain, as an unprivileged user
FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# node_modules is copied whole: `next start` loads next.config.ts, which needs TypeScript.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/next.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (the process answers): an orchestrator that replaces unhealthy containers must not
# replace every instance because the shared database is down. Readiness is /api/health/ready.
HEALTHCHECK --interval=10s --timeout=2s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["npm", "start"]
