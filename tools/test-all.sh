#!/usr/bin/env bash
# The README's test command: lint, typecheck, unit tests, then integration tests against the real
# PostgreSQL and the local Kafka-protocol broker.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
echo "== format (Prettier)"
npx prettier --check . --log-level warn
echo "== lint + typecheck"
npx nx run-many -t lint typecheck --outputStyle=stream
echo "== unit tests"
npx jest --selectProjects unit --ci
echo "== integration tests"
npx jest --selectProjects integration --ci --maxWorkers=2
echo "== fault suite, CI variant (npm run chaos -- --ci: 2 replicas, every fault kind once, the invariant checker)"
# A hung run is stopped (SIGTERM: it stops its replicas and broker and drops its database).
timeout 600 node -r ./tools/register.js tools/chaos/chaos.ts --ci
