package dev.omescale.telemetry.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.config.Urls;
import dev.omescale.telemetry.exposition.ExpositionFormat;

/**
 * Fetches one page over HTTP/1.1 within the target's timeout and a body cap. The request timeout only covers
 * the wait for response headers, so the body read has its own deadline: a watchdog closes the stream when the
 * timeout runs out, which fails the blocked read.
 */
final class PageFetcher {

    /** A fetched, decompressed body and the format its Content-Type announced. */
    record Fetched(ExpositionFormat format, BoundedBody body) {
    }

    private final long maxBodyBytes;
    private final Executor httpExecutor;
    private final ScheduledExecutorService watchdog;
    /**
     * One client per connect timeout. Targets from one configuration share a timeout, so in practice this is
     * the one shared client (and its connection pool); a client's connect timeout cannot vary per request.
     */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    PageFetcher(long maxBodyBytes, Executor httpExecutor, ScheduledExecutorService watchdog) {
        this.maxBodyBytes = maxBodyBytes;
        this.httpExecutor = httpExecutor;
        this.watchdog = watchdog;
    }

    Fetched fetch(ScrapeTarget target) throws ScrapeFailure, InterruptedException {
        String id = target.id();
        String timeout = Durations.format(target.timeout());
        long deadline = System.nanoTime() + target.timeout().toNanos();
        HttpResponse<InputStream> response;
        try {
            response = client(target.timeout()).send(request(target), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new ScrapeFailure(id + ": could not connect within " + timeout
                    + " (scrape timeout); check the address or raise the scrape timeout");
        } catch (HttpTimeoutException e) {
            throw new ScrapeFailure(id + ": no response within " + timeout
                    + " (scrape timeout); check the exporter or raise the scrape timeout");
        } catch (ConnectException e) {
            throw new ScrapeFailure(id + ": cannot connect (" + describe(e)
                    + "); check that the exporter is running and listening on that address");
        } catch (IOException e) {
            throw new ScrapeFailure(id + ": request failed (" + describe(e) + "); check the exporter");
        }

        InputStream raw = response.body();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(raw);
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (raw) {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new ScrapeFailure(id + ": HTTP " + status + hint(status));
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBodyBytes) {
                throw tooLarge(id, "");
            }
            boolean gzip = gzip(id, response.headers().firstValue("Content-Encoding").orElse(null));
            ExpositionFormat format =
                    ExpositionFormat.fromContentType(response.headers().firstValue("Content-Type").orElse(null));
            BoundedBody body;
            try {
                body = BoundedBody.read(gzip ? new GZIPInputStream(raw) : raw, maxBodyBytes);
                if (gzip) {
                    drainToEnd(raw);
                }
            } catch (BoundedBody.TooLargeException e) {
                throw tooLarge(id, gzip ? " after decompression" : "");
            } catch (ZipException e) {
                throw new ScrapeFailure(id + ": gzip body is corrupt (" + describe(e)
                        + "); check the exporter or a proxy in between");
            } catch (IOException e) {
                if (timedOut.get()) {
                    throw new ScrapeFailure(id + ": body not complete within " + timeout
                            + " (scrape timeout); check the exporter or raise the scrape timeout");
                }
                throw new ScrapeFailure(id + ": reading the body failed (" + describe(e) + "); check the exporter");
            }
            return new Fetched(format, body);
        } catch (IOException e) {
            // Only close() can get here; the body was already read or rejected.
            throw new ScrapeFailure(id + ": closing the response failed (" + describe(e) + ")");
        } finally {
            guard.cancel(false);
        }
    }

    private ScrapeFailure tooLarge(String id, String when) {
        return new ScrapeFailure(id + ": body exceeds " + maxBodyBytes + " bytes" + when
                + "; raise the cap or reduce the exporter's series");
    }

    private static boolean gzip(String id, String contentEncoding) throws ScrapeFailure {
        if (contentEncoding == null) {
            return false;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return false;
        }
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            return true;
        }
        throw new ScrapeFailure(id + ": unsupported Content-Encoding '" + contentEncoding
                + "'; the scraper asks for gzip only, check a proxy in between");
    }

    private static String hint(int status) {
        if (status == 401 || status == 403) {
            return "; check the credentials in the URL";
        }
        if (status == 404) {
            return "; check the URL path (usually /metrics)";
        }
        if (status >= 500) {
            return "; the exporter failed, check its logs";
        }
        return "; check the URL";
    }

    private HttpRequest request(ScrapeTarget target) {
        URI url = target.url();
        HttpRequest.Builder request = HttpRequest.newBuilder(Urls.withoutUserInfo(url))
                .GET()
                .timeout(target.timeout())
                .header("Accept", ExpositionFormat.ACCEPT_HEADER)
                .header("Accept-Encoding", "gzip");
        if (url.getUserInfo() != null) {
            String credentials = Base64.getEncoder().encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + credentials);
        }
        return request.build();
    }

    private HttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, t -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(t)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(httpExecutor)
                .build());
    }

    /** An exception in words, without its stack; JDK network exceptions often have no message. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + Urls.redact(message);
        // "closed" alone hides why; the cause usually says (e.g. "connection closed locally").
        Throwable cause = e.getCause();
        return cause == null || cause == e ? text : text + ", caused by " + describe(cause);
    }

    /**
     * Reads what the gzip reader left unread (the trailer's last bytes, padding) until the end of the body.
     * Closing a body the HTTP client has not seen end cancels it and closes the connection, which the pool may
     * already have handed to the next scrape: that scrape then fails with "closed". A well-formed body ends
     * within a few bytes; more than {@link #MAX_TRAILING_BYTES} is not worth keeping the connection for.
     */
    static void drainToEnd(InputStream raw) throws IOException {
        byte[] sink = new byte[512];
        long left = MAX_TRAILING_BYTES;
        int n;
        while (left > 0 && (n = raw.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= n;
        }
    }

    static final long MAX_TRAILING_BYTES = 64 * 1024;

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // The read that this close is meant to end reports the failure.
        }
    }
}
