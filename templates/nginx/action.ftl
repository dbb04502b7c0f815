<#assign a = loc.action>
<#if a.status??>
            return ${a.status};
<#elseif a.slot??>
            set $ingressc_slot ${a.slot};
            set $ingressc_balanced $ingressc_host_route;
            proxy_pass ${a.proxyUrl};
<#elseif a.balanced??>
            set $ingressc_balanced ${a.balanced};
            proxy_pass ${a.proxyUrl};
<#elseif a.dnsTarget??>
            set $ingressc_upstream ${a.dnsTarget};
            proxy_pass http://$ingressc_upstream;
<#else>
            proxy_pass ${a.proxyUrl};
</#if>
<#if a.settings??>
            proxy_connect_timeout ${a.settings.connectMillis}ms;
            proxy_read_timeout ${a.settings.readMillis}ms;
            proxy_send_timeout ${a.settings.readMillis}ms;
            client_max_body_size ${a.settings.maxBodyBytes};
</#if>
