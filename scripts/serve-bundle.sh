# Sourced (not run) by scripts/test and the benchmark scripts, from the
# repository's root: serves a release bundle with the project's nginx.conf
# (scripts/serve-dist) on a free loopback port, in the background.
#
#   free_port               prints a loopback port nothing listens on
#   serve_bundle DIR [LOG]  serves DIR (nginx's output to LOG, else nowhere),
#                           sets served_port once /healthz answers; fails,
#                           with LOG shown, if nginx exits or never answers
#   stop_bundles            stops every bundle served (trap it on EXIT)

bundle_servers=()

free_port() {
    node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

serve_bundle() {
    local dir=$1 log=${2:-/dev/null} server
    served_port=$(free_port)
    scripts/serve-dist "$dir" "$served_port" >"$log" 2>&1 &
    server=$!
    bundle_servers+=("$server")
    for _ in $(seq 1 50); do
        curl -fsS "http://127.0.0.1:$served_port/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    [ "$log" = /dev/null ] || cat "$log" >&2
    echo "nginx did not start for $dir" >&2
    return 1
}

stop_bundles() {
    [ ${#bundle_servers[@]} -eq 0 ] || kill "${bundle_servers[@]}" 2>/dev/null || true
}
