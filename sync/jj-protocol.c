/* jj-protocol.c — what terminal and county share of docs/sync-protocol.md
 *
 * Small codecs with no state: problem details, canonical JSON, the heartbeat header and tus
 * metadata. Both sides link them, so the fingerprint a terminal would compute and the one the
 * county stores can never drift apart.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <libsoup/soup.h>

#include "jj-protocol.h"

/* RFC 8941 section 3.3.1: integers have at most 15 digits. */
#define SF_INTEGER_MAX_DIGITS 15

JjProblem *
jj_problem_new (guint       status,
                const char *name,
                const char *title,
                const char *detail)
{
  JjProblem *problem = g_new0 (JjProblem, 1);

  problem->status = status;
  problem->name = g_strdup (name);
  problem->title = g_strdup (title);
  problem->detail = g_strdup (detail);
  problem->extra = json_object_new ();
  return problem;
}

void
jj_problem_free (JjProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->name);
  g_free (problem->title);
  g_free (problem->detail);
  g_clear_pointer (&problem->extra, json_object_unref);
  g_free (problem);
}

JsonNode *
jj_problem_to_node (JjProblem *problem)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = problem->name != NULL ? problem->name : "internal";
  g_autofree char *type = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  /* A name with a scheme is already a whole URI (e.g. "about:blank"). */
  if (strchr (name, ':') != NULL)
    type = g_strdup (name);
  else
    type = g_strconcat (JJ_PROBLEM_TYPE_PREFIX, name, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, problem->title != NULL ? problem->title : "");
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, problem->status);
  if (problem->detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, problem->detail);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  if (problem->extra != NULL)
    {
      JsonObject *object = json_node_get_object (node);

      json_object_iter_init (&iter, problem->extra);
      while (json_object_iter_next (&iter, &member, &value))
        {
          if (!json_object_has_member (object, member))
            json_object_set_member (object, member, json_node_copy (value));
        }
    }
  return g_steal_pointer (&node);
}

char *
jj_problem_to_string (JjProblem *problem)
{
  g_autoptr(JsonNode) node = jj_problem_to_node (problem);

  return json_to_string (node, FALSE);
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JjProblem *
jj_problem_from_object (JsonObject *object)
{
  JsonNode *status = json_object_get_member (object, "status");
  const char *type = object_get_string (object, "type");
  const char *name = type != NULL ? type : "about:blank";
  JjProblem *problem;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (g_str_has_prefix (name, JJ_PROBLEM_TYPE_PREFIX))
    name += strlen (JJ_PROBLEM_TYPE_PREFIX);

  problem = jj_problem_new (0, name, object_get_string (object, "title"),
                            object_get_string (object, "detail"));
  if (status != NULL && JSON_NODE_HOLDS_VALUE (status) &&
      json_node_get_value_type (status) == G_TYPE_INT64)
    {
      gint64 code = json_node_get_int (status);

      if (code >= 100 && code <= 999)
        problem->status = code;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (g_strcmp0 (member, "type") != 0 && g_strcmp0 (member, "title") != 0 &&
          g_strcmp0 (member, "status") != 0 && g_strcmp0 (member, "detail") != 0)
        json_object_set_member (problem->extra, member, json_node_copy (value));
    }
  return problem;
}

JjProblem *
jj_problem_parse (const char *body,
                  gsize       length,
                  GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root;

  if (body == NULL || length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The answer has no problem details"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, body, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The answer has no problem details"));
      return NULL;
    }

  /* RFC 9457 makes every member optional, but a document with none of them is no problem
   * document at all: more likely an unrelated answer from a proxy. */
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "type") && !json_object_has_member (object, "status") &&
      !json_object_has_member (object, "title"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The answer has no problem details"));
      return NULL;
    }
  return jj_problem_from_object (object);
}

/* RFC 8785 section 3.2.2.2: only the quote, the backslash and control characters are
 * escaped, the latter with the short forms where JSON has them. */
static void
append_canonical_string (GString    *out,
                         const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest decimal that reads back as the same double, as ECMAScript prints numbers;
 * integral values print without a fraction so that 5 and 5.0 have one canonical form. */
static void
append_canonical_double (GString *out,
                         double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

static int
compare_bytes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &member, &value))
          g_ptr_array_add (names, (gpointer) member);
        g_ptr_array_sort (names, compare_bytes);

        g_string_append_c (out, '{');
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);

            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical_string (out, name);
            g_string_append_c (out, ':');
            append_canonical (out, json_object_get_member (object, name));
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_canonical_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_canonical_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
    }
}

char *
jj_protocol_canonical_json (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  if (node != NULL)
    append_canonical (out, node);
  else
    g_string_append (out, "null");
  return g_string_free (out, FALSE);
}

char *
jj_protocol_fingerprint (JsonNode *node)
{
  g_autofree char *canonical = jj_protocol_canonical_json (node);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

void
jj_terminal_state_clear (JjTerminalState *state)
{
  g_clear_pointer (&state->app, g_free);
  g_clear_pointer (&state->catalog, g_free);
  state->queue = 0;
  state->oldest = 0;
  state->last_sync = 0;
  state->free_disk = 0;
}

/* An sf-string holds printable ASCII only; anything else becomes '?' rather than making the
 * whole header invalid, since the values are for people to read in `admin terminals`. */
static void
append_sf_string (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, c >= 0x20 && c < 0x7f ? c : '?');
    }
  g_string_append_c (out, '"');
}

static gint64
clamp_sf_integer (gint64 value)
{
  return CLAMP (value, -999999999999999, 999999999999999);
}

char *
jj_terminal_state_format (const JjTerminalState *state)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "queue=%" G_GINT64_FORMAT ", oldest=%" G_GINT64_FORMAT
                          ", last-sync=%" G_GINT64_FORMAT ", app=",
                          clamp_sf_integer (state->queue), clamp_sf_integer (state->oldest),
                          clamp_sf_integer (state->last_sync));
  append_sf_string (out, state->app);
  g_string_append (out, ", catalog=");
  append_sf_string (out, state->catalog);
  g_string_append_printf (out, ", free-disk=%" G_GINT64_FORMAT,
                          clamp_sf_integer (state->free_disk));
  return g_string_free (out, FALSE);
}

typedef enum
{
  SF_OTHER,
  SF_INTEGER,
  SF_STRING,
} SfType;

typedef struct
{
  SfType  type;
  gint64  integer;
  char   *string;
} SfItem;

static void
skip_sp (const char **p)
{
  while (**p == ' ')
    (*p)++;
}

static void
skip_ows (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

static char *
parse_sf_key (const char **p)
{
  const char *start = *p;

  if (!g_ascii_islower (**p) && **p != '*')
    return NULL;
  while (**p != '\0' &&
         (g_ascii_islower (**p) || g_ascii_isdigit (**p) || strchr ("_-.*", **p) != NULL))
    (*p)++;
  return g_strndup (start, *p - start);
}

/* RFC 8941 section 4.2.3.1 and following. Fills @item for integers and strings, the only types
 * the heartbeat uses; other bare items are parsed to be skipped. */
static gboolean
parse_sf_bare_item (const char **p,
                    SfItem      *item)
{
  const char *s = *p;

  item->type = SF_OTHER;
  if (*s == '-' || g_ascii_isdigit (*s))
    {
      gboolean negative = (*s == '-');
      gboolean decimal = FALSE;
      int digits = 0;
      gint64 value = 0;

      if (negative)
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      for (; g_ascii_isdigit (*s) || (*s == '.' && !decimal); s++)
        {
          if (*s == '.')
            {
              if (digits > 12)
                return FALSE;
              decimal = TRUE;
              continue;
            }
          if (++digits > SF_INTEGER_MAX_DIGITS)
            return FALSE;
          if (!decimal)
            value = value * 10 + (*s - '0');
        }
      if (decimal && s[-1] == '.')
        return FALSE;
      if (!decimal)
        {
          item->type = SF_INTEGER;
          item->integer = negative ? -value : value;
        }
      *p = s;
      return TRUE;
    }
  if (*s == '"')
    {
      GString *text = g_string_new (NULL);

      for (s++; *s != '"'; s++)
        {
          if (*s == '\\')
            {
              s++;
              if (*s != '"' && *s != '\\')
                {
                  g_string_free (text, TRUE);
                  return FALSE;
                }
            }
          if ((guchar) *s < 0x20 || (guchar) *s >= 0x7f)
            {
              g_string_free (text, TRUE);
              return FALSE;
            }
          g_string_append_c (text, *s);
        }
      item->type = SF_STRING;
      item->string = g_string_free (text, FALSE);
      *p = s + 1;
      return TRUE;
    }
  if (g_ascii_isalpha (*s) || *s == '*')
    {
      for (s++; *s != '\0' && (g_ascii_isalnum (*s) || strchr ("!#$%&'*+-.^_`|~:/", *s) != NULL);
           s++)
        ;
      *p = s;
      return TRUE;
    }
  if (*s == ':')
    {
      for (s++; *s != ':'; s++)
        {
          if (*s == '\0' || !(g_ascii_isalnum (*s) || *s == '+' || *s == '/' || *s == '='))
            return FALSE;
        }
      *p = s + 1;
      return TRUE;
    }
  if (*s == '?' && (s[1] == '0' || s[1] == '1'))
    {
      *p = s + 2;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_sf_parameters (const char **p)
{
  while (**p == ';')
    {
      g_autofree char *key = NULL;

      (*p)++;
      skip_sp (p);
      key = parse_sf_key (p);
      if (key == NULL)
        return FALSE;
      if (**p == '=')
        {
          SfItem item = { 0, };

          (*p)++;
          if (!parse_sf_bare_item (p, &item))
            return FALSE;
          g_free (item.string);
        }
    }
  return TRUE;
}

static gboolean
parse_sf_item_or_inner_list (const char **p,
                             SfItem      *item)
{
  if (**p == '(')
    {
      item->type = SF_OTHER;
      (*p)++;
      for (;;)
        {
          SfItem inner = { 0, };

          skip_sp (p);
          if (**p == ')')
            {
              (*p)++;
              break;
            }
          if (!parse_sf_bare_item (p, &inner))
            return FALSE;
          g_free (inner.string);
          if (!parse_sf_parameters (p))
            return FALSE;
          if (**p != ' ' && **p != ')')
            return FALSE;
        }
      return parse_sf_parameters (p);
    }
  if (!parse_sf_bare_item (p, item))
    return FALSE;
  return parse_sf_parameters (p);
}

static gboolean
apply_member (JjTerminalState *parsed,
              const char      *key,
              SfItem          *item)
{
  static const struct
  {
    const char *key;
    gsize       offset;
  } integers[] = {
    { "queue", G_STRUCT_OFFSET (JjTerminalState, queue) },
    { "oldest", G_STRUCT_OFFSET (JjTerminalState, oldest) },
    { "last-sync", G_STRUCT_OFFSET (JjTerminalState, last_sync) },
    { "free-disk", G_STRUCT_OFFSET (JjTerminalState, free_disk) },
  };
  char **string = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    {
      if (strcmp (key, integers[i].key) == 0)
        {
          if (item->type != SF_INTEGER)
            return FALSE;
          G_STRUCT_MEMBER (gint64, parsed, integers[i].offset) = item->integer;
          return TRUE;
        }
    }

  if (strcmp (key, "app") == 0)
    string = &parsed->app;
  else if (strcmp (key, "catalog") == 0)
    string = &parsed->catalog;
  else
    return TRUE;

  if (item->type != SF_STRING)
    return FALSE;
  g_free (*string);
  *string = g_steal_pointer (&item->string);
  return TRUE;
}

gboolean
jj_terminal_state_parse (const char      *value,
                         JjTerminalState *state)
{
  JjTerminalState parsed = { 0, };
  const char *p = value;

  if (value == NULL)
    return FALSE;

  skip_sp (&p);
  while (*p != '\0')
    {
      g_autofree char *key = parse_sf_key (&p);
      SfItem item = { SF_OTHER, 0, NULL };
      gboolean ok;

      if (key == NULL)
        goto invalid;
      if (*p == '=')
        {
          p++;
          ok = parse_sf_item_or_inner_list (&p, &item);
        }
      else
        ok = parse_sf_parameters (&p);  /* a bare key is the boolean true */

      ok = ok && apply_member (&parsed, key, &item);
      g_free (item.string);
      if (!ok)
        goto invalid;

      skip_ows (&p);
      if (*p == '\0')
        break;
      if (*p != ',')
        goto invalid;
      p++;
      skip_ows (&p);
      if (*p == '\0')
        goto invalid;  /* a trailing comma */
    }

  jj_terminal_state_clear (state);
  *state = parsed;
  return TRUE;

invalid:
  jj_terminal_state_clear (&parsed);
  return FALSE;
}

char *
jj_tus_metadata_format (const char *first_key,
                        ...)
{
  GString *out = g_string_new (NULL);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (out->len > 0)
        g_string_append (out, ",");
      g_string_append (out, key);
      if (value != NULL && *value != '\0')
        {
          g_autofree char *encoded = g_base64_encode ((const guchar *) value, strlen (value));

          g_string_append_printf (out, " %s", encoded);
        }
      key = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/* g_base64_decode() accepts anything; the metadata of a tus request must be real base64. */
static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < length - 2)
            return FALSE;
          padding++;
        }
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

GHashTable *
jj_tus_metadata_parse (const char *value)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (value == NULL)
    return NULL;

  pairs = g_strsplit (value, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *pair = g_strstrip (g_strdup (pairs[i]));
      char *space = strchr (pair, ' ');
      const char *encoded = space != NULL ? space + 1 : "";
      g_autofree guchar *decoded = NULL;
      gsize length = 0;

      if (*pair == '\0' && pairs[1] == NULL)
        break;  /* an empty header: no metadata at all */
      if (space != NULL)
        *space = '\0';
      if (*pair == '\0' || strchr (encoded, ' ') != NULL || !is_base64 (encoded) ||
          g_hash_table_contains (table, pair))
        return NULL;

      if (*encoded != '\0')
        decoded = g_base64_decode (encoded, &length);
      g_hash_table_insert (table, g_strdup (pair),
                           decoded != NULL ? g_strndup ((const char *) decoded, length)
                                           : g_strdup (""));
    }
  return g_steal_pointer (&table);
}

guint
jj_protocol_parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return seconds;
  if ((when = soup_date_time_new_from_http_string (value)) == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  return CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, G_MAXUINT);
}

/* libsoup 3.2 takes a response without Content-Length for one that ends when the connection
 * closes, also a 204 or 304, which never has a body: it then drops a good connection, and the
 * next request pays a new TLS handshake. Once the headers are in, say there is no body. */
static void
got_headers (SoupMessage *msg,
             gpointer     user_data)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    soup_message_headers_set_encoding (soup_message_get_response_headers (msg),
                                       SOUP_ENCODING_NONE);
}

void
jj_protocol_keep_alive (SoupMessage *msg)
{
  /* Every request of the protocol may be repeated safely (submissions by their keys, a tus
   * PATCH by its offset), so libsoup may reuse a kept-alive connection for POST and PATCH too
   * instead of a new TLS handshake. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), NULL);
}
