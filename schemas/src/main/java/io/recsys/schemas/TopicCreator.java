package io.recsys.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The one place that creates the system's topics; topics that already exist are left alone. */
public final class TopicCreator {

  private TopicCreator() {
  }

  /**
   * Creates every missing topic of {@link Topics#ALL}.
   *
   * @param partitionsOverride partitions for the per-user topics, or 0 for the defaults
   * @return the names of the topics created now
   */
  public static List<String> createMissing(Map<String, Object> adminConfig, int partitionsOverride,
                                           short replicationFactor) {
    Properties props = new Properties();
    props.putAll(adminConfig);
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : Topics.ALL) {
        if (!existing.contains(topic.name())) {
          int partitions = partitionsOverride > 0 && topic.defaultPartitions() > 1
              ? partitionsOverride : topic.defaultPartitions();
          missing.add(topic.newTopic(partitions, replicationFactor));
        }
      }
      List<String> created = new ArrayList<>();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance creating the same topic at once is fine; the rest is not
          }
        }
      }
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topics on " + adminConfig.get(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
    }
  }
}
