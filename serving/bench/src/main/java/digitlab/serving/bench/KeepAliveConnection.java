package digitlab.serving.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends preformatted POSTs and reads each answer to its end,
 * blocking, on the caller's thread. The bench's client: the JDK's HttpClient spends so much CPU per
 * request (its selector thread and futures) that, sharing 2 cores with the server, it capped the do-nothing
 * floor at about 2,600 req/s, where this reaches the same order as {@code wrk}. It speaks just enough
 * HTTP for the bench's own requests: Content-Length or chunked answers, no redirects, no TLS.
 */
final class KeepAliveConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveConnection(URI target) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** The bytes of a POST of {@code body} to {@code target}, made once and sent many times. */
    static byte[] post(URI target, LoadRun.Body body) {
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: " + body.bytes().length
                + (body.extraHeader().isEmpty() ? "" : "\r\n" + body.extraHeader()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.bytes().length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body.bytes(), 0, request, head.length, body.bytes().length);
        return request;
    }

    /** Sends one request and reads its whole answer; returns the status code. */
    int send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        int space = status.indexOf(' ');
        if (!status.startsWith("HTTP/1.1 ") || space < 0 || status.length() < space + 4) {
            throw new IOException("Not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(space + 1, space + 4));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header; !(header = line()).isEmpty(); ) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line().split(";")[0].strip(), 16)) > 0; ) {
                skip(size);
                line();
            }
            line();
        } else if (length >= 0) {
            skip(length);
        } else {
            throw new IOException("An answer without a length cannot be followed by another on this connection.");
        }
        if (close) {
            throw new IOException("The server closed the connection.");
        }
        return code;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("The server closed the connection mid-answer.");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private void skip(long bytes) throws IOException {
        for (long left = bytes; left > 0; ) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("The server closed the connection mid-answer.");
                }
                n = 1;
            }
            left -= n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
