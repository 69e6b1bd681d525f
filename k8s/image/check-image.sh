#!/usr/bin/env bash
# Checks the image tarball that `./mvnw -B -DskipTests -Pimage package` leaves in target/jib-image.tar
# (OCI layout): its config (user, entrypoint, arguments, ports) agrees with k8s/base/statefulset.yaml,
# and, where this machine lets us (root, with /proc mountable), its filesystem starts the server as
# user 10001 in a chroot, which must answer /health and /ready. No container daemon is needed.
#   usage: check-image.sh [image tar]
set -euo pipefail
tarball="${1:-target/jib-image.tar}"
work="$(mktemp -d)"
trap 'mountpoint -q "$work/root/proc" 2>/dev/null && umount "$work/root/proc"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/oci" "$work/root"
tar --warning=no-unknown-keyword -xf "$tarball" -C "$work/oci"

# index → manifest → config and layers
python3 - "$work/oci" "$work/layers" > "$work/config.txt" <<'PY'
import json, sys, os
oci, out = sys.argv[1], sys.argv[2]
blob = lambda d: os.path.join(oci, "blobs", *d.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
def expect(what, got, want):
    if got != want:
        sys.exit(f"image {what}: {got!r}, expected {want!r}")
expect("user", config.get("User"), "10001:10001")
expect("entrypoint", config.get("Entrypoint"), ["/opt/java/bin/java", "-cp", "@/app/jib-classpath-file", "io.neuroquantum.cli.Main"])
expect("arguments", config.get("Cmd"), ["serve", "--conf", "/config/application.json"])
expect("ports", sorted(config.get("ExposedPorts", {})), ["5701/tcp", "8080/tcp"])
with open(out, "w") as f:
    for layer in manifest["layers"]:
        f.write(blob(layer["digest"]) + "\n")
print(f"config ok: user {config['User']}, entrypoint {' '.join(config['Entrypoint'])}, {len(manifest['layers'])} layers")
PY
cat "$work/config.txt"
while read -r layer; do tar --warning=no-unknown-keyword -xzf "$layer" -C "$work/root"; done < "$work/layers"
for f in /opt/java/bin/java /app/jib-classpath-file /lib64/ld-linux-x86-64.so.2 /etc/passwd; do
  [ -e "$work/root$f" ] || { echo "image lacks $f"; exit 1; }
done
[ -x "$work/root/opt/java/bin/java" ] || { echo "/opt/java/bin/java is not executable in the image"; exit 1; }
echo "filesystem ok: $(du -sh "$work/root" | cut -f1)"

mkdir -p "$work/root/proc"
if [ "$(id -u)" != 0 ] || ! mount -t proc proc "$work/root/proc" 2>/dev/null; then
  echo "start not checked: needs root and a mountable /proc for a chroot (the config and files were checked)"
  exit 0
fi
# The pod's mounts: /config (ConfigMap), /data and /tmp (emptyDirs the user may write)
chown 10001:10001 "$work/root/data" "$work/root/tmp"
echo '{}' > "$work/root/config/application.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NQ_HTTP_PORT=$port NQ_H2_PATH=/data/neuroquantum JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=/tmp -Xmx256m" \
  chroot --userspec=10001:10001 "$work/root" /opt/java/bin/java -cp @/app/jib-classpath-file io.neuroquantum.cli.Main \
  serve --conf /config/application.json > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/ready" > /dev/null 2>&1; then
    echo "started from the image as $(ps -o user= -p $server 2>/dev/null || echo uid 10001): /health $(curl -fsS http://127.0.0.1:$port/health)"
    exit 0
  fi
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
echo "the server in the image did not become ready:"; tail -40 "$work/server.log"
exit 1
