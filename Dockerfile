# syntax=docker/dockerfile:1
# ops-agent for Amazon Bedrock AgentCore Runtime (linux/arm64 only).
#   docker buildx build --platform linux/arm64 -t ops-agent .
# The build stage runs natively on the build machine ($BUILDPLATFORM) and cross-compiles the arm64
# binary with `bun build --compile --target bun-linux-arm64`, so no emulation is needed to build.

FROM --platform=$BUILDPLATFORM public.ecr.aws/docker/library/node:22-bookworm-slim AS build
ARG TARGETARCH
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# AgentCore runs arm64 microVMs only; an amd64 image would fail there with "exec format error".
RUN if [ "${TARGETARCH:-arm64}" != "arm64" ]; then \
      echo "ops-agent images are linux/arm64 only: build with --platform linux/arm64" >&2; exit 1; \
    fi \
 && npm run build:arm64 \
 && install -D -m 0555 dist/ops-agent-linux-arm64 /out/ops-agent

# Distroless "cc": glibc (the Bun binary links libc, libm, libpthread, libdl) plus libgcc_s, which glibc
# loads at run time for thread cancellation, and the CA certificates. No shell, no package manager.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/ops-agent /ops-agent
# Numeric user: AgentCore refuses to mount images that combine many layers with a named USER.
USER 65532:65532
ENV DOCKER_CONTAINER=1
# 8080: AgentCore HTTP contract (/invocations, /ping). 8000: MCP endpoint (serve --mcp).
EXPOSE 8080 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/ops-agent", "healthcheck"]
# AgentCore authenticates every caller (SigV4 or JWT) before a request reaches the container, so the
# image binds all interfaces without a token of its own; elsewhere serve refuses that without one.
ENTRYPOINT ["/ops-agent", "serve", "--host", "0.0.0.0", "--trust", "agentcore"]
