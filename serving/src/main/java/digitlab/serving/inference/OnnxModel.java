package digitlab.serving.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelMetadata;
import digitlab.serving.inference.foreign.ModelAdapter;
import digitlab.serving.inference.foreign.PixelConvention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One served ONNX file: its ONNX Runtime session and what the file says about itself.
 *
 * <p>{@link OrtSession#run} is thread-safe, but closing a session while another thread runs it can
 * crash the JVM. So every run holds the read side of a lock and {@link #close()} takes the write
 * side: it waits for the calls in flight, and a call that arrives afterwards is told the model is
 * retired instead of touching freed native memory.
 *
 * <p>With a batch window, small requests go through a {@link MicroBatcher}, which may answer several
 * of them with one run; the counts of runs and rows say how often that happened.
 */
public final class OnnxModel implements AutoCloseable {
    /** Rows per run the batcher gathers at most: beyond that a run's cost grows with its rows anyway. */
    static final int MAX_BATCH_ROWS = 64;

    private final ModelSource source;
    private final ModelAdapter adapter;
    private final String id;
    private final Path file;
    private final String sha256;
    private final ModelMetadata metadata;
    private final String metadataProblem;
    private final Instant loadedAt;
    /** Measured at load ({@link RowCost}): what bounds the digits one request may ask of it. */
    private final double cpuSecondsPerRow;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    private boolean closed;
    /** Null when batching is off: every call is its own run. */
    private final MicroBatcher batcher;
    /** Calls answering clients, apart from the server's own accuracy pass, so neither inflates the other. */
    private final RunCount served = new RunCount();
    private final RunCount accuracyPass = new RunCount();
    /** Set by a failed call, cleared by a good one: a model is unhealthy while its latest call failed. */
    private volatile String failure;

    OnnxModel(ModelSource source, String sha256, ModelMetadata metadata, String metadataProblem,
            OrtEnvironment env, OrtSession session, Duration batchWindow, ModelAdapter adapter,
            double cpuSecondsPerRow) {
        this.source = source;
        this.adapter = adapter;
        this.id = source.id();
        this.file = source.onnx();
        this.sha256 = sha256;
        this.metadata = metadata;
        this.metadataProblem = metadataProblem;
        this.loadedAt = Instant.now();
        this.cpuSecondsPerRow = cpuSecondsPerRow;
        this.env = env;
        this.session = session;
        this.batcher = batchWindow.isZero() ? null : new MicroBatcher(id, this::run, batchWindow, MAX_BATCH_ROWS);
    }

    public String id() {
        return id;
    }

    public Path file() {
        return file;
    }

    /** Where it was found: a flat file or a version in Triton's layout, and what is declared beside it. */
    public ModelSource source() {
        return source;
    }

    /** How its input and output are fitted to the contract. */
    public ModelAdapter adapter() {
        return adapter;
    }

    /** True for a file without digit-lab's metadata: a model trained elsewhere, fitted by its adapter. */
    public boolean trainedElsewhere() {
        return metadata == null;
    }

    /**
     * SHA-256 of the bytes the session was built from (followed by the declaration's settings when
     * some are declared beside the file): the key served accuracy is cached under.
     */
    public String sha256() {
        return sha256;
    }

    /** Empty when the file has no (or unreadable) digit-lab metadata; it is served all the same. */
    public Optional<ModelMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    public Optional<String> metadataProblem() {
        return Optional.ofNullable(metadataProblem);
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** CPU-seconds one digit costs this model, measured when it was loaded. */
    public double cpuSecondsPerRow() {
        return cpuSecondsPerRow;
    }

    /** The most digits one request may ask of this model: what {@link RowCost} allows for its cost. */
    public int maxRows() {
        return RowCost.maxRows(cpuSecondsPerRow);
    }

    /** ONNX Runtime calls made for clients since the model was loaded (not the accuracy pass). */
    public long runs() {
        return served.runs.sum();
    }

    /** Digits those calls answered; more than {@link #runs()} per call when batches or batching merged them. */
    public long rowsRun() {
        return served.rows.sum();
    }

    /** ONNX Runtime calls the server's own accuracy pass made on this model. */
    public long accuracyRuns() {
        return accuracyPass.runs.sum();
    }

    /** Test digits the accuracy pass ran through this model. */
    public long accuracyRows() {
        return accuracyPass.rows.sum();
    }

    /** Class probabilities, row-major {@code [batch.rows(), 10]}; through the batcher when there is one. */
    float[] probabilities(PixelBatch batch) throws ModelRetiredException, OrtException {
        return batcher == null ? run(batch) : batcher.probabilities(batch);
    }

    /** The accuracy pass's call: never through the batcher, counted apart from clients' calls. */
    float[] accuracyProbabilities(PixelBatch batch) throws ModelRetiredException, OrtException {
        return run(batch, accuracyPass);
    }

    /** The check of a declaration's call: the pixels fed in {@code convention} instead of the declared one. */
    float[] accuracyProbabilities(PixelBatch batch, PixelConvention convention)
            throws ModelRetiredException, OrtException {
        return run(batch, accuracyPass, convention);
    }

    private float[] run(PixelBatch batch) throws ModelRetiredException, OrtException {
        return run(batch, served);
    }

    private float[] run(PixelBatch batch, RunCount count) throws ModelRetiredException, OrtException {
        return run(batch, count, adapter.declaration().pixels());
    }

    /** One ONNX Runtime call on exactly {@code batch} (one per digit, or per fixed batch, when the file fixes it). */
    private float[] run(PixelBatch batch, RunCount count, PixelConvention convention)
            throws ModelRetiredException, OrtException {
        boolean asDeclared = convention.equals(adapter.declaration().pixels());
        guard.readLock().lock();
        try {
            if (closed) {
                throw new ModelRetiredException(id);
            }
            float[] out = adapter.probabilities(env, session, batch.values(), batch.rows(), convention);
            checkFinite(out);
            count.runs.add(adapter.calls(batch.rows()));
            count.rows.add(batch.rows());
            if (asDeclared) {
                failure = null;
            }
            return out;
        } catch (OrtException e) {
            String reason = RunFailure.describe(e.getMessage());
            if (asDeclared) {
                // Trying another convention on a model is the server's experiment; only served calls make it unhealthy.
                failure = reason;
            }
            throw new OrtException(reason);
        } finally {
            guard.readLock().unlock();
        }
    }

    /** A NaN would be answered as digit 0 by argmax: a model that computes NaN is broken, not sure of a 0. */
    private void checkFinite(float[] probabilities) throws OrtException {
        for (float p : probabilities) {
            if (!Float.isFinite(p)) {
                throw new OrtException("it answered " + p + " as a probability, which argmax would call a 0.");
            }
        }
    }

    /** Why the latest call failed; empty when it succeeded (or none was made yet). */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean healthy() {
        return failure == null;
    }

    /**
     * Waits for the calls in flight, then frees the native session; later calls are refused. The
     * batcher is closed after the session: requests still queued in it then fail fast as retired.
     */
    @Override
    public void close() {
        guard.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            // Nothing more can be done for a session that fails to close; the file is gone from service either way.
        } finally {
            guard.writeLock().unlock();
        }
        if (batcher != null) {
            batcher.close();
        }
    }

    @Override
    public String toString() {
        return id + " (" + file + ")";
    }

    /** Calls and the digits they answered. */
    private record RunCount(LongAdder runs, LongAdder rows) {
        RunCount() {
            this(new LongAdder(), new LongAdder());
        }
    }
}
