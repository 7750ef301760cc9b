/* jiujin-county.c — the reference county server of docs/sync-protocol.md, and its admin
 *
 *   jiujin-county serve --data-dir DIR --listen ADDR:PORT --tls-cert FILE --tls-key FILE
 *                       [--port-file FILE] [--case-prefix PREFIX] [--quiet-after DURATION]
 *                       [--demo]
 *   jiujin-county admin --data-dir DIR COMMAND …
 *
 * docs/jiujin-county.md describes both.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "jj-county-admin.h"
#include "jj-county-server.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

static char *opt_data_dir;
static char *opt_listen;
static char *opt_tls_cert;
static char *opt_tls_key;
static char *opt_port_file;
static char *opt_case_prefix;
static char *opt_quiet_after;
static gboolean opt_demo;

static const GOptionEntry serve_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Keep county.db and the attachments in DIR"), N_("DIR") },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen,
    N_("Listen on this address and port (port 0: any free one; default 127.0.0.1:8443)"),
    N_("ADDR:PORT") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert,
    N_("The server's certificate chain (PEM)"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key,
    N_("The certificate's private key (PEM)"), N_("FILE") },
  { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_port_file,
    N_("Write the port in use to FILE once listening"), N_("FILE") },
  { "case-prefix", 0, 0, G_OPTION_ARG_STRING, &opt_case_prefix,
    N_("Case numbers start with PREFIX and the year (default JX: JX2026-000123)"),
    N_("PREFIX") },
  { "quiet-after", 0, 0, G_OPTION_ARG_STRING, &opt_quiet_after,
    N_("Count terminals not seen for this long as quiet in /metrics (default 24h)"),
    N_("DURATION") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo,
    N_("Accept received cases after 5 s and complete them after 20 s (one in ten is "
       "returned), for demonstrations"),
    NULL },
  { NULL }
};

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* TLS handshakes run in GLib's worker threads, which touch GnuTLS's thread-local data. The
 * LeakSanitizer of GCC 12 crashes reading such a thread's dynamic TLS at exit, so under ASan
 * the server lets them go idle (GLib parks a worker after half a second), ends them, and gives
 * them time to be gone. */
static void
stop_idle_threads (void)
{
#ifdef __SANITIZE_ADDRESS__
  g_usleep (G_USEC_PER_SEC * 6 / 10);
#endif
  g_thread_pool_set_max_unused_threads (0);
  g_thread_pool_stop_unused_threads ();
#ifdef __SANITIZE_ADDRESS__
  g_usleep (G_USEC_PER_SEC / 5);
#endif
}

/* "127.0.0.1:8443", "[::1]:0", "localhost:8443". */
static GSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = g_network_address_parse (text, 8443, error);
  g_autoptr(GInetAddress) address = NULL;
  GNetworkAddress *network;

  if (connectable == NULL)
    return NULL;
  network = G_NETWORK_ADDRESS (connectable);
  address = g_inet_address_new_from_string (g_network_address_get_hostname (network));
  if (address == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      GList *addresses = g_resolver_lookup_by_name (resolver,
                                                    g_network_address_get_hostname (network),
                                                    NULL, error);

      if (addresses == NULL)
        return NULL;
      address = g_object_ref (addresses->data);
      g_resolver_free_addresses (addresses);
    }
  return g_inet_socket_address_new (address, g_network_address_get_port (network));
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the sync protocol over "
                                                              "HTTPS"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(JjCountyServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GInetAddress) host = NULL;
  g_autofree char *host_text = NULL;
  JjCountyServerOptions options = { 0, };
  guint16 port = 0;
  guint sigterm, sigint;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, serve_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return jj_county_fail (EXIT_USAGE, "%s", error->message);
  if (argc != 1)
    return jj_county_fail (EXIT_USAGE, _("“serve” takes no arguments."));
  if (opt_data_dir == NULL || opt_tls_cert == NULL || opt_tls_key == NULL)
    return jj_county_fail (EXIT_USAGE, _("serve needs --data-dir, --tls-cert and --tls-key."));
  if (opt_quiet_after != NULL && !jj_county_parse_duration (opt_quiet_after, &options.quiet_after))
    return jj_county_fail (EXIT_USAGE,
                           _("--quiet-after wants a duration such as 24h, 90m or 2d."));

  certificate = g_tls_certificate_new_from_files (opt_tls_cert, opt_tls_key, &error);
  if (certificate == NULL)
    return jj_county_fail (EXIT_FAILED, _("Cannot use the certificate %s with the key %s: %s"),
                           opt_tls_cert, opt_tls_key, error->message);
  if (opt_listen == NULL)
    opt_listen = g_strdup ("127.0.0.1:8443");
  if ((address = parse_listen (opt_listen, &error)) == NULL)
    return jj_county_fail (EXIT_USAGE, _("Cannot listen on %s: %s"), opt_listen, error->message);

  options.data_dir = opt_data_dir;
  options.certificate = certificate;
  options.case_prefix = opt_case_prefix;
  options.demo = opt_demo;
  if ((server = jj_county_server_new (&options, &error)) == NULL)
    return jj_county_fail (EXIT_FAILED, "%s", error->message);
  if (!jj_county_server_listen (server, address, &port, &error))
    return jj_county_fail (EXIT_FAILED, _("Cannot listen on %s: %s"), opt_listen, error->message);

  if (opt_port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", port);

      /* g_file_set_contents() writes a temporary file and renames it: a reader never sees
       * half a number. */
      if (!g_file_set_contents (opt_port_file, text, -1, &error))
        return jj_county_fail (EXIT_FAILED, "%s", error->message);
    }

  host = g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  host_text = g_inet_address_to_string (host);
  if (g_inet_address_get_family (host) == G_SOCKET_FAMILY_IPV6)
    g_print ("listening on https://[%s]:%u/\n", host_text, port);
  else
    g_print ("listening on https://%s:%u/\n", host_text, port);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigterm = g_unix_signal_add (SIGTERM, quit, loop);
  sigint = g_unix_signal_add (SIGINT, quit, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_clear_pointer (&server, jj_county_server_free);
  stop_idle_threads ();
  return EXIT_OK;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage:\n"
                             "  jiujin-county serve --data-dir DIR --listen ADDR:PORT "
                             "--tls-cert FILE --tls-key FILE [--port-file FILE] [--demo]\n"
                             "  jiujin-county admin --data-dir DIR COMMAND …\n"
                             "\n"
                             "“jiujin-county serve --help” and “jiujin-county admin --help” "
                             "say more."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* JIUJIN_LOCALEDIR lets uninstalled runs and tests use the catalogs built in the build dir. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("JIUJIN_LOCALEDIR") != NULL
                                     ? g_getenv ("JIUJIN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* A client that goes away mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("jiujin-county %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    {
      g_set_prgname ("jiujin-county serve");
      return cmd_serve (argc - 1, argv + 1);
    }
  if (argc >= 2 && g_str_equal (argv[1], "admin"))
    return jj_county_admin_main (argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  print_usage (stderr);
  return EXIT_USAGE;
}
