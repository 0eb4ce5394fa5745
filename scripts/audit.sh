#!/usr/bin/env bash
# Runtime dependency audit, for a machine whose registry serves npm's advisory endpoint
# (the development machines of this project answer it with 405; see docs/security-audit.md).
# Fails on any high or critical advisory in the dependencies Portside ships (devDependencies
# are build and test tools and are not shipped). Writes the full JSON report next to it.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORT="${AUDIT_REPORT:-audit-report.json}"
REGISTRY="${NPM_AUDIT_REGISTRY:-https://registry.npmjs.org/}"

echo "Runtime dependencies (npm ls --omit=dev --depth=0):"
npm ls --omit=dev --depth=0 || true

echo "Auditing against ${REGISTRY} …"
set +e
npm audit --omit=dev --json --registry "${REGISTRY}" >"${REPORT}"
: # npm audit exits non-zero whenever it finds anything; the report decides below.
set -e
if ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "${REPORT}" 2>/dev/null; then
  echo "npm audit did not return a report (registry error?): see ${REPORT}" >&2
  exit 2
fi
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const v = r.metadata?.vulnerabilities ?? {};
  console.log(`advisories: critical=${v.critical ?? 0} high=${v.high ?? 0} moderate=${v.moderate ?? 0} low=${v.low ?? 0}`);
  for (const [name, x] of Object.entries(r.vulnerabilities ?? {})) if (x.severity === "high" || x.severity === "critical") console.log(`  ${x.severity}: ${name} ${x.range} (fix: ${JSON.stringify(x.fixAvailable)})`);
  process.exit((v.critical ?? 0) + (v.high ?? 0) > 0 ? 1 : 0);
' "${REPORT}"
# npm audit exits non-zero for low/moderate too; only high/critical fail this script.
exit 0
