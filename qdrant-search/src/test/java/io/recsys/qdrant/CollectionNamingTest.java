package io.recsys.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionNamingTest {

  private final CollectionNaming naming = new CollectionNaming("items");

  @Test
  void namesACollectionAfterTheModelVersion() {
    assertThat(naming.collectionFor("0123456789abcdef0123")).isEqualTo("items_0123456789ab");
    assertThat(naming.collectionFor("gsasrec-0123456789abcdef")).isEqualTo("items_0123456789ab");
    assertThatThrownBy(() -> naming.collectionFor("../etc")).hasMessageContaining("hex");
    assertThatThrownBy(() -> naming.collectionFor("gsasrec-XYZ0123456789ab"))
        .hasMessageContaining("hex");
    assertThatThrownBy(() -> naming.collectionFor(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletesTheOldestBeyondTheKeptNumberButNeverTheCurrent() {
    List<String> ours = List.of("items_a", "items_b", "items_c", "other_x", "items_d");
    assertThat(naming.toDelete(ours, "items_d", 2)).containsExactly("items_a", "items_b");
    assertThat(naming.toDelete(ours, "items_a", 2)).containsExactly("items_b", "items_c");
    assertThat(naming.toDelete(ours, "items_d", 10)).isEmpty();
    assertThatThrownBy(() -> naming.toDelete(ours, "items_d", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
