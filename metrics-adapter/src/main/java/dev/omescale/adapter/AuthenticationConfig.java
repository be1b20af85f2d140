package dev.omescale.adapter;

import dev.omescale.adapter.security.RequestHeaderSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * How callers prove who they are. {@link #none()} turns authentication off, which only an explicit
 * {@code authentication: none} does.
 *
 * @param enabled               false only for {@code authentication: none}
 * @param requestheaderClientCa the front proxy's CA ({@code requestheader-client-ca-file}), or null
 * @param requestHeaders        allowed names and user headers of the front proxy
 * @param clientCa              a CA whose client certificates authenticate as their CN ({@code client-ca-file}),
 *                              or null
 * @param tokenReview           whether bearer tokens are checked with a TokenReview
 */
public record AuthenticationConfig(
        boolean enabled,
        Path requestheaderClientCa,
        RequestHeaderSettings requestHeaders,
        Path clientCa,
        boolean tokenReview) {

    public static AuthenticationConfig none() {
        return new AuthenticationConfig(false, null, RequestHeaderSettings.defaults(List.of()), null, false);
    }

    /** The usual aggregated-API setup: the front proxy's CA and its certificate's names, default headers. */
    public static AuthenticationConfig frontProxy(Path requestheaderClientCa, List<String> allowedNames) {
        return new AuthenticationConfig(true, requestheaderClientCa, RequestHeaderSettings.defaults(allowedNames),
                null, false);
    }
}
