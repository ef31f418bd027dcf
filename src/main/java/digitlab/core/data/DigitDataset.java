package digitlab.core.data;

import digitlab.core.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder under {@code data/} holding the four IDX files of an MNIST-style dataset (each plain or
 * gzipped), e.g. {@code data/mnist} or {@code data/fashion-mnist}. Its name is the folder's name.
 */
public record DigitDataset(String name, Path dir) {
    public static final String DEFAULT = "mnist";

    /** Every dataset folder under {@code dataDir}, by name. */
    public static List<DigitDataset> findAll(Path dataDir) throws IOException {
        List<DigitDataset> found = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> {
                DigitDataset dataset = new DigitDataset(d.getFileName().toString(), d);
                if (dataset.file(IdxPart.TRAIN_IMAGES) != null || dataset.file(IdxPart.TEST_IMAGES) != null) {
                    found.add(dataset);
                }
            });
        }
        return found;
    }

    /** The dataset {@code name} under {@code dataDir}; fails with a sentence if a file is missing. */
    public static DigitDataset named(Path dataDir, String name) throws IOException {
        DigitDataset dataset = new DigitDataset(name, dataDir.resolve(name));
        for (IdxPart part : IdxPart.values()) {
            dataset.require(part);
        }
        return dataset;
    }

    /** The part's file, gzipped or plain, or null when neither exists. */
    public Path file(IdxPart part) {
        for (String candidate : List.of(part.fileName() + ".gz", part.fileName())) {
            Path path = dir.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    private Path require(IdxPart part) throws IdxFormatException {
        Path path = file(part);
        if (path == null) {
            throw new IdxFormatException("The dataset '" + name + "' has no " + part.fileName()
                    + "(.gz) in " + dir + "; see data/README.md.");
        }
        return path;
    }

    public Digits train() throws IOException {
        return load(IdxPart.TRAIN_IMAGES, IdxPart.TRAIN_LABELS);
    }

    public Digits test() throws IOException {
        return load(IdxPart.TEST_IMAGES, IdxPart.TEST_LABELS);
    }

    /** The split's examples: the first {@code trainSize} and {@code testSize} of each set. */
    public SplitData load(Split split) throws IOException {
        Digits train = train();
        Digits test = test();
        if (split.trainSize() > train.size() || split.testSize() > test.size()) {
            throw new UsageException("The split '" + split.name() + "' wants " + split.trainSize()
                    + "/" + split.testSize() + " examples but '" + name + "' has " + train.size() + "/"
                    + test.size() + ".");
        }
        return new SplitData(this, split, train.first(split.trainSize()), test.first(split.testSize()));
    }

    /**
     * A validation set for runs of {@code split}: the last {@code count} training images, which the
     * split's first {@code trainSize} never reach (and never a test image); fails with a sentence
     * when they would overlap.
     */
    public Digits validation(Split split, int count) throws IOException {
        Digits train = train();
        if (split.trainSize() + count > train.size()) {
            throw new UsageException("A validation set of " + count + " training images needs them outside the split '"
                    + split.name() + "''s first " + split.trainSize() + ", but '" + name + "' has only " + train.size()
                    + " training images.");
        }
        return train.last(count);
    }

    private Digits load(IdxPart imagesPart, IdxPart labelsPart) throws IOException {
        Path imagesFile = require(imagesPart);
        Path labelsFile = require(labelsPart);
        IdxReader.IdxArray images = IdxReader.read(imagesFile, imagesPart.dims());
        IdxReader.IdxArray labels = IdxReader.read(labelsFile, labelsPart.dims());
        int[] d = images.dims();
        if (d[1] != 28 || d[2] != 28) {
            throw new IdxFormatException("The IDX file " + imagesFile + " holds " + d[1] + "x" + d[2]
                    + " images; digit-lab needs 28x28.");
        }
        if (d[0] != labels.dims()[0]) {
            throw new IdxFormatException("The IDX file " + imagesFile + " has " + d[0] + " images but "
                    + labelsFile + " has " + labels.dims()[0] + " labels.");
        }
        byte[] labelBytes = labels.data();
        for (int i = 0; i < labelBytes.length; i++) {
            int label = Byte.toUnsignedInt(labelBytes[i]); // IDX bytes are unsigned: 200 is 200, not -56
            if (label > 9) {
                throw new IdxFormatException("The IDX file " + labelsFile + " has a label " + label
                        + " outside 0..9 (label " + i + ").");
            }
        }
        return new Digits(images.data(), labels.data());
    }

    /** Each file's MD5 and, where reference sums are known, whether it matches. */
    public Map<IdxPart, Verdict> verify() throws IOException {
        Map<IdxPart, Verdict> verdicts = new EnumMap<>(IdxPart.class);
        Map<IdxPart, String> expected = DEFAULT.equals(name) ? Checksums.MNIST : Map.of();
        for (IdxPart part : IdxPart.values()) {
            Path path = file(part);
            String actual = path == null ? null : Checksums.md5OfContent(path);
            verdicts.put(part, new Verdict(actual, expected.get(part)));
        }
        return verdicts;
    }

    /** A file's checksum against the published one (null when none is known or the file is missing). */
    public record Verdict(String actual, String expected) {
        public String word() {
            if (actual == null) {
                return "missing";
            }
            if (expected == null) {
                return "no reference sum";
            }
            return actual.equals(expected) ? "verified" : "MISMATCH";
        }
    }

    /** The two halves of a split, with where they came from. */
    public record SplitData(DigitDataset dataset, Split split, Digits train, Digits test) {
        /** The MD5 of the uncompressed test images file: the identity a model's test accuracy refers to. */
        public String testImagesChecksum() throws IOException {
            return Checksums.md5OfContent(dataset.require(IdxPart.TEST_IMAGES));
        }
    }
}
