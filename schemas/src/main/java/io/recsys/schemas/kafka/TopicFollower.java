package io.recsys.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole compacted topics from the beginning and then follows them, on its own thread,
 * without a consumer group: every worker instance needs all of them, and the state they feed
 * is rebuilt at each start. Records are handed over raw, so a record that cannot be decoded is
 * logged and skipped by the handler instead of stopping the loop. Tells once when it has read
 * up to the end offsets the topics had when it started.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  /** Gets each record; called on the follower's thread. */
  @FunctionalInterface
  public interface Handler {
    void handle(ConsumerRecord<byte[], byte[]> record);
  }

  private final String name;
  private final List<String> topics;
  private final Map<String, Object> clientConfig;
  private final Handler handler;
  private final Runnable caughtUp;
  private final Runnable prepare;
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean running = true;
  // waits between attempts end at once on close, without interrupting the Kafka client
  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * @param prepare run (and retried on failure) before reading, e.g. creating missing topics
   */
  public TopicFollower(String name, List<String> topics, Map<String, Object> clientConfig,
                       Handler handler, Runnable caughtUp, Runnable prepare) {
    this.prepare = prepare;
    this.name = name;
    this.topics = List.copyOf(topics);
    this.clientConfig = new HashMap<>(clientConfig);
    this.handler = handler;
    this.caughtUp = caughtUp;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "recsys-" + name);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // a topic created by a consumer's metadata request would get the broker's defaults
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    while (running) {
      try {
        prepare.run();
      } catch (RuntimeException e) {
        if (!pause(e)) {
          return;
        }
        continue;
      }
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props,
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer = c;
        follow(c);
      } catch (WakeupException e) {
        return; // closing
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (!pause(e)) {
          return;
        }
      }
    }
  }

  /** Waits before starting over; false when closing. */
  private boolean pause(RuntimeException e) {
    if (!running) {
      return false;
    }
    LOG.warn("{}: following {} failed ({}); starting over in 5 s", name, topics, e.toString());
    try {
      return !stopped.await(5, TimeUnit.SECONDS) && running;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void follow(KafkaConsumer<byte[], byte[]> c) {
    List<TopicPartition> partitions = partitionsOf(c);
    c.assign(partitions);
    c.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = c.endOffsets(partitions);
    boolean told = false;
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
        try {
          handler.handle(record);
        } catch (RuntimeException e) {
          LOG.warn("{}: skipped record {}-{}@{}: {}", name, record.topic(), record.partition(),
              record.offset(), e.toString());
        }
      }
      if (!told && reached(c, ends)) {
        told = true;
        LOG.info("{}: read {} up to their start-up end offsets", name, topics);
        caughtUp.run();
      }
    }
  }

  private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> c) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist (yet)");
      }
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    return partitions;
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> ends) {
    Collection<TopicPartition> partitions = ends.keySet();
    for (TopicPartition p : partitions) {
      if (c.position(p) < ends.get(p)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    stopped.countDown();
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
