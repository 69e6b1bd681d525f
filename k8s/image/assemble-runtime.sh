#!/usr/bin/env bash
# The image's base, assembled here instead of pulled (no registry is reachable from the build machines):
# a jlink'ed Java runtime with the modules the server jar uses, the glibc libraries it loads, and the
# few files a JVM expects (/etc/passwd with the server's user, nsswitch, hosts). Jib puts it under the
# application's layers of a `scratch` image (pom.xml, profile `image`).
#   usage: assemble-runtime.sh <server jar> <output dir>
set -euo pipefail
jar="$1"
out="$2"
java_home="${JAVA_HOME:?JAVA_HOME must name the JDK to take the runtime from}"
rm -rf "$out"
mkdir -p "$out"/{etc,lib/x86_64-linux-gnu,lib64,tmp,app,config,data}

# The modules the jar needs (jdeps), plus what it reaches by reflection or service lookup: JMX for
# Hazelcast, DNS for Kubernetes discovery (Hazelcast's DNS lookup), JFR for diagnostics.
modules="$("$java_home/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps "$jar")"
modules="$modules,java.management,jdk.management,jdk.naming.dns,jdk.jfr,jdk.crypto.cryptoki"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress zip-6 --output "$out/opt/java"

# glibc and friends, as the runtime's own libraries link them (ldd of every .so the JVM loads for a
# server; the AWT/X11 libraries of java.desktop are never loaded headless and are left out)
libs=()
for so in "$out"/opt/java/bin/java "$out"/opt/java/lib/server/libjvm.so "$out"/opt/java/lib/lib{java,net,nio,zip,jimage,verify,management,management_ext,extnet,j2pkcs11,prefs,jli}.so; do
  [ -e "$so" ] || continue
  while read -r path; do libs+=("$path"); done < <(ldd "$so" | awk '$3 ~ /^\// {print $3}')
done
for lib in $(printf '%s\n' "${libs[@]}" /lib/x86_64-linux-gnu/libgcc_s.so.1 | grep -v "^$out" | sort -u); do
  cp -L "$lib" "$out/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"

# the server runs as 10001:10001 (k8s/base/statefulset.yaml runAsUser/runAsGroup)
printf 'root:x:0:0:root:/root:/sbin/nologin\nnq:x:10001:10001:neuroquantum:/app:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnq:x:10001:\n' > "$out/etc/group"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out/etc/hosts"
echo "runtime assembled in $out: $(du -sh "$out" | cut -f1), modules $modules"
