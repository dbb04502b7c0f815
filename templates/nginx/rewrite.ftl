<#-- A route's rewrite (SEMANTICS.md, Rewrites; NginxRewrites): 400 for a target not every proxy rewrites alike, X-Forwarded-Prefix, then (action.ftl's end, after every "set", since "break" ends the rewrite directives) the path. -->
<#assign rw = loc.rewrite>
<#if rw.unrewritable??>
            if ($request_uri ~ ${rw.unrewritable}) {
                return 400;
            }
</#if>
<#if rw.forwardedPrefix??>
            set $ingressc_forwarded_prefix ${rw.forwardedPrefix};
</#if>
