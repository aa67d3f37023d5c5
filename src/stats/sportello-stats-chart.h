/* sportello-stats-chart.h: the charts of the statistics window, drawn with
 * cairo so the window and the PDF report share one drawing code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "sportello.h"
#include "sportello-stats-report.h"

G_BEGIN_DECLS

/* How keys read: languages by endonym, services and topics by their
 * translated titles, and the opening hours the heatmap spans. */
typedef struct _SportelloStatsNames SportelloStatsNames;

/* catalog and desk may be NULL: keys are then shown as they are stored and
 * the heatmap spans the hours that hold data. */
SportelloStatsNames *sportello_stats_names_new  (SportelloCatalog *catalog,
                                                 SportelloDesk    *desk);
void                 sportello_stats_names_free (SportelloStatsNames *names);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloStatsNames, sportello_stats_names_free)

/* The display name of a key of a table, in the operator's language.
 * Newly allocated. */
char       *sportello_stats_names_get_label (SportelloStatsNames  *names,
                                             SportelloReportTable  table,
                                             const char           *key);
const char *sportello_stats_names_get_desk_name (SportelloStatsNames *names);
/* Hours (0..23) the heatmap shows: the opening hours of the desk joined
 * with the hours that hold data. */
void        sportello_stats_names_get_hours (SportelloStatsNames        *names,
                                             const SportelloStatsReport *report,
                                             int                        *first,
                                             int                        *last);

/* Translated title of the chart of a table. */
const char *sportello_stats_chart_get_title (SportelloReportTable table);
/* One line saying what the chart shows, for screen readers and the PDF. */
char       *sportello_stats_chart_describe  (const SportelloStatsReport *report,
                                             SportelloStatsNames        *names,
                                             SportelloReportTable        table);

/* Draws the chart of a table into the rectangle (0, 0, width, height) of cr
 * (title excluded).  Hidden figures are hatched and labelled "< 5", never
 * drawn to their value. */
void        sportello_stats_chart_draw      (cairo_t                    *cr,
                                             const SportelloStatsReport *report,
                                             SportelloStatsNames        *names,
                                             SportelloReportTable        table,
                                             double                      width,
                                             double                      height);

/* Draws text with Pango at (x, y); align 0 left, 0.5 centre, 1 right.
 * Returns the width used. */
double      sportello_stats_draw_text       (cairo_t    *cr,
                                             const char *text,
                                             double      x,
                                             double      y,
                                             double      size,
                                             gboolean    bold,
                                             double      align);

G_END_DECLS
