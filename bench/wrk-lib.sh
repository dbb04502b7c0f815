# Shared by the wrk benchmarks that compare two configs of one proxy (body-limit-bench.sh,
# client-address-bench.sh). Source it after setting $work (a temporary directory) and the pids
# array; every process started here is added to pids, for the caller's cleanup.

# A free loopback port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts the backend, an nginx answering 200 "ok" on 127.0.0.1, and sets $backend to its port.
start_backend() {
  backend=$(free_port)
  mkdir -p "$work/backend"
  cat > "$work/backend/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $work/backend/nginx.pid; error_log $work/backend/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/backend/cb; keepalive_requests 1000000;
  server { listen 127.0.0.1:$backend; location / { return 200 "ok\n"; } } }
CONF
  nginx -c "$work/backend/nginx.conf" -p "$work/backend" & pids+=($!)
}

# The CPU clock ticks (user and system) of the process in pid file $1 and its children, from /proc.
proxy_cpu() {
  local master; master=$(cat "$1")
  local t=0
  for p in $master $(pgrep -P "$master"); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)
