package io.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so its structure is checked,
 * and every environment variable it gives one of our services must be one that service reads:
 * a placeholder in that service's defaults file, which is where each setting's variable is
 * declared.
 */
class DockerComposeFileTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private static final Map<String, String> DEFAULTS = Map.of(
      "ingest", "io/recsys/ingest/ingest-defaults.properties",
      "recommender", "io/recsys/recommender/recommender-defaults.properties",
      "sync-worker", "io/recsys/sync/sync-defaults.properties");

  @Test
  @SuppressWarnings("unchecked")
  void servicesAreTheDeploymentAndEachSetsOnlyVariablesItReads() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsKeys("kafka", "qdrant", "ingest", "recommender", "sync-worker",
        "prometheus", "grafana");
    assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
    assertThat(((Map<String, Object>) services.get("kafka").get("environment")).get("KAFKA_PROCESS_ROLES"))
        .isEqualTo("broker,controller");

    // the JVM settings are read by the image's entrypoint, not by the service
    String entrypoint = Files.readString(ROOT.resolve("deploy/entrypoint.sh"));
    for (Map.Entry<String, String> service : DEFAULTS.entrySet()) {
      Map<String, Object> spec = services.get(service.getKey());
      assertThat(spec.get("build")).as(service.getKey() + " is built from this repository").isEqualTo(".");
      // what every service reads (Kafka connection, API keys, rate limit), then its own
      String defaults = resource("io/recsys/edge/edge-defaults.properties")
          + resource(service.getValue());
      Map<String, Object> env = (Map<String, Object>) spec.get("environment");
      assertThat(env).as(service.getKey()).isNotEmpty();
      for (String variable : env.keySet()) {
        String readers = entrypoint.contains("${" + variable + ":") ? entrypoint : defaults;
        assertThat(readers).as(service.getKey() + " reads " + variable).contains("${" + variable + ":");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceAndTheDashboardParses() throws IOException {
    Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus.yml")));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
    assertThat(jobs).extracting(j -> j.get("job_name")).contains("recommender", "ingest", "sync-worker");
    assertThat(jobs).allSatisfy(j -> assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus"));
    Map<String, Object> dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(ROOT.resolve("deploy/grafana/dashboards/recsys.json").toFile(), Map.class);
    assertThat((List<?>) dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(6);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DockerComposeFileTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("classpath resource " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
