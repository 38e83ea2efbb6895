# Runtime image for the jar built by `mvn -B -ntp -DskipTests package` (no build inside the image).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 nguon
WORKDIR /app
COPY api/target/api-*.jar /app/nguon.jar
USER nguon
ENV OPT_OUT_TRACKING=true
EXPOSE 8080
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/nguon.jar"]
