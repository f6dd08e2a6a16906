package io.recsys.gsasrec.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Named float tensors in insertion order, as a PyTorch {@code state_dict()} holds them. */
public final class StateDict {

    private final Map<String, FloatTensor> tensors;

    public StateDict(Map<String, FloatTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Map<String, FloatTensor> asMap() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Optional<FloatTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The tensor called {@code name}; a missing one is a broken checkpoint, so this throws. */
    public FloatTensor get(String name) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointFormatException("checkpoint has no tensor '" + name + "'");
        }
        return t;
    }

    public int size() {
        return tensors.size();
    }
}
