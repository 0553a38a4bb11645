# One image for every xuanren process; docker-compose.yml picks the entry point per service:
#   api (default)  npx tsx bin/api.ts
#   worker         node --max-old-space-size=512 --import tsx bin/worker.ts
#   migrate        npx tsx bin/migrate.ts
# Configuration comes only from the environment (config/config.ts). In the image DATABASE_URL and
# TEMPORAL_ADDRESS must be set: the embedded PostgreSQL and Temporal dev server are for `npm start`
# on a workstation, not for containers.
FROM node:20-bookworm-slim

ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. --ignore-scripts skips the
# postinstall (scripts/install-tools.mjs), which puts the Temporal CLI and test server into .tools/
# for local development and tests; a container talks to a real Temporal cluster instead.
# Dev dependencies stay: tsx runs the TypeScript sources directly, and a migration step may use them.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit && npm cache clean --force

COPY . .

# Set after `npm ci`: with NODE_ENV=production it would leave out the dev dependencies.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000

# Run as the image's unprivileged `node` user (uid 1000). DATA_DIR (.data) is only written when no
# AUTH_JWT_SECRET/AUTH_JWKS_URL is given (a generated dev secret); make it writable all the same.
RUN mkdir -p .data && chown node:node .data
USER node

EXPOSE 3000

CMD ["npx", "tsx", "bin/api.ts"]
