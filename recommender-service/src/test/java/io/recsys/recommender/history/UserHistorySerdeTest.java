package io.recsys.recommender.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.recommender.history.UserHistory.Interaction;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UserHistorySerdeTest {

  private final UserHistorySerde serde = new UserHistorySerde(200);

  @Test
  void roundTripsInOrderWithRatingsAndImplicitEvents() {
    UserHistory history = new UserHistory(200);
    history.add(Interaction.of("e1", 10, 4.5f, 1_000));
    history.add(Interaction.of("e2", 20, null, 2_000));
    byte[] bytes = serde.write(history);
    assertThat(bytes).hasSize(5 + 2 * 28);

    UserHistory back = serde.read(bytes);
    assertThat(back.interactions()).isEqualTo(history.interactions());
    assertThat(back.containsEvent("e2")).isTrue();
    assertThat(back.containsEvent("e3")).isFalse();
  }

  @Test
  void readsTheFormerStringIdFormatSoOldChangelogsRestore() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(1);
      out.writeUTF("old-event");
      out.writeLong(42);
      out.writeFloat(Float.NaN);
      out.writeLong(5_000);
    }
    UserHistory back = serde.read(bytes.toByteArray());
    assertThat(back.movieIds()).containsExactly(42);
    assertThat(back.containsEvent("old-event")).isTrue();
    assertThat(back.interactions().get(0).rating()).isNull();
  }

  @Test
  void corruptBytesAreASerializationErrorNotAWrongHistory() {
    UserHistory history = new UserHistory(200);
    history.add(Interaction.of("e1", 10, 4.5f, 1_000));
    byte[] truncated = Arrays.copyOf(serde.write(history), 20);
    assertThatThrownBy(() -> serde.read(truncated)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("Corrupt");
    assertThatThrownBy(() -> serde.read(new byte[] {9})).isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9");
  }
}
