/* jj-county-validate.c — strict checks of request bodies against docs/sync-protocol.md
 *
 * The shapes are written down as tables of rules rather than code, so that each one can be
 * read against the protocol's list of members.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-county-validate.h"

typedef enum
{
  KIND_STRING,
  KIND_INTEGER,
  KIND_OBJECT,
  KIND_ARRAY,
  KIND_ANY,
} Kind;

enum
{
  REQUIRED = 1 << 0,
  NON_EMPTY = 1 << 1,   /* strings and arrays */
};

/* A check of a value already of the right kind: NULL when fine, else why not. */
typedef const char *(*ValueCheck) (JsonNode *node);

typedef struct _Rule Rule;
struct _Rule
{
  const char *name;       /* NULL ends a list of members */
  Kind        kind;
  guint       flags;
  ValueCheck  check;
  const Rule *members;    /* KIND_OBJECT: its members (NULL: any); KIND_ARRAY: the element */
};

static gboolean
all_chars (const char *text,
           gsize       length,
           const char *pattern)
{
  /* @pattern has one character class per position: x a hex digit, 9 a decimal digit,
   * anything else itself. */
  if (strlen (text) != length || strlen (pattern) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gboolean ok;

      switch (pattern[i])
        {
        case 'x':
          ok = g_ascii_isxdigit (c);
          break;
        case '9':
          ok = g_ascii_isdigit (c);
          break;
        default:
          ok = c == pattern[i];
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static const char *
check_uuid (JsonNode *node)
{
  if (!all_chars (json_node_get_string (node), 36, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"))
    return _("expected a UUID");
  return NULL;
}

static const char *
check_time (JsonNode *node)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

  if (time == NULL || strchr (json_node_get_string (node), 'T') == NULL)
    return _("expected an RFC 3339 time with its offset, e.g. 2026-11-29T08:30:00Z");
  return NULL;
}

static gboolean
valid_date (const char *text)
{
  guint64 year, month, day;

  if (!all_chars (text, 10, "9999-99-99"))
    return FALSE;
  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  return g_date_valid_dmy (day, month, year);
}

static const char *
check_date (JsonNode *node)
{
  if (!valid_date (json_node_get_string (node)))
    return _("expected a date YYYY-MM-DD");
  return NULL;
}

static const char *
check_local_time (JsonNode *node)
{
  const char *text = json_node_get_string (node);
  g_autofree char *date = g_strndup (text, 10);

  if (!all_chars (text, 16, "9999-99-99T99:99") || !valid_date (date) ||
      g_ascii_strtoull (text + 11, NULL, 10) > 23 || g_ascii_strtoull (text + 14, NULL, 10) > 59)
    return _("expected a local time YYYY-MM-DDTHH:MM");
  return NULL;
}

static const char *
check_sha256 (JsonNode *node)
{
  const char *text = json_node_get_string (node);

  if (!all_chars (text, 64, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))
    return _("expected the lower-case hex SHA-256 of a scan");
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return _("expected the lower-case hex SHA-256 of a scan");
  return NULL;
}

static const char *
check_terminal_code (JsonNode *node)
{
  const char *text = json_node_get_string (node);
  gsize length = strlen (text);

  if (length < 2 || length > 12)
    return _("expected a terminal code of 2 to 12 capital letters and digits");
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return _("expected a terminal code of 2 to 12 capital letters and digits");
  return NULL;
}

static const char *
check_agent_kind (JsonNode *node)
{
  static const char * const kinds[] = { "none", "clerk", "agent", NULL };

  if (!g_strv_contains (kinds, json_node_get_string (node)))
    return _("expected \"none\", \"clerk\" or \"agent\"");
  return NULL;
}

static const char *
check_material_status (JsonNode *node)
{
  static const char * const states[] = { "received", "missing", "pending", NULL };

  if (!g_strv_contains (states, json_node_get_string (node)))
    return _("expected \"received\", \"missing\" or \"pending\"");
  return NULL;
}

static const char *
check_not_negative (JsonNode *node)
{
  if (json_node_get_int (node) < 0)
    return _("expected a number of 0 or more");
  return NULL;
}

static const char *
check_revision (JsonNode *node)
{
  if (json_node_get_int (node) < 2)
    return _("expected a revision number of 2 or more (the first revision has none)");
  return NULL;
}

static const char *
check_score (JsonNode *node)
{
  gint64 score = json_node_get_int (node);

  if (score < 1 || score > 5)
    return _("expected a score from 1 to 5");
  return NULL;
}

static const Rule matter_code = { NULL, KIND_STRING, NON_EMPTY, NULL, NULL };

static const Rule applicant_members[] = {
  { "name", KIND_STRING, REQUIRED | NON_EMPTY, NULL, NULL },
  { "id_number", KIND_STRING, 0, NULL, NULL },
  { "phone", KIND_STRING, 0, NULL, NULL },
  { "address", KIND_STRING, 0, NULL, NULL },
  { NULL }
};

static const Rule agent_members[] = {
  { "kind", KIND_STRING, REQUIRED, check_agent_kind, NULL },
  { "name", KIND_STRING, 0, NULL, NULL },
  { "id_number", KIND_STRING, 0, NULL, NULL },
  { "relationship", KIND_STRING, 0, NULL, NULL },
  { NULL }
};

static const Rule material_members[] = {
  { "matter", KIND_STRING, REQUIRED | NON_EMPTY, NULL, NULL },
  { "index", KIND_INTEGER, REQUIRED, check_not_negative, NULL },
  { "status", KIND_STRING, REQUIRED, check_material_status, NULL },
  { NULL }
};
static const Rule material = { NULL, KIND_OBJECT, 0, NULL, material_members };

static const Rule attachment_members[] = {
  { "sha256", KIND_STRING, REQUIRED, check_sha256, NULL },
  { "filename", KIND_STRING, 0, NULL, NULL },
  { "material", KIND_INTEGER, 0, check_not_negative, NULL },
  { NULL }
};
static const Rule attachment = { NULL, KIND_OBJECT, 0, NULL, attachment_members };

static const Rule submission_members[] = {
  { "idempotency_key", KIND_STRING, REQUIRED, check_uuid, NULL },
  { "terminal", KIND_STRING, REQUIRED, check_terminal_code, NULL },
  { "receipt_number", KIND_STRING, REQUIRED | NON_EMPTY, NULL, NULL },
  { "submitted_at", KIND_STRING, REQUIRED, check_time, NULL },
  { "promised_date", KIND_STRING, 0, check_date, NULL },
  { "matters", KIND_ARRAY, REQUIRED | NON_EMPTY, NULL, &matter_code },
  { "bundle", KIND_STRING, NON_EMPTY, NULL, NULL },
  { "applicant", KIND_OBJECT, REQUIRED, NULL, applicant_members },
  { "agent", KIND_OBJECT, 0, NULL, agent_members },
  { "appointment", KIND_STRING, 0, check_local_time, NULL },
  { "values", KIND_OBJECT, 0, NULL, NULL },
  { "materials", KIND_ARRAY, 0, NULL, &material },
  { "attachments", KIND_ARRAY, 0, NULL, &attachment },
  { "revision", KIND_INTEGER, 0, check_revision, NULL },
  { "supersedes", KIND_STRING, 0, check_uuid, NULL },
  { NULL }
};
static const Rule submission = { NULL, KIND_OBJECT, 0, NULL, submission_members };

static const Rule evaluation_members[] = {
  { "idempotency_key", KIND_STRING, REQUIRED, check_uuid, NULL },
  { "case_number", KIND_STRING, NON_EMPTY, NULL, NULL },
  { "receipt_number", KIND_STRING, REQUIRED | NON_EMPTY, NULL, NULL },
  { "score", KIND_INTEGER, REQUIRED, check_score, NULL },
  { "comment", KIND_STRING, 0, NULL, NULL },
  { "at", KIND_STRING, REQUIRED, check_time, NULL },
  { NULL }
};
static const Rule evaluation = { NULL, KIND_OBJECT, 0, NULL, evaluation_members };

static const Rule enrollment_members[] = {
  { "code", KIND_STRING, REQUIRED | NON_EMPTY, NULL, NULL },
  { "app", KIND_STRING, 0, NULL, NULL },
  { "hostname", KIND_STRING, 0, NULL, NULL },
  { NULL }
};
static const Rule enrollment = { NULL, KIND_OBJECT, 0, NULL, enrollment_members };

static const Rule empty_members[] = { { NULL } };
static const Rule empty = { NULL, KIND_OBJECT, 0, NULL, empty_members };

static const char *
describe (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("a string");
        case G_TYPE_BOOLEAN:
          return _("true or false");
        case G_TYPE_INT64:
          return _("an integer");
        default:
          return _("a number");
        }
    }
}

static gboolean
is_kind (JsonNode *node,
         Kind      kind)
{
  switch (kind)
    {
    case KIND_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case KIND_INTEGER:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case KIND_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KIND_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case KIND_ANY:
    default:
      return TRUE;
    }
}

static const char *
kind_name (Kind kind)
{
  switch (kind)
    {
    case KIND_STRING:
      return _("a string");
    case KIND_INTEGER:
      return _("an integer");
    case KIND_OBJECT:
      return _("an object");
    case KIND_ARRAY:
      return _("an array");
    case KIND_ANY:
    default:
      return _("a value");
    }
}

static gboolean check_node (JsonNode *node, const Rule *rule, const char *path, char **message);

/* Paths start at the body's members: "items[3].applicant", not "body.items[3].applicant". */
static char *
member_path (const char *path,
             const char *name)
{
  if (*path == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s.%s", path, name);
}

static const char *
shown_path (const char *path)
{
  return *path != '\0' ? path : _("the body");
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
check_members (JsonObject *object,
               const Rule *members,
               const char *path,
               char      **message)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const Rule *rule = members;

      while (rule->name != NULL && strcmp (rule->name, name) != 0)
        rule++;
      if (rule->name == NULL)
        {
          g_autofree char *child = member_path (path, name);

          *message = g_strdup_printf (_("%s: not a member the protocol defines"), child);
          return FALSE;
        }
    }

  for (const Rule *rule = members; rule->name != NULL; rule++)
    {
      g_autofree char *child = member_path (path, rule->name);
      JsonNode *node = json_object_get_member (object, rule->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (rule->flags & REQUIRED)
            {
              *message = g_strdup_printf (_("%s: missing"), child);
              return FALSE;
            }
          continue;
        }
      if (!check_node (node, rule, child, message))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_node (JsonNode   *node,
            const Rule *rule,
            const char *path,
            char      **message)
{
  const char *why;

  if (!is_kind (node, rule->kind))
    {
      *message = g_strdup_printf (_("%s: expected %s, got %s"), shown_path (path),
                                  kind_name (rule->kind), describe (node));
      return FALSE;
    }

  if ((rule->flags & NON_EMPTY) &&
      ((rule->kind == KIND_STRING && is_blank (json_node_get_string (node))) ||
       (rule->kind == KIND_ARRAY && json_array_get_length (json_node_get_array (node)) == 0)))
    {
      *message = g_strdup_printf (_("%s: must not be empty"), path);
      return FALSE;
    }

  if (rule->check != NULL && (why = rule->check (node)) != NULL)
    {
      *message = g_strdup_printf ("%s: %s", path, why);
      return FALSE;
    }

  if (rule->kind == KIND_OBJECT && rule->members != NULL)
    return check_members (json_node_get_object (node), rule->members, path, message);

  if (rule->kind == KIND_ARRAY && rule->members != NULL)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          if (!check_node (json_array_get_element (array, i), rule->members, child, message))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
has_value (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

gboolean
jj_county_check_submission (JsonNode    *item,
                            const char  *path,
                            char       **message)
{
  JsonObject *object;
  JsonObject *agent;
  JsonArray *attachments, *materials;

  if (!check_node (item, &submission, path, message))
    return FALSE;

  /* A revision names both its number and the key it replaces, or it is a first revision. */
  object = json_node_get_object (item);
  if (has_value (object, "revision") != has_value (object, "supersedes"))
    {
      *message = g_strdup_printf (_("%s.%s: missing: a revision carries both \"revision\" "
                                    "and \"supersedes\""),
                                  path, has_value (object, "revision") ? "supersedes" : "revision");
      return FALSE;
    }
  if (has_value (object, "supersedes") &&
      g_ascii_strcasecmp (json_object_get_string_member (object, "supersedes"),
                          json_object_get_string_member (object, "idempotency_key")) == 0)
    {
      *message = g_strdup_printf (_("%s.supersedes: a revision cannot supersede itself"), path);
      return FALSE;
    }

  /* What the table cannot say: an agent (帮代办 by someone else) must be named, and an
   * attachment's material must be one of the listed materials. */
  agent = json_object_get_object_member (json_node_get_object (item), "agent");
  if (agent != NULL && g_strcmp0 (json_object_get_string_member (agent, "kind"), "agent") == 0 &&
      (!json_object_has_member (agent, "name") ||
       json_node_get_value_type (json_object_get_member (agent, "name")) != G_TYPE_STRING ||
       *json_object_get_string_member (agent, "name") == '\0'))
    {
      *message = g_strdup_printf (_("%s.agent.name: an agent of kind \"agent\" needs a name"),
                                  path);
      return FALSE;
    }

  attachments = json_object_get_array_member (json_node_get_object (item), "attachments");
  materials = json_object_get_array_member (json_node_get_object (item), "materials");
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *scan = json_array_get_object_element (attachments, i);
      JsonNode *position = json_object_get_member (scan, "material");

      if (position != NULL && !JSON_NODE_HOLDS_NULL (position) &&
          (materials == NULL || json_node_get_int (position) >= json_array_get_length (materials)))
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     json_node_get_int (position));

          *message = g_strdup_printf (_("%s.attachments[%u].material: there is no material %s"),
                                      path, i, number);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
jj_county_check_evaluation (JsonNode    *item,
                            const char  *path,
                            char       **message)
{
  return check_node (item, &evaluation, path, message);
}

gboolean
jj_county_check_enrollment (JsonNode  *body,
                            char     **message)
{
  return check_node (body, &enrollment, "", message);
}

gboolean
jj_county_check_empty (JsonNode  *body,
                       char     **message)
{
  return check_node (body, &empty, "", message);
}

JsonArray *
jj_county_check_batch (JsonNode  *body,
                       char     **message)
{
  static const Rule object_element = { NULL, KIND_OBJECT, 0, NULL, NULL };
  static const Rule batch_members[] = {
    { "items", KIND_ARRAY, REQUIRED, NULL, &object_element },
    { NULL }
  };
  static const Rule batch = { NULL, KIND_OBJECT, 0, NULL, batch_members };

  if (!check_node (body, &batch, "", message))
    return NULL;
  return json_object_get_array_member (json_node_get_object (body), "items");
}
