/* bench-proxy.c — a TCP relay on loopback that counts bytes and can cut every connection
 *
 * A GThreadedSocketService accepts in a thread of its own (with its own main context, so
 * that the benchmark's main thread may block); each accepted connection is relayed by two
 * blocking loops, one per direction. Cutting shuts both sockets of every live relay down:
 * the blocked reads return and the relay ends, and both peers see their connection close.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bench-proxy.h"

#define BUFFER_BYTES (64 * 1024)
#define MAX_RELAYS   64

typedef struct
{
  BenchProxy *proxy;
  GSocket    *client;
  GSocket    *county;
} Relay;

struct _BenchProxy
{
  GSocketService *service;
  GMainContext   *context;
  GMainLoop      *loop;
  GThread        *accept_thread;
  GThread        *cut_thread;
  guint16         port;
  guint16         upstream_port;
  guint           cut_interval_ms;

  GMutex          lock;
  GCond           cond;
  gboolean        stopping;
  GPtrArray      *relays;
  guint           active;
  guint64         up_bytes;
  guint64         down_bytes;
  guint           accepted;
  guint           cut;
};

static void
cut_relay (Relay *relay)
{
  g_socket_shutdown (relay->client, TRUE, TRUE, NULL);
  g_socket_shutdown (relay->county, TRUE, TRUE, NULL);
}

/* Copies until either side closes or the relay is cut. */
static void
pump (BenchProxy *self,
      GSocket    *from,
      GSocket    *to,
      guint64    *counter)
{
  g_autofree char *buffer = g_malloc (BUFFER_BYTES);

  for (;;)
    {
      gssize n = g_socket_receive (from, buffer, BUFFER_BYTES, NULL, NULL);
      gssize sent = 0;

      if (n <= 0)
        return;
      while (sent < n)
        {
          gssize written = g_socket_send (to, buffer + sent, n - sent, NULL, NULL);

          if (written <= 0)
            return;
          sent += written;
        }
      g_mutex_lock (&self->lock);
      *counter += n;
      g_mutex_unlock (&self->lock);
    }
}

static gpointer
pump_down (gpointer data)
{
  Relay *relay = data;

  pump (relay->proxy, relay->county, relay->client, &relay->proxy->down_bytes);
  cut_relay (relay);
  return NULL;
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  BenchProxy *self = user_data;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GThread) down = NULL;
  Relay relay = { self, g_socket_connection_get_socket (connection), NULL };

  upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", self->upstream_port, NULL,
                                              NULL);
  if (upstream == NULL)
    return TRUE;
  relay.county = g_socket_connection_get_socket (upstream);
  g_socket_set_blocking (relay.client, TRUE);
  g_socket_set_blocking (relay.county, TRUE);

  g_mutex_lock (&self->lock);
  self->accepted++;
  if (self->stopping)
    cut_relay (&relay);
  g_ptr_array_add (self->relays, &relay);
  self->active++;
  g_mutex_unlock (&self->lock);

  down = g_thread_new ("proxy-down", pump_down, &relay);
  pump (self, relay.client, relay.county, &self->up_bytes);
  cut_relay (&relay);
  g_thread_join (g_steal_pointer (&down));

  g_mutex_lock (&self->lock);
  g_ptr_array_remove_fast (self->relays, &relay);
  self->active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
accept_thread (gpointer data)
{
  BenchProxy *self = data;

  g_main_context_push_thread_default (self->context);
  g_socket_service_start (self->service);
  g_main_loop_run (self->loop);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gpointer
cut_thread (gpointer data)
{
  BenchProxy *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 until = g_get_monotonic_time () + self->cut_interval_ms * G_TIME_SPAN_MILLISECOND;

      while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, until))
        ;
      if (self->stopping)
        break;
      for (guint i = 0; i < self->relays->len; i++)
        cut_relay (g_ptr_array_index (self->relays, i));
      self->cut += self->relays->len;
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

BenchProxy *
bench_proxy_new (guint16   upstream_port,
                 guint     cut_interval_ms,
                 GError  **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  BenchProxy *self = g_new0 (BenchProxy, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->relays = g_ptr_array_new ();
  self->upstream_port = upstream_port;
  self->cut_interval_ms = cut_interval_ms;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  /* Not active yet: accepting starts in the accept thread, on its context. */
  self->service = g_object_new (G_TYPE_THREADED_SOCKET_SERVICE, "max-threads", MAX_RELAYS,
                                "active", FALSE, NULL);
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      bench_proxy_free (self);
      return NULL;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->accept_thread = g_thread_new ("proxy-accept", accept_thread, self);
  if (cut_interval_ms > 0)
    self->cut_thread = g_thread_new ("proxy-cut", cut_thread, self);
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bench_proxy_free (BenchProxy *self)
{
  if (self == NULL)
    return;

  if (self->accept_thread != NULL)
    {
      g_main_context_invoke (self->context, quit_loop, self->loop);
      g_thread_join (self->accept_thread);
    }

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  for (guint i = 0; i < self->relays->len; i++)
    cut_relay (g_ptr_array_index (self->relays, i));
  g_cond_broadcast (&self->cond);
  while (self->active > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->cut_thread != NULL)
    g_thread_join (self->cut_thread);

  g_clear_object (&self->service);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->relays);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
bench_proxy_get_port (BenchProxy *self)
{
  return self->port;
}

void
bench_proxy_get_counts (BenchProxy       *self,
                        BenchProxyCounts *counts)
{
  g_mutex_lock (&self->lock);
  counts->up_bytes = self->up_bytes;
  counts->down_bytes = self->down_bytes;
  counts->accepted = self->accepted;
  counts->cut = self->cut;
  g_mutex_unlock (&self->lock);
}
