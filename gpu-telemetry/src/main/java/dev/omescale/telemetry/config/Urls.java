package dev.omescale.telemetry.config;

import java.net.URI;

/** URLs as shown to people: exporter URLs may carry user:password, which must never reach logs or errors. */
public final class Urls {
    private Urls() {
    }

    /** {@code uri} without its user info; other parts unchanged. */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        if (uri.getHost() == null) {
            // A registry-based authority cannot be split safely; show none of it.
            return URI.create(uri.getScheme() + "://redacted" + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        }
        // Rebuilt from the raw parts so that the path's own escaping is kept exactly.
        StringBuilder sb = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            sb.append('#').append(uri.getRawFragment());
        }
        return URI.create(sb.toString());
    }

    /** Text of {@code uri} fit to log. */
    public static String redact(URI uri) {
        return withoutUserInfo(uri).toString();
    }

    /** Text fit to log for a string that may not even parse as a URI: anything between "//" and "@" goes. */
    public static String redact(String text) {
        int scheme = text.indexOf("//");
        if (scheme < 0) {
            return text;
        }
        int authorityEnd = text.length();
        for (int i = scheme + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at <= scheme) {
            return text;
        }
        return text.substring(0, scheme + 2) + "***@" + text.substring(at + 1);
    }
}
