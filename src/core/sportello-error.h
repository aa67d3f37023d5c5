/* sportello-error.h: error domains of the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SPORTELLO_CATALOG_ERROR (sportello_catalog_error_quark ())
#define SPORTELLO_STORE_ERROR (sportello_store_error_quark ())

typedef enum
{
  SPORTELLO_CATALOG_ERROR_FAILED,
  SPORTELLO_CATALOG_ERROR_NOT_FOUND,   /* file or folder missing */
  SPORTELLO_CATALOG_ERROR_INVALID,     /* content is wrong: see the problems list */
} SportelloCatalogError;

typedef enum
{
  SPORTELLO_STORE_ERROR_FAILED,
  SPORTELLO_STORE_ERROR_UNAVAILABLE,   /* read-only, disk full, locked too long, I/O error */
  SPORTELLO_STORE_ERROR_NO_PLACE,      /* the slot or queue has no place left */
  SPORTELLO_STORE_ERROR_NOT_FOUND,     /* no such ticket, operator, ... */
  SPORTELLO_STORE_ERROR_INVALID,       /* bad argument: unknown service, closed day, past date */
  SPORTELLO_STORE_ERROR_TRANSITION,    /* state change not allowed from the current state */
  SPORTELLO_STORE_ERROR_LOCKED_OUT,    /* operator locked after too many wrong PINs */
  SPORTELLO_STORE_ERROR_DENIED,        /* wrong PIN, or undo by someone else / too late */
  SPORTELLO_STORE_ERROR_SCHEMA,        /* database made by a newer version */
} SportelloStoreError;

GQuark sportello_catalog_error_quark (void);
GQuark sportello_store_error_quark (void);

G_END_DECLS
