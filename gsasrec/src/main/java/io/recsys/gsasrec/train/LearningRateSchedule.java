package io.recsys.gsasrec.train;

/** Linear warm-up, then constant or cosine decay to a floor. */
record LearningRateSchedule(double peak, int warmupSteps, long decaySteps, double floorFactor) {

    static LearningRateSchedule of(TrainConfig c) {
        return new LearningRateSchedule(c.learningRate(), c.warmupSteps(), c.decaySteps(), c.minLearningRateFactor());
    }

    /** The rate for 1-based step {@code step}. */
    float at(long step) {
        if (step <= warmupSteps) {
            return (float) (peak * step / Math.max(1, warmupSteps));
        }
        if (decaySteps <= 0) {
            return (float) peak;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
        double floor = peak * floorFactor;
        return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
