#!/bin/sh
# Starts one service of the image: ingest, recommender or sync. Configuration comes only from
# environment variables (see README, "Configuration").
set -eu
case "${1:-}" in
  ingest) main=io.recsys.ingest.IngestApplication ;;
  recommender) main=io.recsys.recommender.RecommenderApplication ;;
  sync) main=io.recsys.sync.SyncWorkerApplication ;;
  *) echo "usage: entrypoint.sh ingest|recommender|sync" >&2; exit 2 ;;
esac
shift
exec java -Dai.djl.offline=true -XX:+UseG1GC ${JAVA_OPTS:-} -cp "/app/classes:/app/lib/*" "$main" "$@"
