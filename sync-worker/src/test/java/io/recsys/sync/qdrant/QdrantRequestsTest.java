package io.recsys.sync.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.recsys.index.VectorTable;
import io.recsys.index.filter.FilterSpec;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.qdrant.ItemPayload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdrantRequestsTest {

  @Test
  void aCollectionScoresByDotProductAtTheModelsDimension() {
    CreateCollection request = QdrantRequests.createCollection("items_0123456789ab", 64);
    assertThat(request.getCollectionName()).isEqualTo("items_0123456789ab");
    assertThat(request.getVectorsConfig().getParams().getSize()).isEqualTo(64);
    assertThat(request.getVectorsConfig().getParams().getDistance()).isEqualTo(Distance.Dot);
    assertThatThrownBy(() -> QdrantRequests.createCollection("c", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadIndexesCoverEveryFilteredField() {
    List<CreateFieldIndexCollection> indexes = QdrantRequests.payloadIndexes("c");
    assertThat(indexes).extracting(CreateFieldIndexCollection::getFieldName)
        .containsExactly("genres", "year", "avg_rating");
    assertThat(indexes).extracting(CreateFieldIndexCollection::getFieldType)
        .containsExactly(FieldType.FieldTypeKeyword, FieldType.FieldTypeInteger,
            FieldType.FieldTypeFloat);
    assertThat(indexes).allSatisfy(i -> {
      assertThat(i.getCollectionName()).isEqualTo("c");
      assertThat(i.getWait()).isTrue();
    });
  }

  @Test
  void payloadCarriesTheMovieAndLeavesUnknownFieldsOut() {
    Map<String, Value> full = QdrantRequests.payload(new ItemPayload(1193, "One Flew Over",
        List.of("Drama"), 1975, 1725, 4.39));
    assertThat(full.get("movie_id").getIntegerValue()).isEqualTo(1193);
    assertThat(full.get("title").getStringValue()).isEqualTo("One Flew Over");
    assertThat(full.get("genres").getListValue().getValuesList())
        .extracting(Value::getStringValue).containsExactly("Drama");
    assertThat(full.get("year").getIntegerValue()).isEqualTo(1975);
    assertThat(full.get("rating_count").getIntegerValue()).isEqualTo(1725);
    assertThat(full.get("avg_rating").getDoubleValue()).isEqualTo(4.39);

    Map<String, Value> unknown = QdrantRequests.payload(ItemPayload.unknown(7));
    assertThat(unknown).containsOnlyKeys("movie_id", "genres", "rating_count");
  }

  @Test
  void upsertsSplitTheBundleIntoWaitedBatchesOfPointsWithTheirVectors() {
    BundleItems bundle = new BundleItems(Path.of("b"), "gsasrec-0123456789abcdef", "0123",
        new VectorTable(new long[] {11, 12, 13, 14, 15}, new float[] {
            1, 0, 0, 1, 1, 1, 2, 2, 3, 3}, 2), "sha");
    assertThat(QdrantRequests.batchCount(5, 2)).isEqualTo(3);
    UpsertPoints last = QdrantRequests.upsertBatch("c", bundle, 2, 2, ItemPayload::unknown);
    assertThat(last.getWait()).isTrue();
    assertThat(last.getPointsList()).singleElement().satisfies(p -> {
      assertThat(p.getId().getNum()).isEqualTo(15);
      assertThat(p.getVectors().getVector().getDense().getDataList()).containsExactly(3f, 3f);
      assertThat(p.getPayloadMap().get("movie_id").getIntegerValue()).isEqualTo(15);
    });
    UpsertPoints first = QdrantRequests.upsertBatch("c", bundle, 0, 2, ItemPayload::unknown);
    assertThat(first.getPointsList()).extracting(p -> p.getId().getNum()).containsExactly(11L, 12L);
    assertThatThrownBy(() -> QdrantRequests.upsertBatch("c", bundle, 3, 2, ItemPayload::unknown))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadUpdatesOverwriteEachPointsWholePayloadInIdOrder() {
    var ops = QdrantRequests.overwritePayloads(Map.of(
        9L, new ItemPayload(9, "B", List.of(), null, 2, 3.0),
        4L, ItemPayload.unknown(4)));
    assertThat(ops).hasSize(2);
    assertThat(ops.get(0).getOverwritePayload().getPointsSelector().getPoints().getIds(0).getNum())
        .isEqualTo(4);
    assertThat(ops.get(0).getOverwritePayload().getPayloadMap()).doesNotContainKey("avg_rating");
    assertThat(ops.get(1).getOverwritePayload().getPayloadMap().get("avg_rating").getDoubleValue())
        .isEqualTo(3.0);
  }

  @Test
  void pointIdsMustBeUnsigned() {
    assertThatThrownBy(() -> QdrantRequests.point(-1, new float[] {1}, ItemPayload.unknown(-1)))
        .hasMessageContaining("unsigned");
    PointStruct p = QdrantRequests.point(3, new float[] {1, 2}, ItemPayload.unknown(3));
    assertThat(p.getId().getNum()).isEqualTo(3);
  }

  @Test
  void theAliasMovesInOneRequestDeletingTheOldOneOnlyWhenThereIsOne() {
    List<AliasOperations> first = QdrantRequests.swapAlias("items", "items_a", false);
    assertThat(first).singleElement().satisfies(op -> {
      assertThat(op.getCreateAlias().getAliasName()).isEqualTo("items");
      assertThat(op.getCreateAlias().getCollectionName()).isEqualTo("items_a");
    });
    List<AliasOperations> swap = QdrantRequests.swapAlias("items", "items_b", true);
    assertThat(swap).hasSize(2);
    assertThat(swap.get(0).getDeleteAlias().getAliasName()).isEqualTo("items");
    assertThat(swap.get(1).getCreateAlias().getCollectionName()).isEqualTo("items_b");
  }
}
