#!/usr/bin/env bash
# One mutation-testing area of docs/TESTING.md: its source files, the tests that cover them
# (BYOKIT_MUTATION_TESTS, read by vitest.mutation.config.ts) and its own incremental record,
# sandbox folder and log, so that two areas can run side by side on two cores.
#
#   bash scripts/mutation-area.sh masking                 # incremental: reruns what changed
#   bash scripts/mutation-area.sh client --force          # every mutant again
#   bash scripts/mutation-area.sh stores --ignoreStatic   # extra arguments go to stryker
#
# The log is reports/logs/<area>.log; the last lines are the score table.
set -euo pipefail
cd "$(dirname "$0")/.."

area="${1:-}"
shift || true

join() { local IFS=","; echo "$*"; }

case "$area" in
  resolver)
    tests=$(join "test/resolver/**/*.test.ts")
    mutate=$(join "src/resolver/**/*.ts" "!src/resolver/types.ts" "!src/resolver/index.ts")
    ;;
  masking)
    tests=$(join "test/masking/**/*.test.ts" test/security/leaks/{regressions,validators,file-store}.test.ts)
    mutate="src/masking/**/*.ts"
    ;;
  client)
    tests=$(join test/client/*.test.ts test/contract/edgee/*.test.ts test/security/faults/*.test.ts \
      test/errors/*.test.ts test/security/leaks/regressions.test.ts)
    mutate=$(join "src/client/**/*.ts" "!src/client/types.ts")
    ;;
  local-http)
    tests=$(join "test/local/*.test.ts" "test/local/http/*.test.ts")
    mutate="src/local/http/**/*.ts"
    ;;
  stores)
    tests=$(join test/local/{store-contract,file-store,fleet,random-id,idempotency,create-local-backend,resolve-fast-path,api-keys,bedrock-and-resolve}.test.ts \
      test/local/file-store-*.test.ts test/local/store-*.test.ts \
      "test/local/http/*.test.ts" test/security/concurrency/{if-match-race,idempotent-create-race}.test.ts \
      test/security/leaks/file-store.test.ts)
    mutate=$(join src/local/{store,memory-store,file-store,file-store-error,write-queue,organization-keys,merge-credentials,random-id,write-condition,change-feed,memory-idempotency,backend-index,master-key-bytes}.ts)
    ;;
  postgres)
    tests=$(join test/local/postgres/{backend,encryption,migrate,store-contract,change-feed,connection,store-lifecycle,table-collection,idempotency-records,master-keys}.test.ts)
    mutate="src/local/postgres/**/*.ts"
    ;;
  classify)
    tests=$(join test/validators/{classify,api-key-providers,bedrock,google-vertex-ai}.test.ts)
    mutate="src/validators/classify.ts"
    ;;
  providers)
    tests=$(join test/providers/{api-key-providers,aws-regions,azure,bedrock,exact-boundaries,full-zod-locale,google-vertex-ai,preview}.test.ts \
      test/schemas/provider-key-input.test.ts test/validators/{google-vertex-ai,api-key-providers,api-key-boundaries}.test.ts \
      "test/internal/*.test.ts")
    mutate="src/providers/**/*.ts"
    ;;
  *)
    echo "usage: bash scripts/mutation-area.sh resolver|masking|client|local-http|stores|postgres|classify|providers [stryker options]" >&2
    exit 2
    ;;
esac

mkdir -p reports/logs
log="reports/logs/$area.log"
started=$(date +%s)
status=0
BYOKIT_MUTATION_TESTS="$tests" nice -n 10 npx stryker run --mutate "$mutate" \
  --incrementalFile "reports/stryker-incremental-$area.json" --tempDirName ".stryker-tmp-$area" \
  --reporters clear-text,progress-append-only "$@" >"$log" 2>&1 || status=$?
echo "stryker exited with $status after $(($(date +%s) - started)) s" >>"$log"
tail -n 30 "$log"
exit "$status"
