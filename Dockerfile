# One image recipe for both services; MODULE picks which (docker-compose.yml passes the build args):
#   docker build --build-arg MODULE=api-service -t bulkdocs/api-service .
#   docker build --build-arg MODULE=workflow-worker --build-arg HEALTH_PORT_VAR=MANAGEMENT_PORT \
#     --build-arg HEALTH_PORT=8081 -t bulkdocs/workflow-worker .
# Built from the repository root: the Maven reactor needs the parent pom and the other modules' poms.

ARG MAVEN_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.18_8-jre-noble

# ---------------------------------------------------------------- build definition only
# Every pom.xml of the reactor (found, not listed, so a new module needs no Dockerfile change)
# plus .mvn/. This stage re-runs on any change, but the COPY --from below is cached by content:
# the dependency download only re-runs when a pom or .mvn/ changed.
FROM ${MAVEN_IMAGE} AS poms
WORKDIR /src
COPY . .
RUN mkdir -p /poms \
 && find . -name pom.xml -not -path '*/target/*' -not -path '*/node_modules/*' \
      -exec cp --parents {} /poms/ \; \
 && if [ -d .mvn ]; then cp -r .mvn /poms/; fi

# ---------------------------------------------------------------- build
FROM ${MAVEN_IMAGE} AS build
ARG MODULE
RUN test -n "${MODULE}" || { echo "build arg MODULE (api-service or workflow-worker) is required" >&2; exit 1; }
WORKDIR /workspace

# 1. Dependencies of this module and of the modules it depends on. The image's Maven is the
#    version the wrapper pins (3.9.11), so the wrapper is not used (it would download Maven again).
COPY --from=poms /poms/ ./
RUN mvn -B -q -pl "${MODULE}" -am dependency:go-offline

# 2. Sources (all of them: -am decides which modules are compiled), then the Spring Boot fat jar.
COPY . .
RUN mvn -B -q -pl "${MODULE}" -am -DskipTests package
RUN cp "${MODULE}/target/${MODULE}.jar" /workspace/app.jar

# 3. The container health probe (the JRE image has neither curl nor wget; see the class).
RUN javac --release 17 -d /workspace/healthcheck deploy/docker/HealthCheck.java

# ---------------------------------------------------------------- runtime
FROM ${RUNTIME_IMAGE}

# where the service serves /actuator/health: the API on API_MANAGEMENT_PORT, the worker on MANAGEMENT_PORT
ARG HEALTH_PORT_VAR=API_MANAGEMENT_PORT
ARG HEALTH_PORT=8082
ENV HEALTH_PORT_VAR=${HEALTH_PORT_VAR} HEALTH_PORT=${HEALTH_PORT}
ARG APP_UID=10001
RUN groupadd --system --gid "${APP_UID}" app \
 && useradd --system --uid "${APP_UID}" --gid app --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin app
# the worker's disk scratch space (WORKER_TEMP_DIR): a named volume there starts with this owner
RUN mkdir -p /var/lib/bulkdocs/work && chown app:app /var/lib/bulkdocs/work

WORKDIR /app
# owned by root, readable by the app user: the process cannot modify its own code
COPY --from=build /workspace/app.jar /app/app.jar
COPY --from=build /workspace/healthcheck/ /app/healthcheck/

USER ${APP_UID}:${APP_UID}
EXPOSE ${HEALTH_PORT}

# GET /actuator/health on the port named by $HEALTH_PORT_VAR. Compose repeats this check with its own timings.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD java -Xmx16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp /app/healthcheck HealthCheck "$HEALTH_PORT_VAR" "$HEALTH_PORT" /actuator/health

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
