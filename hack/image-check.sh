#!/usr/bin/env bash
# Builds the container image offline and checks what it would run. Jib builds it on a stand-in
# base image made here (one empty layer), and a stand-in docker CLI keeps what "docker load"
# receives; ImageCheck then reads that image. This proves the image's own part (entrypoint,
# user, working directory, port, jar path, name), not that the real base image runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$PWD/target/image-check"
rm -rf "$work" && mkdir -p "$work/base" "$work/image"

# A base image in the form "docker save" writes: a manifest, a config and one empty layer.
tar -cf "$work/base/layer.tar" -T /dev/null
diff_id=$(sha256sum "$work/base/layer.tar" | cut -d' ' -f1)
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}\n' \
  "$diff_id" > "$work/base/config.json"
echo '[{"Config":"config.json","RepoTags":["base:check"],"Layers":["layer.tar"]}]' \
  > "$work/base/manifest.json"
tar -cf "$work/base.tar" -C "$work/base" manifest.json config.json layer.tar

# The two docker commands Jib runs: "info" for the platform, "load" with the image on stdin.
cat > "$work/docker" <<EOF
#!/bin/sh
case "\$1" in
  info) echo '{"OSType":"linux","Architecture":"x86_64"}' ;;
  load) cat > "$work/image.tar" && echo "Loaded image" ;;
  *) echo "unexpected: docker \$*" >&2; exit 1 ;;
esac
EOF
chmod +x "$work/docker"

mvn -B -q -DskipTests package \
  -Dquarkus.container-image.build=true \
  -Dquarkus.jib.base-jvm-image="tar://$work/base.tar" \
  -Dquarkus.jib.docker-executable-name="$work/docker" \
  -Dquarkus.jib.offline-mode=true "$@"
tar -xf "$work/image.tar" -C "$work/image"
exec mvn -B -q exec:java -Dbaton.main=dev.baton.testbed.ImageCheck -Dexec.args="$work/image"
