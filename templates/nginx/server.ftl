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
    }
