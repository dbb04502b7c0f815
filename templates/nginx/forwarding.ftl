<#-- The forwarding headers (SEMANTICS.md, Forwarding headers), the same for proxy_pass and grpc_pass; module is a keyword. -->
<#macro headers module host=true>
<#if host>
    ${module}_set_header Host <#if c.forwarding.upstreamHosts>$ingressc_backend_host<#else>$http_host</#if>;
</#if>
    ${module}_set_header X-Request-ID $ingressc_request_id;
    ${module}_set_header X-Real-IP $remote_addr;
    ${module}_set_header X-Forwarded-For $remote_addr;
    ${module}_set_header X-Forwarded-Host $http_host;
    ${module}_set_header X-Forwarded-Port $ingressc_forwarded_port;
    ${module}_set_header X-Forwarded-Proto $scheme;
    ${module}_set_header X-Forwarded-Scheme $scheme;
    ${module}_set_header X-Scheme $scheme;
    ${module}_set_header X-Original-Forwarded-For $http_x_forwarded_for;
    ${module}_set_header Proxy "";
<#if c.forwardedPrefix>
    <#-- x-forwarded-prefix (SEMANTICS.md, Rewrites): every server sets the variable to the client's own field first, a location with the annotation to its value. -->
    ${module}_set_header X-Forwarded-Prefix $ingressc_forwarded_prefix;
</#if>
</#macro>
<#macro maps>

    # The forwarding headers (README, Semantics, "Forwarding headers"), as ingress-nginx sends them
    # when it trusts no proxy in front: the client's X-Forwarded-For is replaced by the peer's
    # address and passed on as X-Original-Forwarded-For; an empty value sends no field. A client's
    # X-Request-ID is kept, else a fresh one in the UUID form the other targets send.
    map $http_x_request_id $ingressc_request_id {
        default $http_x_request_id;
        "" $ingressc_fresh_request_id;
    }
    map $request_id $ingressc_fresh_request_id {
        "~^(?<ingressc_rid1>.{8})(?<ingressc_rid2>.{4})(?<ingressc_rid3>.{4})(?<ingressc_rid4>.{4})(?<ingressc_rid5>.{12})$" $ingressc_rid1-$ingressc_rid2-$ingressc_rid3-$ingressc_rid4-$ingressc_rid5;
    }
    map $scheme $ingressc_forwarded_port {
        https ${c.forwarding.httpsPort};
        default ${c.forwarding.httpPort};
    }
<#if c.forwarding.upstreamHosts>
    # A location with an upstream-vhost sets $ingressc_upstream_host; the others leave it unset (no
    # warning: the lua format turns them off as well) and send the client's Host.
    map $ingressc_upstream_host $ingressc_backend_host {
        "" $http_host;
        default $ingressc_upstream_host;
    }
<#if !c.lua??>
    uninitialized_variable_warn off;
</#if>
</#if>
</#macro>
