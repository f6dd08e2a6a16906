# One image for the three services (docker-compose.yml picks the service per container).
# Build stage: Maven, a C++ compiler and Debian's FAISS for the JNI library.
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      g++ libfaiss-dev libopenblas-dev >/dev/null && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install \
 && mkdir -p /app/lib \
 && mvn -B -q -pl cli dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp -r cli/target/classes /app/classes \
 && cp -r models /app/models

# Run stage: a JRE plus the shared libraries the FAISS JNI library links against, and jemalloc
# for the recommender (deploy/entrypoint.sh).
FROM eclipse-temurin:17-jre
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      libopenblas0 libgomp1 libjemalloc2 >/dev/null && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY deploy/entrypoint.sh /app/entrypoint.sh
WORKDIR /app
ENV DJL_OFFLINE=true OPT_OUT_TRACKING=true MODEL_DIR=/app/models/ml-1m
ENTRYPOINT ["/app/entrypoint.sh"]
