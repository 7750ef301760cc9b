/* bench-proxy.h — a TCP relay on loopback that counts bytes and can cut every connection
 *
 * jiujin-bench-sync puts it between `jiujinctl sync` and jiujin-county to see what a flaky
 * link costs: it forwards 127.0.0.1:PORT to the county's port byte for byte (TLS passes
 * through untouched, the certificate is for 127.0.0.1 whatever the port), counts what each
 * side sent, and when asked closes every live connection at a fixed interval, as a mobile
 * link that drops does.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BenchProxy BenchProxy;

/* Listens on 127.0.0.1 on a port chosen by the system and relays to 127.0.0.1:@upstream_port.
 * With @cut_interval_ms > 0 every live connection is shut down every @cut_interval_ms. */
BenchProxy *bench_proxy_new           (guint16      upstream_port,
                                       guint        cut_interval_ms,
                                       GError     **error);
/* Stops listening, cuts what is still open and waits for the relay threads. */
void        bench_proxy_free          (BenchProxy  *self);

guint16     bench_proxy_get_port      (BenchProxy  *self);

/* What the relay has counted so far. */
typedef struct
{
  guint64 up_bytes;     /* sent by the clients, toward the county */
  guint64 down_bytes;   /* sent by the county */
  guint   accepted;     /* connections accepted */
  guint   cut;          /* connections the relay cut */
} BenchProxyCounts;

void        bench_proxy_get_counts    (BenchProxy       *self,
                                       BenchProxyCounts *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchProxy, bench_proxy_free)

G_END_DECLS
