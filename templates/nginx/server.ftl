    # ${s.comment}
    server {
<#list s.listens as l>
        listen <#if l.socket??>${l.socket}<#else>${l.port}</#if><#if l.ssl> ssl</#if><#if l.http2> http2</#if><#if l.defaultServer> default_server</#if><#if l.socket??> proxy_protocol</#if>;
</#list>
<#if s.names?has_content>
        server_name<#list s.names as n> ${n}</#list>;
</#if>
<#if s.certificate??>
        ssl_certificate ${s.certificate};
        ssl_certificate_key ${s.certificateKey};
</#if>
<#if s.rejectHandshake>
        ssl_reject_handshake on;
</#if>
        if ($ingressc_refused_target) {
            return 400;
        }
<#if c.forwarding.trustedProxies?has_content>
        if ($ingressc_forwarded_refused) {
            return 403;
        }
</#if>
        if ($ingressc_upgrade_refused) {
            return 403;
        }
<#if c.forwardedPrefix>
        set $ingressc_forwarded_prefix $http_x_forwarded_prefix;
</#if>
<#if s.redirect??>
        return 308 https://$host<#if s.redirect.port??>:${s.redirect.port}</#if>$request_uri;
</#if>
<#if s.www??>
        # from-to-www-redirect: the target as sent, less one trailing "/" of a path without query.
        set $ingressc_www_uri $request_uri;
        if ($request_uri ~ "^(?<ingressc_www_path>/[^?]*)/$") {
            set $ingressc_www_uri $ingressc_www_path;
        }
        return 308 ${s.www.location};
</#if>
<#if s.appRoot??>
        # app-root: a request for "/" is redirected, its query dropped.
<#if s.appRoot.tlsOnly>
        set $ingressc_app_root $https;
        if ($uri != /) {
            set $ingressc_app_root "";
        }
        if ($ingressc_app_root) {
            return 302 ${s.appRoot.location};
        }
<#else>
        if ($uri = /) {
            return 302 ${s.appRoot.location};
        }
</#if>
</#if>
<#list s.locations as loc>

        # ${loc.comment}
        location ${loc.modifier}<#if loc.path??> ${loc.path}</#if> {
<#if loc.upstreamHost??>
            set $ingressc_upstream_host ${loc.upstreamHost};
</#if>
<#include "action.ftl">
        }
</#list>
<#list s.authLocations as al>
<#assign au = al.auth>

        # External auth (SEMANTICS.md, External auth): the subrequest, without body, with the fields
        # the backend would get and ingress-nginx's own.
        location = ${au.uri} {
            internal;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
<@forwarding.headers module=c.forwarding.proxyModule host=false/>
            proxy_set_header Host ${au.hostHeader};
            proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
            proxy_set_header X-Original-Method $request_method;
            proxy_set_header X-Sent-From "nginx-ingress-controller";
            proxy_set_header X-Auth-Request-Redirect <#if au.requestRedirect??>${au.requestRedirect}<#else>$request_uri</#if>;
<#if au.methodSet>
            # With auth-method, ingress-nginx adds X-Original-URI and X-Scheme (the latter is a forwarding header above).
            proxy_set_header X-Original-URI $request_uri;
</#if>
            proxy_method ${au.method};
            proxy_connect_timeout ${au.timeoutMillis}ms;
            proxy_send_timeout ${au.timeoutMillis}ms;
            proxy_read_timeout ${au.timeoutMillis}ms;
            proxy_ssl_server_name on;
            set $ingressc_auth_url ${au.url};
            proxy_pass $ingressc_auth_url;
        }
<#if au.signIn??>

        location ${au.signIn} {
<#if au.escapedUri>
            set_by_lua_block $ingressc_escaped_uri { return ngx.escape_uri(ngx.var.request_uri) }
</#if>
<#if al.cors??>
<#list al.cors.added as h>
            add_header ${h.name} ${h.variable} always;
</#list>
</#if>
            add_header Set-Cookie $ingressc_auth_cookie;
<#if au.signInLocation??>
            return 302 ${au.signInLocation};
<#else>
            # This output format cannot write the sign-in URL; the compile for it rejects such an Ingress.
            return 500;
</#if>
        }
</#if>
</#list>
    }
