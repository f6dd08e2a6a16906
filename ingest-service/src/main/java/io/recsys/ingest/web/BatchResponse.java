package io.recsys.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The answer to an accepted batch: every event is durably in Kafka. Per partition the count and
 * the lowest and highest offset written (other writers may have interleaved); with
 * {@code ?verbose=true} also every event's id, partition and offset, in request order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Every event of the batch is durably in Kafka")
public record BatchResponse(
    @JsonProperty("accepted") @Schema(example = "1000") int accepted,
    @JsonProperty("topic") @Schema(example = "ratings") String topic,
    @JsonProperty("partitions") List<PartitionRange> partitions,
    @JsonProperty("events") @Schema(description = "only with ?verbose=true")
    List<RatingResponse> events) {

  /** Offsets written to one partition by this batch. */
  public record PartitionRange(
      @JsonProperty("partition") int partition,
      @JsonProperty("count") int count,
      @JsonProperty("min_offset") long minOffset,
      @JsonProperty("max_offset") long maxOffset) {
  }

  static BatchResponse of(String topic, List<RatingRequest> requests, List<RecordMetadata> metadata,
                          boolean verbose) {
    Map<Integer, long[]> byPartition = new TreeMap<>(); // count, min, max
    for (RecordMetadata md : metadata) {
      long[] range = byPartition.computeIfAbsent(md.partition(),
          p -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
      range[0]++;
      range[1] = Math.min(range[1], md.offset());
      range[2] = Math.max(range[2], md.offset());
    }
    List<PartitionRange> partitions = new ArrayList<>(byPartition.size());
    byPartition.forEach((p, r) -> partitions.add(new PartitionRange(p, (int) r[0], r[1], r[2])));
    List<RatingResponse> events = null;
    if (verbose) {
      events = new ArrayList<>(metadata.size());
      for (int i = 0; i < metadata.size(); i++) {
        events.add(new RatingResponse(requests.get(i).eventId(), metadata.get(i).partition(),
            metadata.get(i).offset()));
      }
    }
    return new BatchResponse(metadata.size(), topic, partitions, events);
  }
}
