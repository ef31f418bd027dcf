package digitlab.serving.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the digit in an {@link InkMap} and keeps only its ink. Thresholds come from the picture
 * itself: strong ink by Otsu's method, faint ink (a stroke's soft edge) just above the paper's own
 * noise, measured as the median and median absolute deviation of the mostly-blank page. The digit
 * is the piece of connected ink with the most ink, plus the pieces close to it (a stroke the pen
 * lifted from); specks, ruled lines and page edges are left out.
 */
final class DigitFinder {
    /** Ink below this is paper even on a flawless picture: keeps JPEG ringing out, as MNIST's own scans had none. */
    static final float NOISE_FLOOR = 0.05f;
    /** Minimum contrast between paper and ink for the picture to count as having a digit at all. */
    private static final float MIN_CONTRAST = 0.1f;
    /** Faint ink lies this many noise deviations above the paper; strong ink at least twice as far. */
    private static final double FAINT_SIGMAS = 4;
    /** A piece touching the picture's edge is more likely the page's edge or a shadow than the digit. */
    private static final double EDGE_PENALTY = 0.25;
    /** Pieces with less ink than this share of the digit's are specks. */
    private static final double SPECK_SHARE = 0.03;
    /** Pieces whose box lies within this share of the digit's size from the digit's box belong to it. */
    private static final double NEAR_SHARE = 0.3;

    private DigitFinder() {}

    /** The ink the model should see: {@code map.ink} where the digit is, zero elsewhere. */
    static float[] digitInk(InkMap map) {
        int w = map.width;
        int h = map.height;
        boolean large = map.localPaper(); // a photo, with specks, rules and page edges to leave out
        float[] find = map.forFinding();
        float[] stats = medianAndDeviation(find);
        float paper = stats[0];
        float sigma = stats[1];
        float peak = 0;
        for (float v : find) {
            peak = Math.max(peak, v);
        }
        if (peak - paper < MIN_CONTRAST) {
            throw new ImageRejectedException(MnistPreprocessor.BLANK);
        }
        float faint = Math.max(NOISE_FLOOR, paper + (float) (FAINT_SIGMAS * sigma));
        float strong = Math.max(Histogram.otsu(find), paper + (float) (2 * FAINT_SIGMAS * sigma));
        strong = Math.max(faint, Math.min(strong, peak));
        boolean[] mask = large ? nearStrong(find, faint, strong, w, h, Math.max(2, Math.min(w, h) / 25))
                : atLeast(find, faint);
        int lineThickness = Math.max(2, Math.min(w, h) / 60);
        if (large) {
            RuledLines.remove(mask, w, h, lineThickness, Math.max(1, Math.min(w, h) / 120));
        }
        List<InkComponents.Piece> pieces = new ArrayList<>();
        for (InkComponents.Piece piece : InkComponents.of(mask, find, strong, w, h)) {
            if (piece.strong() > 0 && !(large && lineLike(piece, w, h, lineThickness))) {
                pieces.add(piece);
            }
        }
        if (pieces.isEmpty()) {
            throw new ImageRejectedException(MnistPreprocessor.BLANK);
        }
        List<InkComponents.Piece> digit = select(pieces, large);
        return keep(map, digit, faint, large ? Math.max(1, Math.min(w, h) / 150) : 0);
    }

    private static boolean[] atLeast(float[] ink, float level) {
        boolean[] mask = new boolean[ink.length];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = ink[p] >= level;
        }
        return mask;
    }

    /**
     * Faint ink within {@code reach} pixels (through faint ink) of strong ink: a stroke's soft edge,
     * but not the faint band a soft shadow's edge leaves across the page, which would otherwise join
     * the digit wherever it passes by.
     */
    private static boolean[] nearStrong(float[] ink, float faint, float strong, int w, int h, int reach) {
        boolean[] mask = new boolean[ink.length];
        int[] queue = new int[ink.length];
        int[] distance = new int[ink.length];
        int head = 0;
        int tail = 0;
        for (int p = 0; p < ink.length; p++) {
            if (ink[p] >= strong) {
                mask[p] = true;
                queue[tail++] = p;
            }
        }
        while (head < tail) {
            int p = queue[head++];
            if (distance[p] == reach) {
                continue;
            }
            int x = p % w;
            int y = p / w;
            for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                    int q = yy * w + xx;
                    if (!mask[q] && ink[q] >= faint) {
                        mask[q] = true;
                        distance[q] = distance[p] + 1;
                        queue[tail++] = q;
                    }
                }
            }
        }
        return mask;
    }

    /** Long and thin: a ruled line, the page's edge or a shadow's, not a digit's stroke. */
    private static boolean lineLike(InkComponents.Piece piece, int w, int h, int lineThickness) {
        int span = Math.max(piece.boxWidth(), piece.boxHeight());
        boolean long_ = piece.boxWidth() >= w / 2 || piece.boxHeight() >= h / 2;
        return long_ && (double) piece.pixels().length / span <= 1.5 * lineThickness;
    }

    private static List<InkComponents.Piece> select(List<InkComponents.Piece> pieces, boolean large) {
        InkComponents.Piece main = pieces.get(0);
        for (InkComponents.Piece p : pieces) {
            if (score(p, large) > score(main, large)) {
                main = p;
            }
        }
        List<InkComponents.Piece> digit = new ArrayList<>(List.of(main));
        int minX = main.minX(), minY = main.minY(), maxX = main.maxX(), maxY = main.maxY();
        boolean grew = true;
        while (grew) {
            grew = false;
            int near = (int) Math.ceil(NEAR_SHARE * Math.max(maxX - minX + 1, maxY - minY + 1));
            for (InkComponents.Piece p : pieces) {
                boolean speck = large && p.mass() < SPECK_SHARE * main.mass();
                if (digit.contains(p) || speck || p.gapTo(minX, minY, maxX, maxY) > near) {
                    continue;
                }
                digit.add(p);
                minX = Math.min(minX, p.minX());
                minY = Math.min(minY, p.minY());
                maxX = Math.max(maxX, p.maxX());
                maxY = Math.max(maxY, p.maxY());
                grew = true;
            }
        }
        return digit;
    }

    private static double score(InkComponents.Piece p, boolean large) {
        return p.mass() * (large && p.touchesEdge() ? EDGE_PENALTY : 1);
    }

    /**
     * The digit's pixels (grown by {@code grow} pixels on large pictures, so a stroke's soft edge is
     * not cut where noise dipped under the faint threshold), fainter ink than {@code faint} taken as paper.
     */
    private static float[] keep(InkMap map, List<InkComponents.Piece> digit, float faint, int grow) {
        int w = map.width;
        int h = map.height;
        boolean[] region = new boolean[w * h];
        for (InkComponents.Piece piece : digit) {
            for (int p : piece.pixels()) {
                int x = p % w;
                int y = p / w;
                for (int yy = Math.max(0, y - grow); yy <= Math.min(h - 1, y + grow); yy++) {
                    for (int xx = Math.max(0, x - grow); xx <= Math.min(w - 1, x + grow); xx++) {
                        region[yy * w + xx] = true;
                    }
                }
            }
        }
        float[] out = new float[w * h];
        for (int p = 0; p < out.length; p++) {
            if (region[p] && map.ink[p] >= faint) {
                out[p] = map.ink[p];
            }
        }
        return out;
    }

    /** The median and the noise deviation (1.4826 x median absolute deviation) of values in [0, 1]. */
    static float[] medianAndDeviation(float[] values) {
        float median = Histogram.median(values);
        float[] deviations = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return new float[] {median, 1.4826f * Histogram.median(deviations)};
    }
}
