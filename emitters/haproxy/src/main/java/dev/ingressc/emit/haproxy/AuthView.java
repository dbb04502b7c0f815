package dev.ingressc.emit.haproxy;

/**
 * A backend's external auth ({@link HaproxyExternalAuth}): the arguments of the Lua action
 * {@code lua.ingressc_auth}, each one word.
 *
 * @param url the auth service's URL
 * @param hostHeader the auth request's Host
 * @param method the auth request's method
 * @param originals {@code 1} when auth-method was set (X-Original-URI and X-Scheme are sent too), else {@code 0}
 * @param requestRedirect the X-Auth-Request-Redirect value, {@code -} for the request target as sent
 * @param copied the headers copied from a 2xx answer, comma-separated, {@code -} for none
 * @param signIn the sign-in URL with {@code {name}} for each request value, {@code -} for none
 * @param timeoutMs how long the auth request may take
 */
public record AuthView(String url, String hostHeader, String method, String originals, String requestRedirect,
    String copied, String signIn, long timeoutMs) {}
