# The server's image, from the jar `./mvnw -B -DskipTests package` leaves in target/:
#   ./mvnw -B -DskipTests package && docker build -t neuroquantum:0.1.0-SNAPSHOT .
# For machines with Docker. Without one (these build machines): ./mvnw -B -DskipTests -Pimage package
# builds the same image as an OCI tarball with Jib on a base assembled here (docs/deployment.md).
# The user id is the one k8s/base/statefulset.yaml runs as (runAsUser/runAsGroup); the test suite
# checks that they agree, and that the manifests' args are a command line the jar accepts.
FROM eclipse-temurin:21-jre

RUN groupadd --system --gid 10001 nq \
 && useradd --system --uid 10001 --gid nq --no-create-home --home-dir /app --shell /usr/sbin/nologin nq \
 && mkdir -p /config /data \
 && chown 10001:10001 /data

COPY target/neuroquantum.jar /app/neuroquantum.jar

USER 10001:10001
WORKDIR /app
# HTTP and WebSocket; Hazelcast members (the event bus takes a random port between members)
EXPOSE 8080 5701
ENTRYPOINT ["java", "-jar", "/app/neuroquantum.jar"]
CMD ["serve", "--conf", "/config/application.json"]
