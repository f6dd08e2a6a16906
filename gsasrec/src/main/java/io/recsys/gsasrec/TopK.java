package io.recsys.gsasrec;

import java.util.PriorityQueue;

/** Selection of the k largest scores; index i stands for item id i + 1. */
final class TopK {

    private TopK() {}

    static ItemScorer.Recommendation select(float[] scores, int k) {
        int n = 0;
        for (float s : scores) {
            if (s != Float.NEGATIVE_INFINITY) {
                n++;
            }
        }
        k = Math.min(k, n);
        // a min-heap of the best k so far: the root is the one to beat; ties keep the lower id
        PriorityQueue<Integer> heap = new PriorityQueue<>(Math.max(1, k),
                (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < scores.length && k > 0; i++) {
            if (scores[i] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (heap.size() < k) {
                heap.add(i);
            } else {
                int worst = heap.peek();
                if (scores[i] > scores[worst]) {
                    heap.poll();
                    heap.add(i);
                }
            }
        }
        int[] ids = new int[heap.size()];
        float[] best = new float[heap.size()];
        for (int j = ids.length - 1; j >= 0; j--) {
            int i = heap.poll();
            ids[j] = i + 1;
            best[j] = scores[i];
        }
        return new ItemScorer.Recommendation(ids, best);
    }
}
