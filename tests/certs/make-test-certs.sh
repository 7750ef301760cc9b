#!/bin/sh
# A throw-away CA and a server certificate for 127.0.0.1, ::1 and localhost, for the tests that
# talk to a real jiujin-county over TLS. Usage: make-test-certs.sh OUTDIR
# Writes OUTDIR/ca.pem, OUTDIR/server.pem and OUTDIR/server.key; nothing else is kept.
set -eu
out=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$work/ca.key" -out "$work/ca.pem" -days 3650 -subj "/CN=Jiujin test CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=localhost" 2>/dev/null

cat > "$work/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -set_serial "0x$(openssl rand -hex 8)" -days 3650 -extfile "$work/server.ext" \
  -out "$work/server.pem" 2>/dev/null

chmod 600 "$work/server.key"
mkdir -p "$out"
mv "$work/ca.pem" "$work/server.pem" "$work/server.key" "$out/"
