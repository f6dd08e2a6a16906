package io.recsys.gsasrec.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small unpickler for the {@code data.pkl} of a {@code torch.save}d state dict.
 *
 * <p>It understands the opcodes that torch emits for an {@code OrderedDict} of tensors
 * (protocol 2, plus the few protocol 4 ones that newer writers use) and exactly three callables:
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and the storage type
 * globals inside persistent ids. Anything else is refused with the offset and opcode, because
 * executing arbitrary pickles is neither needed nor safe.
 */
final class TorchPickleReader {

    /** A {@code module.name} global, kept symbolic: nothing is ever executed. */
    record GlobalRef(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** The persistent id of a storage: which zip entry holds its bytes and how to read them. */
    record StorageRef(String storageType, String key, long numel) {}

    /** A tensor view over a storage, as {@code _rebuild_tensor_v2} describes it. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private TorchPickleReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Unpickles {@code bytes} and returns the top-level object (a map for a state dict). */
    static Object read(byte[] bytes) {
        return new TorchPickleReader(bytes).run();
    }

    private Object run() {
        while (in.hasRemaining()) {
            int at = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO: version byte, nothing to do
                case 0x95 -> in.getLong(); // FRAME: length hint only
                case '(' -> { marks.add(stack.size()); push(MARK); }
                case '.' -> { return pop(); } // STOP
                case ')' -> push(new Object[0]);
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 'J' -> push((long) in.getInt());
                case 0x8a -> push(readLong1());
                case 'G' -> push(readBigEndianDouble());
                case 'X' -> push(readUtf8(in.getInt()));
                case 0x8c -> push(readUtf8(in.get() & 0xff));
                case 'c' -> push(new GlobalRef(readLine(), readLine()));
                case 0x93 -> { String name = (String) pop(); push(new GlobalRef((String) pop(), name)); }
                case 'q' -> memo.put(in.get() & 0xff, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek());
                case 'h' -> push(memoGet(in.get() & 0xff, at));
                case 'j' -> push(memoGet(in.getInt(), at));
                case 't' -> push(popToMark().toArray());
                case 0x85 -> push(new Object[] {pop()});
                case 0x86 -> { Object b = pop(); push(new Object[] {pop(), b}); }
                case 0x87 -> { Object c = pop(); Object b = pop(); push(new Object[] {pop(), b, c}); }
                case 'Q' -> push(persistentLoad(pop(), at));
                case 'R' -> { Object[] args = (Object[]) pop(); push(reduce(pop(), args, at)); }
                case 's' -> { Object v = pop(); Object k = pop(); asMap(peek(), at).put(k, v); }
                case 'u' -> setItems(at);
                case 'a' -> { Object v = pop(); asList(peek(), at).add(v); }
                case 'e' -> { List<Object> items = popToMark(); asList(peek(), at).addAll(items); }
                case 'b' -> build(at);
                default -> throw unsupported(String.format("opcode 0x%02x", op), at);
            }
        }
        throw new CheckpointFormatException("pickle ended without STOP");
    }

    private void setItems(int at) {
        List<Object> items = popToMark();
        Map<Object, Object> map = asMap(peek(), at);
        for (int i = 0; i + 1 < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
    }

    /** BUILD on a state dict sets its {@code _metadata} attribute, which we do not need. */
    private void build(int at) {
        pop();
        if (!(peek() instanceof Map)) {
            throw unsupported("BUILD on " + describe(peek()), at);
        }
    }

    private Object persistentLoad(Object pid, int at) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])
                || !(t[1] instanceof GlobalRef type)) {
            throw unsupported("persistent id " + describe(pid), at);
        }
        return new StorageRef(type.name(), String.valueOf(t[2]), ((Number) t[4]).longValue());
    }

    private Object reduce(Object callable, Object[] args, int at) {
        if (!(callable instanceof GlobalRef g)) {
            throw unsupported("REDUCE of " + describe(callable), at);
        }
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                return new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (!(args[0] instanceof StorageRef storage)) {
                    throw unsupported("tensor rebuilt from " + describe(args[0]), at);
                }
                return new TensorRef(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
            }
            default -> throw unsupported("call of " + g.qualified(), at);
        }
    }

    private static long[] longs(Object tuple) {
        Object[] t = (Object[]) tuple;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = ((Number) t[i]).longValue();
        }
        return out;
    }

    private long readLong1() {
        int n = in.get() & 0xff;
        if (n > 8) {
            throw new CheckpointFormatException("LONG1 of " + n + " bytes is too large");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement sign extension
        }
        return v;
    }

    private double readBigEndianDouble() {
        byte[] b = new byte[8];
        in.get(b);
        return ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getDouble();
    }

    private String readUtf8(int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String readLine() {
        StringBuilder sb = new StringBuilder();
        for (byte c = in.get(); c != '\n'; c = in.get()) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private Object memoGet(int key, int at) {
        if (!memo.containsKey(key)) {
            throw new CheckpointFormatException("pickle refers to unknown memo entry " + key + " at offset " + at);
        }
        return memo.get(key);
    }

    private List<Object> popToMark() {
        if (marks.isEmpty()) {
            throw new CheckpointFormatException("pickle has no MARK to pop to");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new CheckpointFormatException("pickle stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o, int at) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw unsupported("SETITEM on " + describe(o), at);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o, int at) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw unsupported("APPEND on " + describe(o), at);
    }

    private static String describe(Object o) {
        return o == null ? "None" : o == MARK ? "MARK" : o.getClass().getSimpleName() + " " + o;
    }

    private static CheckpointFormatException unsupported(String what, int at) {
        return new CheckpointFormatException("unsupported pickle content at offset " + at + ": " + what
                + " (only state dicts of float tensors saved by torch.save are readable)");
    }
}
