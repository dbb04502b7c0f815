# ssl-passthrough (SEMANTICS.md, "TLS passthrough"): the TLS port reads the SNI without
# terminating TLS. A passed-through host's connection goes to its relay, every other one (or none)
# to the TLS servers above; both get a PROXY protocol header with the client's address.
stream {
    error_log ${c.runtime.errorLog} notice;
    map $ssl_preread_server_name $ingressc_passthrough {
<#list c.passthrough.hosts as h>
        ${h.key} ${h.value};
</#list>
        default ${c.passthrough.httpsSocket};
    }

    server {
        listen ${c.passthrough.port};
        ssl_preread on;
        proxy_protocol on;
        proxy_pass $ingressc_passthrough;
    }
<#list c.passthrough.relays as r>

    # ${r.comment}
<#if r.id??>
    upstream ${r.id} {
<#list r.servers as s>
        server ${s};
</#list>
    }
</#if>
    server {
        listen ${r.socket} proxy_protocol;
<#if r.id??>
        proxy_pass ${r.id};
<#elseif r.dnsTarget??>
        proxy_pass ${r.dnsTarget};
<#else>
        return "";
</#if>
    }
</#list>
}
