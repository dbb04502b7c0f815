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
