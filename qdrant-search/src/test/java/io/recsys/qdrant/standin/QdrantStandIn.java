package io.recsys.qdrant.standin;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListAliasesRequest;
import io.qdrant.client.grpc.Collections.ListAliasesResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import io.qdrant.client.grpc.Points.UpdateBatchResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stand-in for a Qdrant server, for tests on machines where none runs: an in-memory gRPC
 * server speaking the part of Qdrant's API this project uses (collections with dot-product
 * vectors, aliases, payload indexes, upsert, count, retrieve, payload overwrite, exact filtered
 * search with must/should/must_not over keyword, integer and range conditions and point ids).
 * It is checked by the same contract tests as the real server (they run against both when
 * QDRANT_URL names one), and it can be made unavailable or slow and records every alias
 * change with the point count of its target, which a real server cannot tell.
 */
public final class QdrantStandIn implements AutoCloseable {

  /** An alias change as the stand-in applied it, with the target's point count at that moment. */
  public record AliasChange(String alias, String collection, long pointsInCollection) {
  }

  private static final class StoredCollection {
    final int dimension;
    final Distance distance;
    final TreeMap<Long, PointStruct> points = new TreeMap<>();
    final Map<Long, float[]> vectors = new java.util.HashMap<>();
    final Map<String, PayloadSchemaType> indexes = new LinkedHashMap<>();

    StoredCollection(int dimension, Distance distance) {
      this.dimension = dimension;
      this.distance = distance;
    }
  }

  private final Map<String, StoredCollection> collections = new TreeMap<>();
  private final Map<String, String> aliases = new TreeMap<>();
  private final List<AliasChange> aliasChanges = new CopyOnWriteArrayList<>();
  private final AtomicLong upserted = new AtomicLong();
  private final AtomicLong operationIds = new AtomicLong();
  private final String apiKey;
  private final Server server;
  private volatile boolean unavailable;
  private volatile Duration upsertDelay = Duration.ZERO;

  private QdrantStandIn(String apiKey) throws IOException {
    this.apiKey = apiKey;
    this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(ServerInterceptors.intercept(new Health(), new Gate()))
        .addService(ServerInterceptors.intercept(new CollectionsService(), new Gate()))
        .addService(ServerInterceptors.intercept(new PointsService(), new Gate()))
        .build().start();
  }

  /** Listens on a free port of localhost. */
  public static QdrantStandIn start() throws IOException {
    return new QdrantStandIn(null);
  }

  /** Refuses calls without this {@code api-key} header (UNAUTHENTICATED), as Qdrant does. */
  public static QdrantStandIn startWithApiKey(String apiKey) throws IOException {
    return new QdrantStandIn(apiKey);
  }

  /** The URL the project's Qdrant settings take, e.g. {@code http://localhost:41234}. */
  public String url() {
    return "http://localhost:" + server.getPort();
  }

  /** While true every call fails with UNAVAILABLE, as when the server is down. */
  public void setUnavailable(boolean value) {
    unavailable = value;
  }

  /** Each upsert request takes at least this long, so a rollout can be caught halfway. */
  public void setUpsertDelay(Duration delay) {
    upsertDelay = delay;
  }

  /** Points written by upserts since the start. */
  public long pointsUpserted() {
    return upserted.get();
  }

  public List<AliasChange> aliasChanges() {
    return List.copyOf(aliasChanges);
  }

  public synchronized long count(String collectionOrAlias) {
    StoredCollection c = collections.get(resolve(collectionOrAlias));
    return c == null ? -1 : c.points.size();
  }

  /** A point's payload, or null when the collection or the point does not exist. */
  public synchronized Map<String, Value> payload(String collectionOrAlias, long id) {
    StoredCollection c = collections.get(resolve(collectionOrAlias));
    PointStruct p = c == null ? null : c.points.get(id);
    return p == null ? null : p.getPayloadMap();
  }

  public synchronized String aliasTarget(String alias) {
    return aliases.get(alias);
  }

  public synchronized Set<String> collectionNames() {
    return Set.copyOf(collections.keySet());
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }

  // ---- the services ----

  /** Unavailability and the API key, before any service sees a call. */
  private final class Gate implements ServerInterceptor {
    private final Metadata.Key<String> key =
        Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
      if (unavailable) {
        call.close(Status.UNAVAILABLE.withDescription("stand-in made unavailable"), new Metadata());
        return new ServerCall.Listener<>() { };
      }
      if (apiKey != null && !apiKey.equals(headers.get(key))) {
        call.close(Status.UNAUTHENTICATED.withDescription("Invalid api-key"), new Metadata());
        return new ServerCall.Listener<>() { };
      }
      return next.startCall(call, headers);
    }
  }

  private final class Health extends QdrantGrpc.QdrantImplBase {
    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> out) {
      answer(out, () -> HealthCheckReply.newBuilder().setTitle("qdrant stand-in")
          .setVersion("stand-in").build());
    }
  }

  private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
    @Override
    public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          if (collections.containsKey(request.getCollectionName())) {
            throw Status.ALREADY_EXISTS.withDescription("Collection `"
                + request.getCollectionName() + "` already exists!").asRuntimeException();
          }
          var params = request.getVectorsConfig().getParams();
          if (params.getSize() <= 0) {
            throw invalid("vector size must be positive");
          }
          collections.put(request.getCollectionName(),
              new StoredCollection((int) params.getSize(), params.getDistance()));
        }
        return done();
      });
    }

    @Override
    public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          boolean existed = collections.remove(request.getCollectionName()) != null;
          aliases.values().removeIf(request.getCollectionName()::equals);
          return CollectionOperationResponse.newBuilder().setResult(existed).build();
        }
      });
    }

    @Override
    public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          ListCollectionsResponse.Builder r = ListCollectionsResponse.newBuilder();
          collections.keySet().forEach(n -> r.addCollections(
              CollectionDescription.newBuilder().setName(n)));
          return r.build();
        }
      });
    }

    @Override
    public void collectionExists(CollectionExistsRequest request,
                                 StreamObserver<CollectionExistsResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          return CollectionExistsResponse.newBuilder().setResult(CollectionExists.newBuilder()
              .setExists(collections.containsKey(request.getCollectionName()))).build();
        }
      });
    }

    @Override
    public void get(GetCollectionInfoRequest request,
                    StreamObserver<GetCollectionInfoResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(request.getCollectionName());
          CollectionInfo.Builder info = CollectionInfo.newBuilder()
              .setStatus(CollectionStatus.Green).setPointsCount(c.points.size())
              .setSegmentsCount(1);
          c.indexes.forEach((field, type) -> info.putPayloadSchema(field,
              PayloadSchemaInfo.newBuilder().setDataType(type).build()));
          return GetCollectionInfoResponse.newBuilder().setResult(info).build();
        }
      });
    }

    @Override
    public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          ListAliasesResponse.Builder r = ListAliasesResponse.newBuilder();
          aliases.forEach((alias, target) -> r.addAliases(AliasDescription.newBuilder()
              .setAliasName(alias).setCollectionName(target)));
          return r.build();
        }
      });
    }

    /** All operations of one request apply together or not at all, as in Qdrant. */
    @Override
    public void updateAliases(ChangeAliases request,
                              StreamObserver<CollectionOperationResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          Map<String, String> next = new TreeMap<>(aliases);
          List<AliasChange> changes = new ArrayList<>();
          for (AliasOperations op : request.getActionsList()) {
            switch (op.getActionCase()) {
              case CREATE_ALIAS -> {
                String target = op.getCreateAlias().getCollectionName();
                existing(target);
                next.put(op.getCreateAlias().getAliasName(), target);
                changes.add(new AliasChange(op.getCreateAlias().getAliasName(), target,
                    collections.get(target).points.size()));
              }
              case DELETE_ALIAS -> {
                if (next.remove(op.getDeleteAlias().getAliasName()) == null) {
                  throw Status.NOT_FOUND.withDescription("Alias "
                      + op.getDeleteAlias().getAliasName() + " does not exists!")
                      .asRuntimeException();
                }
              }
              case RENAME_ALIAS -> {
                String target = next.remove(op.getRenameAlias().getOldAliasName());
                if (target == null) {
                  throw Status.NOT_FOUND.withDescription("no alias "
                      + op.getRenameAlias().getOldAliasName()).asRuntimeException();
                }
                next.put(op.getRenameAlias().getNewAliasName(), target);
              }
              default -> throw invalid("unsupported alias operation " + op.getActionCase());
            }
          }
          aliases.clear();
          aliases.putAll(next);
          aliasChanges.addAll(changes);
        }
        return done();
      });
    }
  }

  private final class PointsService extends PointsGrpc.PointsImplBase {
    @Override
    public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> out) {
      answer(out, () -> {
        sleep(upsertDelay);
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(resolve(request.getCollectionName()));
          for (PointStruct p : request.getPointsList()) {
            int size = vectorOf(p).size();
            if (size != c.dimension) {
              throw invalid("Wrong input: Vector dimension error: expected dim: " + c.dimension
                  + ", got " + size);
            }
          }
          for (PointStruct p : request.getPointsList()) {
            c.points.put(p.getId().getNum(), p);
            c.vectors.put(p.getId().getNum(), toArray(vectorOf(p)));
          }
          upserted.addAndGet(request.getPointsCount());
        }
        return PointsOperationResponse.newBuilder().setResult(completed()).build();
      });
    }

    @Override
    public void createFieldIndex(CreateFieldIndexCollection request,
                                 StreamObserver<PointsOperationResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          PayloadSchemaType type = switch (request.getFieldType()) {
            case FieldTypeKeyword -> PayloadSchemaType.Keyword;
            case FieldTypeInteger -> PayloadSchemaType.Integer;
            case FieldTypeFloat -> PayloadSchemaType.Float;
            default -> throw invalid("unsupported field type " + request.getFieldType());
          };
          existing(resolve(request.getCollectionName())).indexes.put(request.getFieldName(), type);
        }
        return PointsOperationResponse.newBuilder().setResult(completed()).build();
      });
    }

    @Override
    public void count(CountPoints request, StreamObserver<CountResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(resolve(request.getCollectionName()));
          Predicate<PointStruct> filter = request.hasFilter() ? compile(request.getFilter())
              : p -> true;
          long n = c.points.values().stream().filter(filter).count();
          return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(n))
              .build();
        }
      });
    }

    @Override
    public void get(GetPoints request, StreamObserver<GetResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(resolve(request.getCollectionName()));
          boolean withVectors = request.getWithVectors().getEnable();
          boolean withPayload = request.getWithPayload().getEnable();
          GetResponse.Builder r = GetResponse.newBuilder();
          for (PointId id : request.getIdsList()) {
            PointStruct p = c.points.get(id.getNum());
            if (p == null) {
              continue;
            }
            RetrievedPoint.Builder point = RetrievedPoint.newBuilder().setId(p.getId());
            if (withPayload) {
              point.putAllPayload(p.getPayloadMap());
            }
            if (withVectors) {
              point.setVectors(VectorsOutput.newBuilder().setVector(VectorOutput.newBuilder()
                  .setDense(DenseVector.newBuilder().addAllData(vectorOf(p)))));
            }
            r.addResult(point);
          }
          return r.build();
        }
      });
    }

    @Override
    public void updateBatch(UpdateBatchPoints request, StreamObserver<UpdateBatchResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(resolve(request.getCollectionName()));
          UpdateBatchResponse.Builder r = UpdateBatchResponse.newBuilder();
          for (PointsUpdateOperation op : request.getOperationsList()) {
            if (!op.hasOverwritePayload()) {
              throw invalid("unsupported update operation " + op.getOperationCase());
            }
            var overwrite = op.getOverwritePayload();
            for (PointId id : overwrite.getPointsSelector().getPoints().getIdsList()) {
              PointStruct p = c.points.get(id.getNum());
              if (p == null) {
                throw Status.NOT_FOUND.withDescription("No point with id " + id.getNum()
                    + " found").asRuntimeException();
              }
              c.points.put(id.getNum(), p.toBuilder().clearPayload()
                  .putAllPayload(overwrite.getPayloadMap()).build());
            }
            r.addResult(completed());
          }
          return r.build();
        }
      });
    }

    /** Exact search (every point scored); HNSW parameters are accepted and make no difference. */
    @Override
    public void search(SearchPoints request, StreamObserver<SearchResponse> out) {
      answer(out, () -> {
        synchronized (QdrantStandIn.this) {
          StoredCollection c = existing(resolve(request.getCollectionName()));
          float[] query = toArray(request.getVectorList());
          if (query.length != c.dimension) {
            throw invalid("Wrong input: Vector dimension error: expected dim: " + c.dimension
                + ", got " + query.length);
          }
          Predicate<PointStruct> filter = request.hasFilter() ? compile(request.getFilter())
              : p -> true;
          if (c.distance != Distance.Dot) {
            throw invalid("the stand-in scores only Dot collections");
          }
          List<ScoredPoint> scored = new ArrayList<>();
          for (PointStruct p : c.points.values()) {
            if (!filter.test(p)) {
              continue;
            }
            float[] v = c.vectors.get(p.getId().getNum());
            float score = 0;
            for (int d = 0; d < v.length; d++) {
              score += v[d] * query[d];
            }
            ScoredPoint.Builder point = ScoredPoint.newBuilder().setId(p.getId()).setScore(score);
            if (request.getWithPayload().getEnable()) {
              point.putAllPayload(p.getPayloadMap());
            }
            scored.add(point.build());
          }
          scored.sort(Comparator.comparingDouble(ScoredPoint::getScore).reversed()
              .thenComparingLong(p -> p.getId().getNum()));
          return SearchResponse.newBuilder()
              .addAllResult(scored.subList(0, (int) Math.min(scored.size(), request.getLimit())))
              .build();
        }
      });
    }
  }

  // ---- filters, as Qdrant evaluates them; compiled once per request ----

  private static Predicate<PointStruct> compile(Filter f) {
    List<Predicate<PointStruct>> must = f.getMustList().stream().map(QdrantStandIn::compile)
        .toList();
    List<Predicate<PointStruct>> mustNot = f.getMustNotList().stream()
        .map(QdrantStandIn::compile).toList();
    List<Predicate<PointStruct>> should = f.getShouldList().stream()
        .map(QdrantStandIn::compile).toList();
    return p -> must.stream().allMatch(c -> c.test(p))
        && mustNot.stream().noneMatch(c -> c.test(p))
        && (should.isEmpty() || should.stream().anyMatch(c -> c.test(p)));
  }

  private static Predicate<PointStruct> compile(Condition c) {
    return switch (c.getConditionOneOfCase()) {
      case HAS_ID -> {
        Set<Long> ids = new HashSet<>();
        c.getHasId().getHasIdList().forEach(id -> ids.add(id.getNum()));
        yield p -> ids.contains(p.getId().getNum());
      }
      case FILTER -> compile(c.getFilter());
      case FIELD -> compile(c.getField());
      default -> throw invalid("unsupported condition " + c.getConditionOneOfCase());
    };
  }

  /** A list payload satisfies a field condition when any of its elements does. */
  private static Predicate<PointStruct> compile(FieldCondition f) {
    Predicate<Value> element;
    if (f.hasMatch()) {
      element = compile(f.getMatch());
    } else if (f.hasRange()) {
      Range r = f.getRange();
      element = v -> inRange(v, r);
    } else {
      throw invalid("unsupported field condition on " + f.getKey());
    }
    return p -> {
      Value value = p.getPayloadMap().get(f.getKey());
      if (value == null) {
        return false;
      }
      return value.hasListValue() ? value.getListValue().getValuesList().stream()
          .anyMatch(element) : element.test(value);
    };
  }

  private static Predicate<Value> compile(Match m) {
    return switch (m.getMatchValueCase()) {
      case KEYWORD -> v -> v.hasStringValue() && v.getStringValue().equals(m.getKeyword());
      case KEYWORDS -> {
        Set<String> keywords = new HashSet<>(m.getKeywords().getStringsList());
        yield v -> v.hasStringValue() && keywords.contains(v.getStringValue());
      }
      case INTEGER -> v -> v.hasIntegerValue() && v.getIntegerValue() == m.getInteger();
      case INTEGERS -> {
        Set<Long> integers = new HashSet<>(m.getIntegers().getIntegersList());
        yield v -> v.hasIntegerValue() && integers.contains(v.getIntegerValue());
      }
      default -> throw invalid("unsupported match " + m.getMatchValueCase());
    };
  }

  private static boolean inRange(Value v, Range r) {
    double x;
    if (v.hasIntegerValue()) {
      x = v.getIntegerValue();
    } else if (v.hasDoubleValue()) {
      x = v.getDoubleValue();
    } else {
      return false;
    }
    return (!r.hasGte() || x >= r.getGte()) && (!r.hasGt() || x > r.getGt())
        && (!r.hasLte() || x <= r.getLte()) && (!r.hasLt() || x < r.getLt());
  }

  // ---- helpers ----

  private static List<Float> vectorOf(PointStruct p) {
    var v = p.getVectors().getVector();
    return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private String resolve(String collectionOrAlias) {
    synchronized (this) {
      return aliases.getOrDefault(collectionOrAlias, collectionOrAlias);
    }
  }

  private StoredCollection existing(String name) {
    StoredCollection c = collections.get(name);
    if (c == null) {
      throw Status.NOT_FOUND.withDescription("Not found: Collection `" + name
          + "` doesn't exist!").asRuntimeException();
    }
    return c;
  }

  private UpdateResult completed() {
    return UpdateResult.newBuilder().setOperationId(operationIds.incrementAndGet())
        .setStatus(UpdateStatus.Completed).build();
  }

  private static CollectionOperationResponse done() {
    return CollectionOperationResponse.newBuilder().setResult(true).build();
  }

  private static RuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.asRuntimeException();
    }
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (io.grpc.StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }
}
