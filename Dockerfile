# syntax=docker/dockerfile:1
# The bot as a container: `docker build -t cited-docs-bot .`, then see compose.yaml.
# Stage 1 installs everything, type-checks and validates the knowledge, then drops the
# development packages; stage 2 is the runtime, without npm's cache or the test tools.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit \
 && npm run --silent check-knowledge \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# Fonts for the /stats chart: DejaVu (Latin, Cyrillic) and WenQuanYi Micro Hei (Chinese).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=8080
WORKDIR /app
# The code is owned by root and read-only for the bot; only /data and knowledge/ (imports over
# Telegram) are the bot's to write.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/src ./src
COPY --from=build /app/locales ./locales
COPY --from=build /app/knowledge ./knowledge
# Dictionaries for questions in a language a document lacks (src/lexicon), with their licences.
COPY --from=build /app/data-lexicon ./data-lexicon
COPY --from=build /app/deploy/healthcheck.mjs ./deploy/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data && chown -R node:node /app/knowledge
USER node
VOLUME ["/data"]
EXPOSE 8080
# Webhook mode answers GET /healthz; in polling mode there is no port and the check passes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/healthcheck.mjs"]
# node itself (not npm) is PID 1's child of choice here: it receives SIGTERM and finishes the
# updates in flight before it exits (see src/main.ts).
CMD ["node", "--import", "tsx", "src/main.ts"]
