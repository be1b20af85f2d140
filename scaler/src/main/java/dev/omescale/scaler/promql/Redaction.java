package dev.omescale.scaler.promql;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of texts that end up in explanations, events and logs: user info in URLs, bearer and basic
 * tokens, and {@code password=}/{@code token=}-style pairs. Error texts from other code pass through here because
 * nobody can promise what an exception message holds.
 */
final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@?#]+@");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|token|secret|api[_-]?key|authorization|credentials?)(\\s*[=:]\\s*)"
                    + "(?!(?:bearer|basic)\\s)(\"[^\"]*\"|'[^']*'|[^\\s,;&)]+)");

    private Redaction() {
    }

    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1***@");
        out = AUTH_SCHEME.matcher(out).replaceAll("$1 ***");
        return SECRET_PAIR.matcher(out).replaceAll("$1$2***");
    }

    /** A server address without user info, query or fragment: what may be printed of it. */
    static String address(String serverAddress) {
        if (serverAddress == null) {
            return "(no server address)";
        }
        try {
            URI uri = new URI(serverAddress.trim());
            if (uri.getScheme() != null && uri.getHost() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
            }
        } catch (URISyntaxException e) {
            // not a URI: scrub it as text below
        }
        return scrub(serverAddress);
    }
}
