#!/usr/bin/env bash
# A minimal SMART Backend Services client with nothing but openssl, perl and curl (see docs/security.md).
#
#   docs/smart-client.sh keygen NAME                      # NAME.pem (private, keep it) + NAME.jwks.json (register it)
#   docs/smart-client.sh token CLIENT_ID NAME.pem [SCOPE]  # prints the token endpoint's JSON answer
#
# JEUGDPOORT_URL (default http://localhost:8080) is the gateway; the key id is the file name without .pem.
set -euo pipefail
base="${JEUGDPOORT_URL:-http://localhost:8080}"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

case "${1:-}" in
  keygen)
    name="${2:?usage: $0 keygen NAME}"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.pem" 2>/dev/null
    chmod 600 "$name.pem"
    n=$(openssl rsa -in "$name.pem" -noout -modulus | cut -d= -f2 | perl -ne 'chomp; print pack("H*", $_)' | b64url)
    kid=$(basename "$name")
    printf '{"keys":[{"kty":"RSA","kid":"%s","use":"sig","alg":"RS384","n":"%s","e":"AQAB"}]}\n' "$kid" "$n" > "$name.jwks.json"
    echo "wrote $name.pem (private) and $name.jwks.json (public, to register)"
    ;;
  token)
    client="${2:?usage: $0 token CLIENT_ID KEY.pem [SCOPE]}"
    key="${3:?usage: $0 token CLIENT_ID KEY.pem [SCOPE]}"
    scope="${4:-system/Task.crs system/Bundle.r system/Communication.rs system/AuditEvent.s}"
    kid=$(basename "$key" .pem)
    now=$(date +%s)
    jti=$(openssl rand -hex 16)
    header=$(printf '{"alg":"RS384","typ":"JWT","kid":"%s"}' "$kid" | b64url)
    claims=$(printf '{"iss":"%s","sub":"%s","aud":"%s/auth/token","iat":%d,"exp":%d,"jti":"%s"}' \
      "$client" "$client" "$base" "$now" $((now + 240)) "$jti" | b64url)
    signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha384 -sign "$key" | b64url)
    curl -s "$base/auth/token" \
      --data-urlencode grant_type=client_credentials \
      --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
      --data-urlencode "client_assertion=$header.$claims.$signature" \
      --data-urlencode "scope=$scope"
    echo
    ;;
  *)
    sed -n '2,8p' "$0"; exit 2 ;;
esac
