    # The Lua balancer (--format lua). Round-robin and random upstreams have no upstream block of
    # their own: a location sets $ingressc_balanced to the upstream's id and proxies to the one
    # upstream below, whose balancer picks an endpoint. endpoints.conf maps each id to its
    # endpoints; what the sidecar posts to the control socket overrides it.
    lua_shared_dict ingressc_endpoints 32m;
    # Numbers the configuration loads, and marks the workers that close keep-alive connections
    # ahead of a reload (see ingressc.header).
    lua_shared_dict ingressc_control 128k;
    # Locations that do not use the balancer leave $ingressc_balanced unset; the access check
    # reads it on every request, which would log a warning each time.
    uninitialized_variable_warn off;
    map_hash_max_size ${c.lua.mapHash.maxSize};
    map_hash_bucket_size ${c.lua.mapHash.bucketSize};
    include ${c.lua.endpointsFile};
<#if c.lua.hostRoutes?has_content>

    # Hosts that share a server but not their backends: such a location sets its slot, and this
    # map gives each host's upstream id for it.
    map "$host $ingressc_slot" $ingressc_host_route {
        default "";
<#list c.lua.hostRoutes as r>
        ${r.key} ${r.value};
</#list>
    }
</#if>

<#if c.lua.affinities?has_content>
    # Session affinity (NginxAffinity): each upstream id with one, as "NAME MAX-AGE PATH SAMESITE
    # SECURE" ("-" when unset); locations of its routes set $ingressc_cookie_path. Without any, none
    # of its Lua is printed either: requests pay nothing for it.
    map $ingressc_balanced $ingressc_affinity {
        default "";
<#list c.lua.affinities as a>
        ${a.key} ${a.value};
</#list>
    }

</#if>
    init_by_lua_block {
        -- What was posted outlives a reload, so the old workers still draining keep the newest
        -- endpoints too; the sidecar posts the new files' endpoints over any it had posted before
        -- it reloads, so the new workers agree with the files.
        local balancer = require "ngx.balancer"
        local endpoints = ngx.shared.ingressc_endpoints
        local control = ngx.shared.ingressc_control
        -- This load's number: the master runs this block at every (re)load and forks the workers
        -- after it, and the shared dict outlives reloads, so a later load's workers have a larger
        -- number. (nginx -t runs it in a process of its own, with its own shared memory.)
        local load = control:incr("loads", 1, 0)
        local parsed = {}   -- per worker: id -> { text, method, peers }
        local turn = {}     -- per worker: id -> the last round-robin index
        local function parse(text)
            local e = { text = text, peers = {} }
            for word in string.gmatch(text, "%S+") do
                if e.method == nil then
                    e.method = word
                else
                    local host, port = string.match(word, "^(.+):(%d+)$")
                    e.peers[#e.peers + 1] = { host, tonumber(port), word }
                end
            end
            return e
        end
        local function lookup()
            local id = ngx.var.ingressc_balanced
            if id == nil or id == "" then
                return nil
            end
            local text = endpoints:get(id)
            if text == nil then
                text = ngx.var.ingressc_peers
                -- A list too long for one nginx value goes on in $ingressc_peers_2, _3, ...
                local part = 2
                while string.sub(text, -2) == " +" do
                    text = string.sub(text, 1, -3) .. " " .. (ngx.var["ingressc_peers_" .. part] or "")
                    part = part + 1
                end
            end
            local e = parsed[id]
            if e == nil or e.text ~= text then
                e = parse(text)
                parsed[id] = e
            end
            return id, e
        end
<#if c.lua.affinities?has_content>
        -- Session affinity: a cookie names an endpoint by the first 16 hex digits of the MD5 of its
        -- host:port, the same in every worker and after every reload.
        local affinities = {} -- per worker: the map's text -> its settings
        local function affinity_of(text)
            local a = affinities[text]
            if a == nil then
                local name, age, path, samesite, secure = string.match(text, "^(%S+) (%S+) (%S+) (%S+) ([01])$")
                a = { name = name, age = age, path = path, samesite = samesite, secure = secure == "1" }
                affinities[text] = a
            end
            return a
        end
        local function peer_cookie(e, i)
            if e.ids == nil then
                e.ids = {}
                for j, p in ipairs(e.peers) do
                    e.ids[j] = string.sub(ngx.md5(p[3]), 1, 16)
                end
            end
            return e.ids[i]
        end
        -- The first cookie of that name (case-sensitive) in the Cookie fields, as Envoy and HAProxy read it.
        local function cookie_value(name)
            local header = ngx.var.http_cookie
            if header == nil then
                return nil
            end
            for pair in string.gmatch(header, "[^;]+") do
                local k, v = string.match(pair, "^%s*([^=]+)=(.-)%s*$")
                if k == name then
                    return v
                end
            end
            return nil
        end
        -- The Set-Cookie of an answer from endpoint i, with the attributes of every target.
        local function set_cookie(a, e, i)
            local path = a.path
            if path == "-" then
                path = ngx.var.ingressc_cookie_path
                if path == nil or path == "" then
                    path = "/"
                end
            end
            local cookie = a.name .. "=" .. peer_cookie(e, i)
            if a.age ~= "-" then
                cookie = cookie .. "; Max-Age=" .. a.age
            end
            cookie = cookie .. "; Path=" .. path
            if a.samesite ~= "-" then
                cookie = cookie .. "; SameSite=" .. a.samesite
            end
            if a.secure or ngx.var.https == "on" then
                cookie = cookie .. "; Secure"
            end
            cookie = cookie .. "; HttpOnly"
            local old = ngx.header["Set-Cookie"]
            if old == nil then
                ngx.header["Set-Cookie"] = cookie
            elseif type(old) == "table" then
                old[#old + 1] = cookie
                ngx.header["Set-Cookie"] = old
            else
                ngx.header["Set-Cookie"] = { old, cookie }
            end
        end
</#if>
        ingressc = {}
        -- access: nothing can serve the upstream, so nginx answers 503 itself.
        function ingressc.access()
            local id, e = lookup()
            if id ~= nil then
                if #e.peers == 0 then
                    return ngx.exit(503)
                end
                local ctx = ngx.ctx
                ctx.ingressc_id = id
                ctx.ingressc_entry = e
<#if c.lua.affinities?has_content>
                -- Session affinity: the endpoint the request's cookie names, if it is one of these.
                local text = ngx.var.ingressc_affinity
                if text ~= nil and text ~= "" then
                    local a = affinity_of(text)
                    ctx.ingressc_affinity = a
                    local want = cookie_value(a.name)
                    if want ~= nil then
                        for j = 1, #e.peers do
                            if peer_cookie(e, j) == want then
                                ctx.ingressc_want = j
                                break
                            end
                        end
                    end
                end
</#if>
            end
        end
        -- balancer: the first try takes the next endpoint in turn (or a random one); a retry
        -- (proxy_next_upstream) takes the one after it, so each endpoint is tried at most once.
        -- It uses the endpoints the access check found, so a request sees one list throughout.
        function ingressc.balance()
            local ctx = ngx.ctx
            local id, e = ctx.ingressc_id, ctx.ingressc_entry
            if id == nil then
                id, e = lookup()
            end
            local n = e and #e.peers or 0
            if n == 0 then
                ngx.log(ngx.ERR, "ingressc: no endpoint for ", id)
                return ngx.exit(ngx.ERROR)
            end
            local i
            if ctx.ingressc_try == nil then
                if ctx.ingressc_want ~= nil and ctx.ingressc_entry == e then
                    i = ctx.ingressc_want
                elseif e.method == "random" then
                    i = math.random(n)
                else
                    i = (turn[id] or 0) % n + 1
                    turn[id] = i
                end
                if n > 1 then
                    balancer.set_more_tries(n - 1)
                end
            else
                i = ctx.ingressc_try % n + 1
            end
            ctx.ingressc_try = i
            local ok, err = balancer.set_current_peer(e.peers[i][1], e.peers[i][2])
            if not ok then
                ngx.log(ngx.ERR, "ingressc: cannot use ", e.peers[i][1], ": ", err)
                return ngx.exit(ngx.ERROR)
            end
        end
        -- A reload makes the old workers close their idle keep-alive connections at once, and a
        -- client that sends on one just then gets no answer. So before it reloads, the sidecar
        -- marks the running workers (POST /drain): they answer every request with
        -- "Connection: close", and clients that keep sending move to new connections before the
        -- workers stop. The reloaded workers, of a later load, are not marked. (Once stopping,
        -- nginx says "close" itself.) nginx still writes its own "Connection: keep-alive" line
        -- first; a client that reads every Connection line sees "close" (RFC 9112, 9.6). A 101
        -- keeps its "Connection: upgrade", and HTTP/2 has no Connection field.
        function ingressc.header()
<#if c.lua.affinities?has_content>
            -- Session affinity: the answer of an endpoint the request's cookie did not name sets the cookie.
            local ctx = ngx.ctx
            if ctx.ingressc_affinity ~= nil and ctx.ingressc_try ~= nil and ctx.ingressc_try ~= ctx.ingressc_want then
                set_cookie(ctx.ingressc_affinity, ctx.ingressc_entry, ctx.ingressc_try)
            end
</#if>
            local marked = control:get("drain")
            if marked ~= nil and load <= marked and ngx.status ~= 101 and ngx.req.http_version() < 2 then
                ngx.header["Connection"] = "close"
            end
        end
        -- POST /drain marks the workers of this load and earlier ones, for at most a minute (the
        -- reload it prepares may never come); DELETE /drain unmarks them (the reload failed).
        function ingressc.drain()
            local method = ngx.req.get_method()
            if method == "POST" then
                control:set("drain", load, 60)
            elseif method == "DELETE" then
                control:delete("drain")
            else
                ngx.status = 405
                ngx.say("POST or DELETE")
                return
            end
            ngx.say("drain ", control:get("drain") or "none")
        end
        -- POST /endpoints[?replace]: lines "ID METHOD [HOST:PORT ...]". All lines are checked
        -- before any is stored, so a request with a bad line changes nothing.
        function ingressc.update()
            ngx.req.read_body()
            local body = ngx.req.get_body_data()
            if body == nil then
                local file = ngx.req.get_body_file()
                if file ~= nil then
                    local f = io.open(file, "rb")
                    body = f:read("*a")
                    f:close()
                end
            end
            local updates = {}
            for line in string.gmatch(body or "", "[^\n]+") do
                local id, text = string.match(line, "^([%w_]+) (%l+)$")
                if id == nil then
                    id, text = string.match(line, "^([%w_]+) (%l+ [%w%.:%[%] ]+)$")
                end
                if id == nil then
                    ngx.status = 400
                    ngx.say("bad line ", #updates + 1)
                    return
                end
                updates[#updates + 1] = { id, text }
            end
            -- ?replace: these lines are all that is posted; everything posted before goes.
            if ngx.var.arg_replace ~= nil then
                endpoints:flush_all()
                endpoints:flush_expired()
            end
            for _, u in ipairs(updates) do
                local ok, err = endpoints:safe_set(u[1], u[2])
                if not ok then
                    -- Out of memory, some lines stored: the sidecar posts everything with ?replace next.
                    ngx.status = 507
                    ngx.say("ingressc_endpoints: ", err)
                    return
                end
            end
            ngx.say("updated ", #updates)
        end
    }
    init_worker_by_lua_block {
        math.randomseed(ngx.now() * 1000 + ngx.worker.pid())
    }
    access_by_lua_block {
        ingressc.access()
    }
    header_filter_by_lua_block {
        ingressc.header()
    }

    upstream ${c.lua.upstreamName} {
        server 0.0.0.1:1; # never used: the balancer sets every peer
        balancer_by_lua_block {
            ingressc.balance()
        }
        keepalive ${c.lua.keepalive};
    }

    # The sidecar's control socket: nginx makes it mode 0666, so it is as private as its directory.
    server {
        listen ${c.lua.controlSocket};
        access_log off;
        # Declares $ingressc_balanced, which endpoints.conf maps, even when no location sets it.
        set $ingressc_balanced "";
<#if c.lua.affinities?has_content>
        # Declares $ingressc_cookie_path too, which the Lua of session affinity reads.
        set $ingressc_cookie_path "";
</#if>
        location = /endpoints {
            client_max_body_size 0;
            client_body_buffer_size 4m;
            content_by_lua_block {
                ingressc.update()
            }
        }
        location = /drain {
            content_by_lua_block {
                ingressc.drain()
            }
        }
        location / {
            return 404;
        }
    }
