// JNI entry points for io.recsys.index.faiss.FaissNative. Each one translates C++ failures
// into Java exceptions: a FAISS or allocation error must never take the JVM down.
#include <jni.h>

#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <faiss/impl/FaissException.h>

#include "io_recsys_index_faiss_FaissNative.h"
#include "native_index.h"

using recsys::BuildParams;
using recsys::NativeIndex;
using recsys::NativeKind;

namespace {

void throw_java(JNIEnv* env, const char* class_name, const std::string& message) {
    if (env->ExceptionCheck()) {
        return; // keep the first pending exception
    }
    jclass cls = env->FindClass(class_name);
    if (cls != nullptr) {
        env->ThrowNew(cls, message.c_str());
    }
}

template <typename Body>
void guarded(JNIEnv* env, Body&& body) {
    try {
        body();
    } catch (const faiss::FaissException& e) {
        throw_java(env, "java/lang/IllegalStateException", std::string("FAISS: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw_java(env, "java/lang/IllegalArgumentException", e.what());
    } catch (const std::bad_alloc&) {
        throw_java(env, "java/lang/OutOfMemoryError", "native memory exhausted in the FAISS library");
    } catch (const std::exception& e) {
        throw_java(env, "java/lang/IllegalStateException", e.what());
    } catch (...) {
        throw_java(env, "java/lang/IllegalStateException", "unknown native error in the FAISS library");
    }
}

NativeIndex* index_of(jlong handle) {
    if (handle == 0) {
        throw std::logic_error("native index handle is null (closed?)");
    }
    return reinterpret_cast<NativeIndex*>(handle);
}

std::string to_string(JNIEnv* env, jstring s) {
    const char* chars = env->GetStringUTFChars(s, nullptr);
    if (chars == nullptr) {
        throw std::bad_alloc();
    }
    std::string out(chars);
    env->ReleaseStringUTFChars(s, chars);
    return out;
}

// Rows [first_row, first_row + count) of a row-major float[].
std::vector<float> copy_rows(JNIEnv* env, jfloatArray vectors, jint first_row, jint count, int dim) {
    size_t begin = static_cast<size_t>(first_row) * static_cast<size_t>(dim);
    size_t values = static_cast<size_t>(count) * static_cast<size_t>(dim);
    if (first_row < 0 || count < 0 || static_cast<size_t>(env->GetArrayLength(vectors)) < begin + values) {
        throw std::invalid_argument("row range outside the vector array");
    }
    // A copy, not a critical section: adding to HNSW takes seconds and must not stall the GC.
    std::vector<float> buffer(values);
    env->GetFloatArrayRegion(vectors, static_cast<jsize>(begin), static_cast<jsize>(values), buffer.data());
    return buffer;
}

// Holds a long[] bitmap pinned for the duration of one search.
class PinnedBitmap {
public:
    PinnedBitmap(JNIEnv* env, jlongArray words) : env_(env), array_(words) {
        if (words != nullptr) {
            length_ = static_cast<size_t>(env->GetArrayLength(words));
            data_ = static_cast<unsigned long long*>(env->GetPrimitiveArrayCritical(words, nullptr));
            if (data_ == nullptr) {
                throw std::bad_alloc();
            }
        }
    }
    ~PinnedBitmap() { release(); }
    void release() {
        if (data_ != nullptr) {
            env_->ReleasePrimitiveArrayCritical(array_, data_, JNI_ABORT);
            data_ = nullptr;
        }
    }
    const unsigned long long* data() const { return data_; }
    size_t length() const { return length_; }

private:
    JNIEnv* env_;
    jlongArray array_;
    unsigned long long* data_ = nullptr;
    size_t length_ = 0;
};

template <typename Run>
jint run_search(JNIEnv* env, jlong handle, jfloatArray query, jint k, jlongArray allowed,
                jfloatArray scores_out, jintArray positions_out, Run&& run) {
    jint found = 0;
    guarded(env, [&] {
        NativeIndex* index = index_of(handle);
        int dim = index->dim();
        if (env->GetArrayLength(query) != dim) {
            throw std::invalid_argument("query length differs from the index dimension");
        }
        if (k <= 0 || env->GetArrayLength(scores_out) < k || env->GetArrayLength(positions_out) < k) {
            throw std::invalid_argument("k must be positive and fit the output arrays");
        }
        std::vector<float> q(dim);
        env->GetFloatArrayRegion(query, 0, dim, q.data());
        std::vector<float> scores(k);
        std::vector<int64_t> positions(k);
        {
            PinnedBitmap bitmap(env, allowed);
            found = run(index, q.data(), bitmap, scores.data(), positions.data());
        } // no JNI calls may happen while the bitmap is pinned
        std::vector<jint> narrow(found);
        for (int i = 0; i < found; i++) {
            narrow[i] = static_cast<jint>(positions[i]);
        }
        env->SetFloatArrayRegion(scores_out, 0, found, scores.data());
        env->SetIntArrayRegion(positions_out, 0, found, narrow.data());
    });
    return found;
}

} // namespace

extern "C" {

JNIEXPORT jstring JNICALL Java_io_recsys_index_faiss_FaissNative_faissVersion(JNIEnv* env, jclass) {
    std::string version = std::to_string(FAISS_VERSION_MAJOR) + "." + std::to_string(FAISS_VERSION_MINOR) + "." +
                          std::to_string(FAISS_VERSION_PATCH);
    return env->NewStringUTF(version.c_str());
}

JNIEXPORT jlong JNICALL Java_io_recsys_index_faiss_FaissNative_create(
        JNIEnv* env, jclass, jint kind, jint dimension, jint hnsw_m, jint hnsw_ef_construction, jint ivf_nlist,
        jlong seed) {
    jlong handle = 0;
    guarded(env, [&] {
        if (dimension <= 0) {
            throw std::invalid_argument("dimension must be positive");
        }
        if (kind < 1 || kind > 3) {
            throw std::invalid_argument("unknown index kind " + std::to_string(kind));
        }
        BuildParams params{hnsw_m, hnsw_ef_construction, ivf_nlist, seed};
        handle = reinterpret_cast<jlong>(new NativeIndex(static_cast<NativeKind>(kind), dimension, params));
    });
    return handle;
}

JNIEXPORT void JNICALL Java_io_recsys_index_faiss_FaissNative_train(
        JNIEnv* env, jclass, jlong handle, jfloatArray vectors, jint count, jint threads) {
    guarded(env, [&] {
        NativeIndex* index = index_of(handle);
        std::vector<float> rows = copy_rows(env, vectors, 0, count, index->dim());
        index->train(rows.data(), count, threads);
    });
}

JNIEXPORT void JNICALL Java_io_recsys_index_faiss_FaissNative_add(
        JNIEnv* env, jclass, jlong handle, jfloatArray vectors, jint first_row, jint count, jint threads) {
    guarded(env, [&] {
        NativeIndex* index = index_of(handle);
        std::vector<float> rows = copy_rows(env, vectors, first_row, count, index->dim());
        index->add(rows.data(), count, threads);
    });
}

JNIEXPORT void JNICALL Java_io_recsys_index_faiss_FaissNative_finishBuild(JNIEnv* env, jclass, jlong handle) {
    guarded(env, [&] { index_of(handle)->finish_build(); });
}

JNIEXPORT jintArray JNICALL Java_io_recsys_index_faiss_FaissNative_reorderForLocality(
        JNIEnv* env, jclass, jlong handle, jlong seed, jint threads) {
    jintArray result = nullptr;
    guarded(env, [&] {
        std::vector<int64_t> order = index_of(handle)->reorder_for_locality(seed, threads);
        if (order.empty()) {
            return;
        }
        std::vector<jint> narrowed(order.begin(), order.end());
        result = env->NewIntArray(static_cast<jsize>(narrowed.size()));
        if (result != nullptr) {
            env->SetIntArrayRegion(result, 0, static_cast<jsize>(narrowed.size()), narrowed.data());
        }
    });
    return result;
}

JNIEXPORT jint JNICALL Java_io_recsys_index_faiss_FaissNative_search(
        JNIEnv* env, jclass, jlong handle, jfloatArray query, jint k, jint param, jlongArray allowed,
        jfloatArray scores, jintArray positions) {
    return run_search(env, handle, query, k, allowed, scores, positions,
                      [&](NativeIndex* index, const float* q, const PinnedBitmap& bitmap, float* s, int64_t* p) {
                          return index->search(q, k, param, bitmap.data(), bitmap.length(), s, p);
                      });
}

JNIEXPORT jint JNICALL Java_io_recsys_index_faiss_FaissNative_searchAllowedExactly(
        JNIEnv* env, jclass, jlong handle, jfloatArray query, jint k, jlongArray allowed, jfloatArray scores,
        jintArray positions) {
    return run_search(env, handle, query, k, allowed, scores, positions,
                      [&](NativeIndex* index, const float* q, const PinnedBitmap& bitmap, float* s, int64_t* p) {
                          return index->search_allowed_exactly(q, k, bitmap.data(), bitmap.length(), s, p);
                      });
}

JNIEXPORT void JNICALL Java_io_recsys_index_faiss_FaissNative_appendTo(
        JNIEnv* env, jclass, jlong handle, jstring path) {
    guarded(env, [&] { index_of(handle)->append_to_file(to_string(env, path)); });
}

JNIEXPORT jlong JNICALL Java_io_recsys_index_faiss_FaissNative_readFrom(
        JNIEnv* env, jclass, jstring path, jlong offset) {
    jlong handle = 0;
    guarded(env, [&] {
        handle = reinterpret_cast<jlong>(NativeIndex::read_from_file(to_string(env, path), offset).release());
    });
    return handle;
}

JNIEXPORT jint JNICALL Java_io_recsys_index_faiss_FaissNative_kind(JNIEnv* env, jclass, jlong handle) {
    jint kind = 0;
    guarded(env, [&] { kind = static_cast<jint>(index_of(handle)->kind()); });
    return kind;
}

JNIEXPORT jlong JNICALL Java_io_recsys_index_faiss_FaissNative_count(JNIEnv* env, jclass, jlong handle) {
    jlong count = 0;
    guarded(env, [&] { count = index_of(handle)->count(); });
    return count;
}

JNIEXPORT jint JNICALL Java_io_recsys_index_faiss_FaissNative_dimension(JNIEnv* env, jclass, jlong handle) {
    jint dim = 0;
    guarded(env, [&] { dim = index_of(handle)->dim(); });
    return dim;
}

JNIEXPORT void JNICALL Java_io_recsys_index_faiss_FaissNative_free(JNIEnv*, jclass, jlong handle) {
    delete reinterpret_cast<NativeIndex*>(handle);
}

} // extern "C"
