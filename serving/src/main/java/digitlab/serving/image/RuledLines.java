package digitlab.serving.image;

/**
 * Takes the printed lines of lined or squared paper out of an ink mask: pixels on a run of ink that
 * crosses at least half the picture in one direction while being only a few pixels thick in the
 * other. Where a line crosses a stroke of the digit the stroke is thick, so the digit keeps it.
 */
final class RuledLines {
    private RuledLines() {}

    /**
     * @param thickest lines at most this thick are removed
     * @param gap holes up to this long (noise, faint print) do not break a line
     */
    static void remove(boolean[] mask, int width, int height, int thickest, int gap) {
        int[] across = runs(mask, width, height, true, gap);
        int[] down = runs(mask, width, height, false, gap);
        int[] thickDown = runs(mask, width, height, false, 0);
        int[] thickAcross = runs(mask, width, height, true, 0);
        for (int p = 0; p < mask.length; p++) {
            if (!mask[p]) {
                continue;
            }
            boolean horizontalLine = across[p] >= width / 2 && thickDown[p] <= thickest;
            boolean verticalLine = down[p] >= height / 2 && thickAcross[p] <= thickest;
            if (horizontalLine || verticalLine) {
                mask[p] = false;
            }
        }
    }

    /** For each inked pixel, the length of the run of ink it is on, rows or columns, bridging holes up to {@code gap}. */
    private static int[] runs(boolean[] mask, int width, int height, boolean alongRows, int gap) {
        int lines = alongRows ? height : width;
        int length = alongRows ? width : height;
        int[] out = new int[mask.length];
        for (int line = 0; line < lines; line++) {
            int i = 0;
            while (i < length) {
                if (!mask[index(line, i, width, alongRows)]) {
                    i++;
                    continue;
                }
                int start = i;
                int end = i; // last inked position of the run
                int j = i + 1;
                while (j < length && j - end - 1 <= gap) {
                    if (mask[index(line, j, width, alongRows)]) {
                        end = j;
                    }
                    j++;
                }
                for (int k = start; k <= end; k++) {
                    out[index(line, k, width, alongRows)] = end - start + 1;
                }
                i = end + 1;
            }
        }
        return out;
    }

    private static int index(int line, int i, int width, boolean alongRows) {
        return alongRows ? line * width + i : i * width + line;
    }
}
