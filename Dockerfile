# sdp-mcp: build the WAR with Maven, run it on the official Open Liberty image as a non-root user.
#   docker build -t sdp-mcp .
#   docker run -p 3456:3456 sdp-mcp                                   (embedded database in /data, key in /keys)
#   docker run -p 3456:3456 -e SDP_DB_HOST=db -e SDP_DB_PASSWORD=... -e SDP_BASE_URL=... sdp-mcp   (PostgreSQL)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeReactor=false || true
COPY src src
COPY server-config server-config
# Only the production WAR: the simulators (target/sdp-sandbox.war) are for development and tests, never the image.
RUN mvn -B -q -DskipTests -Dsandbox.skip=true package \
 && mvn -B -q dependency:copy-dependencies -DincludeArtifactIds=postgresql,h2 -Dmdep.stripVersion=true \
        -DoutputDirectory=/src/target/jdbc

# The "full" image carries every Liberty feature, so nothing is downloaded at start-up.
FROM icr.io/appcafe/open-liberty:26.0.0.3-full-java17-openj9-ubi
USER root
# /keys: the key generated when no SDP_ENCRYPTION_KEY is set, apart from the database in /data and owner-only
RUN mkdir -p /data /keys && chown 1001:0 /data /keys && chmod g+rwx /data && chmod 700 /keys
COPY --chown=1001:0 --from=build /src/target/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
# server.xml alone: server-config/configDropins holds what only the build's own servers use (the sandbox WAR)
COPY --chown=1001:0 server-config/server.xml /config/server.xml
COPY --chown=1001:0 --from=build /src/target/sdp-mcp.war /config/dropins/sdp-mcp.war
USER 1001

ENV SDP_HTTP_PORT=3456 \
    SDP_HTTP_HOST=0.0.0.0 \
    SDP_DATA_DIR=/data \
    SDP_KEY_DIR=/keys
VOLUME /data /keys
# 9443: HTTPS and the Liberty admin center, open only when SDP_KEYSTORE_PASSWORD is set
EXPOSE 3456 9443

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:3456/health/live || exit 1

# configure.sh prepares the image (shared class cache); the base image's CMD starts the server.
RUN configure.sh
