#!/usr/bin/env bash
# Starts a throwaway S3-compatible server for the tests (moto's standalone server, from the
# test extra) on 127.0.0.1 at a free port, creates the bucket, and prints the settings that
# point Broadsheet at it, one KEY=VALUE line each (no spaces, no quotes needed):
#   BROADSHEET_S3_BUCKET=… BROADSHEET_S3_ENDPOINT_URL=http://127.0.0.1:PORT BROADSHEET_S3_REGION=…
#   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
# Use them with
#   env $(scripts/test-s3.sh start) .venv/bin/pytest tests/storage
# or   set -a; eval "$(scripts/test-s3.sh start)"; set +a
#   scripts/test-s3.sh start   (idempotent: a running server is reused, the bucket made again)
#   scripts/test-s3.sh stop
# The server keeps everything in memory; stopping it forgets every object.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${BROADSHEET_PYTHON:-$ROOT/.venv/bin/python}
STATE=${BROADSHEET_TEST_S3_DIR:-/tmp/broadsheet-test-s3}
BUCKET=${BROADSHEET_TEST_S3_BUCKET:-broadsheet-test}
REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=$REGION

alive() {
  [ -f "$STATE/pid" ] && [ -f "$STATE/port" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null \
    && "$PY" - "$(cat "$STATE/port")" <<'PYEOF' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=2)
PYEOF
}

case "${1:-start}" in
  start)
    mkdir -p "$STATE"
    if ! alive; then
      [ -x "$(dirname "$PY")/moto_server" ] || { echo "moto is not installed (pip install -e '.[test]')" >&2; exit 1; }
      PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      setsid "$(dirname "$PY")/moto_server" -H 127.0.0.1 -p "$PORT" >"$STATE/server.log" 2>&1 < /dev/null &
      echo $! >"$STATE/pid"
      echo "$PORT" >"$STATE/port"
      for _ in $(seq 1 100); do alive && break; sleep 0.1; done
      alive || { echo "the S3 test server did not start (see $STATE/server.log)" >&2; exit 1; }
    fi
    PORT=$(cat "$STATE/port")
    "$PY" - "http://127.0.0.1:$PORT" "$BUCKET" <<'PYEOF'
import sys
import boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
if sys.argv[2] not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
    s3.create_bucket(Bucket=sys.argv[2])
PYEOF
    echo "BROADSHEET_S3_BUCKET=$BUCKET"
    echo "BROADSHEET_S3_ENDPOINT_URL=http://127.0.0.1:$PORT"
    echo "BROADSHEET_S3_REGION=$REGION"
    echo "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
    echo "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"
    ;;
  stop)
    if [ -f "$STATE/pid" ]; then
      kill "$(cat "$STATE/pid")" 2>/dev/null || true
      rm -f "$STATE/pid" "$STATE/port"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2
    ;;
esac
