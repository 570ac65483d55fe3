package dev.sindiff.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sindiff.UserError;
import dev.sindiff.image.AtomicFiles;
import dev.sindiff.model.UNet;
import dev.sindiff.tensor.Tensors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One file holding the whole training state: step, weights, EMA weights and the AdamW moments.
 * Written atomically (temporary file, fsync, rename), so a kill at any moment leaves the previous
 * checkpoint intact. No code runs on load: arrays are decoded from DJL's tensor encoding.
 *
 * <pre>
 * "SINDIFFC" | int version | long step | long adamUpdates | int n | n × UTF parameter name
 * then 4 sections, each: int section | long byteLength | NDList encoding
 * </pre>
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "SINDIFFC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** Byte offset of the step in the header: after the magic and the version. */
    private static final int STEP_OFFSET = 12;

    /** The four arrays lists of a checkpoint, in file order. */
    public enum Section { WEIGHTS, EMA, ADAM_M, ADAM_V }

    /** What the header says. */
    public record Header(long step, long adamUpdates, List<String> names) {}

    private Checkpoint() {}

    /**
     * Writes the whole training state to {@code file} atomically.
     *
     * @throws java.nio.file.FileSystemException naming the file if it cannot be written
     */
    public static void write(Path file, long step, UNet model, UNet ema, OptimizerState adam) throws IOException {
        List<String> names = names(model);
        NDList[] sections = {
            new NDList(arrays(model)), new NDList(arrays(ema)),
            new NDList(adam.firstMoments()), new NDList(adam.secondMoments())
        };
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(step);
            out.writeLong(adam.updates());
            out.writeInt(names.size());
            for (String n : names) {
                out.writeUTF(n);
            }
            for (int s = 0; s < sections.length; s++) {
                byte[] bytes = sections[s].encode();
                out.writeInt(s);
                out.writeLong(bytes.length);
                out.write(bytes);
            }
            out.flush();
        });
    }

    /**
     * Writes a copy of checkpoint {@code from} to {@code to} atomically, its header saying
     * {@code step} instead of its own: the same weights, EMA and optimizer state, recorded as the
     * state at {@code step} (a run that drops its whole-image phase keeps the weights from before it).
     *
     * @throws UserError if {@code from} is not a readable checkpoint
     */
    public static void copyAtStep(Path from, Path to, long step) throws IOException {
        readHeader(from); // checks magic and version
        byte[] bytes = Files.readAllBytes(from);
        ByteBuffer.wrap(bytes).putLong(STEP_OFFSET, step);
        AtomicFiles.write(to, out -> out.write(bytes));
    }

    /** Reads only the header. */
    public static Header readHeader(Path file) {
        try (DataInputStream in = open(file)) {
            return header(file, in);
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    /** Loads one section's arrays into {@code target}'s parameters (names must match). */
    public static Header loadInto(Path file, UNet target, Section section) {
        try (DataInputStream in = open(file)) {
            Header h = header(file, in);
            checkNames(file, h, target);
            try (NDManager scratch = target.parameterList().get(0).getArray().getManager().newSubManager()) {
                NDList arrays = section(file, in, section, scratch);
                Tensors.assignAll(arrays(target), arrays);
            }
            return h;
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    /** Restores the full training state. Returns the header (step, update count). */
    public static Header restore(Path file, UNet model, UNet ema, OptimizerState adam) {
        try (DataInputStream in = open(file)) {
            Header h = header(file, in);
            checkNames(file, h, model);
            try (NDManager scratch = model.parameterList().get(0).getArray().getManager().newSubManager()) {
                NDList w = section(file, in, Section.WEIGHTS, scratch);
                NDList e = section(file, in, Section.EMA, scratch);
                NDList m = section(file, in, Section.ADAM_M, scratch);
                NDList v = section(file, in, Section.ADAM_V, scratch);
                Tensors.assignAll(arrays(model), w);
                Tensors.assignAll(arrays(ema), e);
                adam.restore(m, v, h.adamUpdates());
            }
            return h;
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    /** The network's parameter arrays in checkpoint order (the arrays themselves, not copies). */
    public static List<NDArray> arrays(UNet net) {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : net.parameterList()) {
            out.add(p.getArray());
        }
        return out;
    }

    private static List<String> names(UNet net) {
        return net.parameterList().stream().map(Parameter::getName).toList();
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no checkpoint at '" + file + "' (a run directory holds checkpoint.bin once training has saved)");
        }
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 20));
    }

    private static Header header(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new UserError("'" + file + "' is not a sindiff checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new UserError("checkpoint '" + file + "' has format version " + version
                    + "; this sindiff reads version " + VERSION);
        }
        long step = in.readLong();
        long updates = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("bad parameter count " + n);
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(in.readUTF());
        }
        return new Header(step, updates, names);
    }

    private static void checkNames(Path file, Header h, UNet net) {
        if (!h.names().equals(names(net))) {
            throw new UserError("checkpoint '" + file + "' does not match the architecture in config.json");
        }
    }

    /** Skips to {@code wanted} (sections are in order) and decodes it. */
    private static NDList section(Path file, DataInputStream in, Section wanted, NDManager manager) throws IOException {
        while (true) {
            int id = in.readInt();
            long length = in.readLong();
            if (id < 0 || id >= Section.values().length || length < 0) {
                throw new IOException("bad section header");
            }
            if (id == wanted.ordinal()) {
                byte[] bytes = new byte[Math.toIntExact(length)];
                in.readFully(bytes);
                return NDList.decode(manager, bytes);
            }
            in.skipNBytes(length); // skip() may stop early without being at the end

        }
    }

    private static UserError corrupt(Path file, Exception e) {
        return new UserError("checkpoint '" + file + "' is unreadable (truncated or corrupt: " + e.getClass().getSimpleName() + ")", e);
    }
}
