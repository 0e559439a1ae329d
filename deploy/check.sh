#!/usr/bin/env bash
# Offline checks of everything in deploy/, run by .ci/run (which installs the tools): no Docker engine,
# no cluster, no systemd running. Usage: deploy/check.sh PATH-TO-FACTWIRE-BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
factwire=${1:?usage: deploy/check.sh PATH-TO-FACTWIRE}
work=.build/deploy-check
rm -rf "$work" && mkdir -p "$work"
failed=0
check() { local name=$1; shift; if "$@"; then echo "ok: $name"; else echo "FAILED: $name"; failed=1; fi; }

check "hadolint deploy/Dockerfile" hadolint deploy/Dockerfile
check "docker-compose config" docker-compose -f deploy/compose.yaml config -q
check "docker-compose config (with PgBouncer)" docker-compose -f deploy/compose.yaml -f deploy/compose.pgbouncer.yaml config -q

# Kubernetes: render the example overlay with throwaway certificates and URL, then validate strictly.
overlay=deploy/k8s/overlays/example
"$factwire" certs init --dir "$overlay/tls" --force >/dev/null
cp "$overlay/database-url.env.example" "$overlay/database-url.env"
check "kubectl kustomize (base)" sh -c "kubectl kustomize deploy/k8s/base > $work/base.yaml"
check "kubectl kustomize (example overlay)" sh -c "kubectl kustomize $overlay > $work/example.yaml"
check "kubectl kustomize (PgBouncer overlay)" sh -c "kubectl kustomize deploy/k8s/overlays/pgbouncer > $work/pgbouncer.yaml"
check "PgBouncer overlay: workers pool through PgBouncer and LISTEN direct" sh -c \
    "grep -c 'key: pooled-url' $work/pgbouncer.yaml | grep -qx 2 && grep -c 'name: DATABASE_LISTEN_URL' $work/pgbouncer.yaml | grep -qx 2"
rm -rf "$overlay/tls" "$overlay/database-url.env"
check "kubernetes-validate --strict" kubernetes-validate --strict "$work/example.yaml"
check "kubernetes-validate --strict (PgBouncer overlay)" kubernetes-validate --strict "$work/pgbouncer.yaml"
# The ScaledObject against the committed schema (offline: CI and tests use only what the repository holds).
check "check-jsonschema ScaledObject (factwire schema)" \
    check-jsonschema --schemafile deploy/k8s/schemas/scaledobject-factwire.json deploy/k8s/base/keda-scaledobject.yaml

# systemd: verify copies whose ExecStart points at the built binary (verify insists that it exists).
mkdir -p "$work/systemd"
for unit in deploy/systemd/*.service; do
    sed "s#/usr/local/bin/factwire#$(realpath "$factwire")#" "$unit" > "$work/systemd/$(basename "$unit")"
done
check "systemd-analyze verify" sh -c "cd $work/systemd && SYSTEMD_UNIT_PATH=\$PWD: systemd-analyze verify *.service"

# Prometheus: the rules, and the scrape config with its rule file where it says it is.
check "promtool check rules" promtool check rules deploy/prometheus/alerts.yaml
sed "s#/etc/prometheus/alerts.yaml#$(realpath deploy/prometheus/alerts.yaml)#" deploy/prometheus/prometheus.yml > "$work/prometheus.yml"
mkdir -p "$work/certs" && "$factwire" certs init --dir "$work/certs" --force >/dev/null
sed -i "s#/certs/#$(realpath "$work/certs")/#g" "$work/prometheus.yml"
check "promtool check config" promtool check config "$work/prometheus.yml"
check "grafana dashboard is JSON" python3 -c "import json,sys; d=json.load(open('deploy/grafana/dashboards/factwire.json')); sys.exit(0 if d['panels'] else 1)"
exit $failed
