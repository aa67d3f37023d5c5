/* sportello-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-error.h"

G_DEFINE_QUARK (sportello-catalog-error-quark, sportello_catalog_error)
G_DEFINE_QUARK (sportello-store-error-quark, sportello_store_error)
