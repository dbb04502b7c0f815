<#assign a = loc.action>
<#if a.status??>
            return ${a.status};
<#elseif a.slot??>
            set $ingressc_slot ${a.slot};
            set $ingressc_balanced $ingressc_host_route;
            ${a.pass} ${a.proxyUrl};
<#elseif a.balanced??>
            set $ingressc_balanced ${a.balanced};
            ${a.pass} ${a.proxyUrl};
<#elseif a.dnsTarget??>
            set $ingressc_upstream ${a.dnsTarget};
            ${a.pass} ${a.scheme}$ingressc_upstream;
<#else>
            ${a.pass} ${a.proxyUrl};
</#if>
<#if a.settings?? && a.grpc>
            grpc_connect_timeout ${a.settings.connectMillis}ms;
            grpc_read_timeout ${a.settings.readMillis}ms;
            grpc_send_timeout ${a.settings.readMillis}ms;
            client_max_body_size ${a.settings.maxBodyBytes};
<#elseif a.settings??>
            proxy_connect_timeout ${a.settings.connectMillis}ms;
            proxy_read_timeout ${a.settings.readMillis}ms;
            proxy_send_timeout ${a.settings.readMillis}ms;
            client_max_body_size ${a.settings.maxBodyBytes};
</#if>
