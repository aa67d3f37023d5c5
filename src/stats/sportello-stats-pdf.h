/* sportello-stats-pdf.h: the printable report (cairo PDF surface)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-stats-chart.h"

G_BEGIN_DECLS

/* Cover (desk, period, date of generation, total), one page per chart, the
 * table of figures, and "Method and privacy".  generated may be NULL (now).
 * Errors: G_IO_ERROR when the file cannot be written. */
gboolean sportello_stats_pdf_write (const SportelloStatsReport *report,
                                    SportelloStatsNames        *names,
                                    GDateTime                  *generated,
                                    const char                 *path,
                                    GError                    **error);

/* "March 2026", "Week of 2 March 2026", "2 March 2026", or "2026-03-02 – 2026-03-09". */
char    *sportello_stats_format_period (const GDate *from,
                                        const GDate *to);

G_END_DECLS
