package digitlab.serving.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A multipart/form-data body of files, as a browser form upload sends it. */
record Multipart(String contentType, byte[] body) {
    static Multipart ofFiles(String contentType, List<byte[]> files) {
        String boundary = "digitlab-test-boundary-7d93";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < files.size(); i++) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"digit" + i
                    + ".png\"\r\nContent-Type: " + contentType + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(files.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }
}
