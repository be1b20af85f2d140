# omescale's image: the shaded jar on a JRE 17, as a non-root user. Build the jar first:
#   ./mvnw -B -DskipTests package && docker build -t ghcr.io/omescale/omescale:0.1.0 .
# Distroless Java 17: a JRE and nothing else (no shell, no package manager); user 65532 is its "nonroot".
# The manifests run with a read-only root filesystem and an emptyDir at /tmp.
FROM gcr.io/distroless/java17-debian12:nonroot
COPY app/target/omescale.jar /opt/omescale/omescale.jar
USER 65532:65532
WORKDIR /tmp
EXPOSE 8080 6443 9443
ENTRYPOINT ["java", "-jar", "/opt/omescale/omescale.jar"]
