package dev.omescale.adapter.security;

import java.util.List;

/**
 * How the front proxy (the API server's aggregator) says who the user is: the certificate names it may present and
 * the headers that carry the user, like kube-apiserver's {@code --requestheader-*} flags.
 *
 * @param allowedNames        common names the front proxy's client certificate may have; empty allows any name the
 *                            CA signed, as in Kubernetes
 * @param usernameHeaders     the first non-empty one names the user
 * @param groupHeaders        every value of each is a group
 * @param extraHeaderPrefixes {@code <prefix><key>: value} adds {@code value} to the user's extra {@code key}
 */
public record RequestHeaderSettings(
        List<String> allowedNames,
        List<String> usernameHeaders,
        List<String> groupHeaders,
        List<String> extraHeaderPrefixes) {

    public static final List<String> DEFAULT_USERNAME_HEADERS = List.of("X-Remote-User");
    public static final List<String> DEFAULT_GROUP_HEADERS = List.of("X-Remote-Group");
    public static final List<String> DEFAULT_EXTRA_HEADER_PREFIXES = List.of("X-Remote-Extra-");

    public RequestHeaderSettings {
        allowedNames = List.copyOf(allowedNames);
        usernameHeaders = List.copyOf(usernameHeaders);
        groupHeaders = List.copyOf(groupHeaders);
        extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
    }

    public static RequestHeaderSettings defaults(List<String> allowedNames) {
        return new RequestHeaderSettings(allowedNames, DEFAULT_USERNAME_HEADERS, DEFAULT_GROUP_HEADERS,
                DEFAULT_EXTRA_HEADER_PREFIXES);
    }
}
