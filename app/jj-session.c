/* jj-session.c — roles, the permission matrix and logged-in sessions
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-audit-private.h"
#include "jj-operators-private.h"
#include "jj-store-private.h"

struct _JjSession
{
  gint64  operator_id;
  char   *login;
  char   *display_name;
  JjRole  role;
  gint64  logged_in_at;
};

G_DEFINE_BOXED_TYPE (JjSession, jj_session, jj_session_ref, jj_session_unref)

static const char * const role_names[] = {
  [JJ_ROLE_CLERK] = "clerk",
  [JJ_ROLE_REVIEWER] = "reviewer",
  [JJ_ROLE_TECHNICIAN] = "technician",
};

#define BIT(p) (1u << (p))

/* The permission matrix, one bit per JjPermission. Technicians keep the terminal running but
 * never see an unmasked ID number. */
static const guint role_permissions[] = {
  [JJ_ROLE_CLERK] = BIT (JJ_PERMISSION_INTAKE) | BIT (JJ_PERMISSION_VIEW_APPLICATIONS) |
                    BIT (JJ_PERMISSION_QUEUE_VIEW) | BIT (JJ_PERMISSION_QUEUE_RETRY),
  [JJ_ROLE_REVIEWER] = BIT (JJ_PERMISSION_VIEW_APPLICATIONS) | BIT (JJ_PERMISSION_REVEAL_ID) |
                       BIT (JJ_PERMISSION_QUEUE_VIEW) | BIT (JJ_PERMISSION_QUEUE_RETRY) |
                       BIT (JJ_PERMISSION_QUEUE_HOLD) | BIT (JJ_PERMISSION_STATISTICS),
  [JJ_ROLE_TECHNICIAN] = BIT (JJ_PERMISSION_VIEW_APPLICATIONS) | BIT (JJ_PERMISSION_QUEUE_VIEW) |
                         BIT (JJ_PERMISSION_QUEUE_RETRY) | BIT (JJ_PERMISSION_STATISTICS) |
                         BIT (JJ_PERMISSION_AUDIT) | BIT (JJ_PERMISSION_MANAGE_OPERATORS) |
                         BIT (JJ_PERMISSION_SETTINGS),
};

const char *
jj_role_to_string (JjRole role)
{
  g_return_val_if_fail (role <= JJ_ROLE_TECHNICIAN, NULL);

  return role_names[role];
}

gboolean
jj_role_from_string (const char *name,
                     JjRole     *role)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (name, role_names[i]))
      {
        *role = (JjRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
jj_role_get_display_name (JjRole role)
{
  switch (role)
    {
    case JJ_ROLE_CLERK:
      /* Translators: the role of a village or community clerk who takes applications */
      return _("Village clerk");
    case JJ_ROLE_REVIEWER:
      /* Translators: the role of the township staff who review what villages send */
      return _("Township reviewer");
    case JJ_ROLE_TECHNICIAN:
      /* Translators: the role that manages operators, settings and the audit log */
      return _("Technician");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
jj_role_can (JjRole       role,
             JjPermission permission)
{
  g_return_val_if_fail (role <= JJ_ROLE_TECHNICIAN, FALSE);
  g_return_val_if_fail (permission <= JJ_PERMISSION_SETTINGS, FALSE);

  return (role_permissions[role] & BIT (permission)) != 0;
}

static void
session_clear (JjSession *session)
{
  g_free (session->login);
  g_free (session->display_name);
}

JjSession *
jj_operators_session_new (const JjOperator *op,
                          gint64            now)
{
  JjSession *session = g_atomic_rc_box_new0 (JjSession);

  session->operator_id = op->id;
  session->login = g_strdup (op->login);
  session->display_name = g_strdup (op->display_name);
  session->role = op->role;
  session->logged_in_at = now;
  return session;
}

JjSession *
jj_session_ref (JjSession *session)
{
  return g_atomic_rc_box_acquire (session);
}

void
jj_session_unref (JjSession *session)
{
  g_atomic_rc_box_release_full (session, (GDestroyNotify) session_clear);
}

gint64
jj_session_get_operator_id (JjSession *session)
{
  return session->operator_id;
}

const char *
jj_session_get_login (JjSession *session)
{
  return session->login;
}

const char *
jj_session_get_display_name (JjSession *session)
{
  return session->display_name;
}

JjRole
jj_session_get_role (JjSession *session)
{
  return session->role;
}

gint64
jj_session_get_logged_in_at (JjSession *session)
{
  return session->logged_in_at;
}

gboolean
jj_session_can (JjSession    *session,
                JjPermission  permission)
{
  return session != NULL && jj_role_can (session->role, permission);
}

/* Guards every store's current session. Not the store's lock: the UI thread sets the session,
 * and must not wait for a worker's long transaction to do so. */
static GMutex current_lock;

static GQuark
current_session_quark (void)
{
  return g_quark_from_static_string ("jj-operators-current-session");
}

void
jj_operators_set_current (JjStore   *store,
                          JjSession *session)
{
  g_return_if_fail (JJ_IS_STORE (store));

  g_mutex_lock (&current_lock);
  g_object_set_qdata_full (G_OBJECT (store), current_session_quark (),
                           session != NULL ? jj_session_ref (session) : NULL,
                           (GDestroyNotify) jj_session_unref);
  g_mutex_unlock (&current_lock);
}

void
jj_operators_clear_current_if (JjStore   *store,
                               JjSession *session)
{
  g_mutex_lock (&current_lock);
  if (g_object_get_qdata (G_OBJECT (store), current_session_quark ()) == session)
    g_object_set_qdata (G_OBJECT (store), current_session_quark (), NULL);
  g_mutex_unlock (&current_lock);
}

JjSession *
jj_operators_get_current (JjStore *store)
{
  JjSession *session;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  g_mutex_lock (&current_lock);
  session = g_object_get_qdata (G_OBJECT (store), current_session_quark ());
  if (session != NULL)
    jj_session_ref (session);
  g_mutex_unlock (&current_lock);
  return session;
}

JjSession *
jj_operators_resolve_session (JjStore   *store,
                              JjSession *session)
{
  return session != NULL ? jj_session_ref (session) : jj_operators_get_current (store);
}

gboolean
jj_operators_require (JjStore       *store,
                      JjSession     *session,
                      JjPermission   permission,
                      const char    *action,
                      const char    *subject,
                      GError       **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) audit_error = NULL;

  if (jj_session_can (acting, permission))
    return TRUE;

  detail = json_object_new ();
  json_object_set_string_member (detail, "outcome", "refused");
  if (jj_audit_append_object (store, acting, action, subject, detail, &audit_error) == 0)
    g_warning ("Could not record a refused action: %s", audit_error->message);

  if (acting == NULL)
    g_set_error_literal (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN,
                         _("Log in first."));
  else
    /* Translators: %s is a role, e.g. “Village clerk” */
    g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN,
                 _("The role “%s” does not allow this."),
                 jj_role_get_display_name (jj_session_get_role (acting)));
  return FALSE;
}
