package digitlab.serving.image;

import java.util.ArrayList;
import java.util.List;

/** The 8-connected pieces of a mask of inked pixels, with what choosing the digit among them needs. */
final class InkComponents {
    /** One piece: its pixels' indices, its ink (sum of ink values), how many pixels are strong ink, and its box. */
    record Piece(int[] pixels, double mass, int strong, int minX, int minY, int maxX, int maxY, boolean touchesEdge) {
        int boxWidth() {
            return maxX - minX + 1;
        }

        int boxHeight() {
            return maxY - minY + 1;
        }

        /** Pixels between this piece's box and {@code other}'s box along the wider gap; 0 when they overlap. */
        int gapTo(int oMinX, int oMinY, int oMaxX, int oMaxY) {
            int dx = Math.max(0, Math.max(oMinX - maxX, minX - oMaxX));
            int dy = Math.max(0, Math.max(oMinY - maxY, minY - oMaxY));
            return Math.max(dx, dy);
        }
    }

    private InkComponents() {}

    /**
     * @param mask pixels taken as ink
     * @param ink the ink value of each pixel, summed into a piece's mass
     * @param strong pixels at or above this ink value count as strong
     */
    static List<Piece> of(boolean[] mask, float[] ink, float strong, int width, int height) {
        int[] label = new int[mask.length];
        int[] stack = new int[mask.length];
        List<Piece> pieces = new ArrayList<>();
        int[] members = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            int id = pieces.size() + 1;
            int top = 0;
            int count = 0;
            stack[top++] = start;
            label[start] = id;
            double mass = 0;
            int strongCount = 0;
            int minX = width, minY = height, maxX = -1, maxY = -1;
            while (top > 0) {
                int p = stack[--top];
                members[count++] = p;
                int x = p % width;
                int y = p / width;
                mass += ink[p];
                if (ink[p] >= strong) {
                    strongCount++;
                }
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int q = yy * width + xx;
                        if (xx >= 0 && xx < width && mask[q] && label[q] == 0) {
                            label[q] = id;
                            stack[top++] = q;
                        }
                    }
                }
            }
            boolean edge = minX == 0 || minY == 0 || maxX == width - 1 || maxY == height - 1;
            pieces.add(new Piece(java.util.Arrays.copyOf(members, count), mass, strongCount, minX, minY, maxX, maxY,
                    edge));
        }
        return pieces;
    }
}
