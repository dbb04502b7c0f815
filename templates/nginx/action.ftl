<#assign a = loc.action>
<#if a.httpsRedirect??>
            if ($https = "") {
                return 308 https://$host<#if a.httpsRedirect.port??>:${a.httpsRedirect.port}</#if>$request_uri;
            }
</#if>
<#if loc.rewrite??>
<#include "rewrite.ftl">
</#if>
<#if loc.cookiePath??>
            set $ingressc_cookie_path ${loc.cookiePath};
</#if>
<#if loc.cors??>
            if (${loc.cors.preflight}) {
                return 204;
            }
</#if>
<#if loc.denied??>
            if (${loc.denied}) {
                return 403;
            }
</#if>
<#if a.status??>
            return ${a.status}<#if a.location??> ${a.location}</#if>;
<#elseif a.canary??>
            if (${a.canary} = "") {
                return 503;
            }
<#if a.canaryBalanced>
            set $ingressc_balanced ${a.canary};
            ${a.module}_pass ${a.proxyUrl};
<#else>
            ${a.module}_pass ${a.scheme}${a.canary};
</#if>
<#elseif a.slot??>
            set $ingressc_slot ${a.slot};
            set $ingressc_balanced $ingressc_host_route;
            ${a.module}_pass ${a.proxyUrl};
<#elseif a.balanced??>
            set $ingressc_balanced ${a.balanced};
            ${a.module}_pass ${a.proxyUrl};
<#elseif a.dnsTarget??>
            set $ingressc_upstream ${a.dnsTarget};
            ${a.module}_pass ${a.scheme}$ingressc_upstream;
<#else>
            ${a.module}_pass ${a.proxyUrl};
</#if>
<#if loc.basic?? && a.module??>
<#if loc.basic.unusable>
            # Basic auth whose credentials cannot be used (see the diagnostics): never the backend.
            return 503;
<#else>
            auth_basic ${loc.basic.realm};
            auth_basic_user_file ${loc.basic.file};
</#if>
</#if>
<#if loc.auth?? && a.module??>
<#assign au = loc.auth>
            auth_request ${au.uri};
            auth_request_set $ingressc_auth_cookie $upstream_http_set_cookie;
            add_header Set-Cookie $ingressc_auth_cookie;
<#list au.copied as h>
            auth_request_set ${h.variable} ${h.upstream};
</#list>
<#if au.copied?has_content>
            # A location's own ${a.module}_set_header replaces the inherited ones: they are all here again.
<@forwarding.headers a.module/>
<#list au.copied as h>
            ${a.module}_set_header ${h.name} ${h.variable};
</#list>
</#if>
<#if au.signIn??>
            error_page 401 = ${au.signIn};
</#if>
</#if>
<#if loc.rateLimit?? && loc.rateLimit.zone??>
            limit_req zone=${loc.rateLimit.zone} burst=${loc.rateLimit.burst} nodelay;
            limit_req_status ${loc.rateLimit.status};
</#if>
<#if loc.rateLimit?? && loc.rateLimit.connZone??>
            limit_conn ${loc.rateLimit.connZone} ${loc.rateLimit.connections};
            limit_conn_status ${loc.rateLimit.connStatus};
</#if>
<#if a.settings??>
            ${a.module}_connect_timeout ${a.settings.connectMillis}ms;
            ${a.module}_read_timeout ${a.settings.readMillis}ms;
            ${a.module}_send_timeout ${a.settings.readMillis}ms;
            client_max_body_size ${a.settings.maxBodyBytes};
</#if>
<#if loc.cors??>
<#if a.module??>
<#list loc.cors.hidden as h>
            ${a.module}_hide_header ${h};
</#list>
</#if>
<#list loc.cors.added as h>
            add_header ${h.name} ${h.variable} always;
</#list>
</#if>
<#if loc.rewrite?? && loc.rewrite.regex??>
            rewrite ${loc.rewrite.regex} ${loc.rewrite.replacement} break;
</#if>
