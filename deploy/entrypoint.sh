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
# The recommender's native memory (RocksDB) comes and goes all the time; jemalloc hands freed
# pages back where glibc keeps them: RSS 40-50 MB smaller and flatter in a 20-minute soak
# (README, bench soak). An explicit LD_PRELOAD or MALLOC_CONF wins.
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [ "$main" = io.recsys.recommender.RecommenderApplication ] && [ -f "$jemalloc" ] && [ -z "${LD_PRELOAD:-}" ]; then
  export LD_PRELOAD="$jemalloc"
  export MALLOC_CONF="${MALLOC_CONF:-background_thread:true,dirty_decay_ms:5000,muzzy_decay_ms:5000}"
fi
exec java -Dai.djl.offline=true -XX:+UseG1GC ${JAVA_OPTS:-} -cp "/app/classes:/app/lib/*" "$main" "$@"
