package digitlab.serving.http;

import digitlab.serving.inference.PixelBatch;

/**
 * One v2 infer request, read: its optional id, the digits, and whether the output goes back as binary
 * tensor data (the binary tensor data extension) or as JSON numbers.
 */
record InferenceRequest(String id, PixelBatch batch, boolean binaryOutput) {}
