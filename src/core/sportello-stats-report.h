/* sportello-stats-report.h: every table of the statistics window and of
 * the monthly report, for one period and kiosk, suppressed and ready to show
 *
 * Built on sportello_store_query_stats().  No drawing here: the window and
 * the PDF draw the same SportelloStatsReport.
 *
 * Suppression (the method, also printed in the report):
 *
 *  1. Primary: a count from 1 to threshold - 1 is hidden ("< 5").
 *  2. Secondary: in every group of cells that add up to a figure someone can
 *     see or compute (a one-way table and its total; each weekday row and
 *     each hour column of the hour-of-week matrix), a lone hidden cell could
 *     be worked out by subtraction.  So while a group holds exactly one
 *     hidden cell, the smallest other non-zero cell of the group is hidden
 *     too (shown as "≥ 5": its value stays unknown).  This repeats until
 *     every group holds either no hidden cell or at least two.  Non-zero
 *     cells are chosen first (in the matrix, one that also completes its
 *     crossing group); a zero is hidden only when the group has nothing
 *     else, and then reads "< 5" like any small figure.
 *  3. The total number of sessions is itself hidden when below the
 *     threshold; then every other figure is too.
 *
 * The same rule applies to tables whose cells do not add up to the total
 * (services and topics: one session may view several; the funnel, whose
 * stages nest), which costs little and keeps one rule to explain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-store.h"

G_BEGIN_DECLS

typedef enum
{
  SPORTELLO_REPORT_DAY,           /* every day of the period, zeros included */
  SPORTELLO_REPORT_LANGUAGE,
  SPORTELLO_REPORT_SERVICE,
  SPORTELLO_REPORT_TOPIC,
  SPORTELLO_REPORT_FUNNEL,        /* sessions, service-viewed, booked, walk-in, checked-in */
  SPORTELLO_REPORT_END_REASON,
  SPORTELLO_REPORT_CAMPAIGN,
  SPORTELLO_REPORT_HOUR_OF_WEEK,  /* key "1".."7", key2 "00".."23": every weekday for
                                   * every hour from the first to the last with data */
} SportelloReportTable;

#define SPORTELLO_REPORT_N_TABLES 8

/* Smallest and largest threshold a report accepts. */
#define SPORTELLO_REPORT_MIN_THRESHOLD 2
#define SPORTELLO_REPORT_MAX_THRESHOLD 1000

typedef struct
{
  GDate      from;        /* inclusive */
  GDate      to;          /* inclusive */
  char      *kiosk_id;    /* NULL = every kiosk */
  int        threshold;
  gint64     total;       /* sessions in the period */
  gboolean   total_suppressed;
  /* SportelloStatsRow each, sorted for display (day and hour order for
   * time tables, largest first for the others, stable funnel order). */
  GPtrArray *tables[SPORTELLO_REPORT_N_TABLES];
} SportelloStatsReport;

SportelloStatsDimension sportello_report_table_get_dimension (SportelloReportTable table);
/* "day", "language", ... as sportello_stats_dimension_to_string(). */
const char             *sportello_report_table_to_string     (SportelloReportTable table);

/* Runs one query per table (call it from a worker thread: see
 * sportello_store_run_async()).  INVALID when from > to or the threshold is
 * outside [MIN, MAX]. */
SportelloStatsReport *sportello_stats_report_query (SportelloStore  *store,
                                                    const GDate     *from,
                                                    const GDate     *to,
                                                    const char      *kiosk_id,
                                                    int              threshold,
                                                    GError         **error);
void                  sportello_stats_report_free  (SportelloStatsReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloStatsReport, sportello_stats_report_free)

/* Kiosk ids that recorded sessions, sorted (char *). */
GPtrArray *sportello_stats_report_list_kiosks (SportelloStore  *store,
                                               GError         **error);

/* Secondary suppression of one group of cells (rows already through
 * primary suppression): when exactly one is hidden, hides the smallest
 * non-zero other (a zero when none is left).  protected_key (may be NULL)
 * is never chosen.  Returns how many cells it hid. */
guint sportello_stats_suppress_group   (GPtrArray  *rows,
                                        const char *protected_key);
/* Secondary suppression of a two-way table by key (rows) and key2
 * (columns), repeated until every row and column holds 0 or >= 2 hidden
 * cells where that is possible.  Returns how many cells it hid. */
guint sportello_stats_suppress_two_way (GPtrArray  *rows);

/* The row of a table with that key (and key2 for two-way tables), or NULL
 * when the store returned none (a zero). */
const SportelloStatsRow *sportello_stats_report_lookup (const SportelloStatsReport *report,
                                                        SportelloReportTable        table,
                                                        const char                 *key,
                                                        const char                 *key2);
/* Largest count that may be shown in a table (for chart scales): the
 * largest unsuppressed count, or the threshold when all are hidden. */
gint64 sportello_stats_report_get_max     (const SportelloStatsReport *report,
                                           SportelloReportTable        table);
/* First and last hour (0..23) of the hour-of-week matrix that hold data;
 * FALSE when it is empty. */
gboolean sportello_stats_report_get_hour_range (const SportelloStatsReport *report,
                                                int                        *first,
                                                int                        *last);

/* A count as shown everywhere: "37", "< 5" (below the threshold) or "≥ 5"
 * (hidden so a small count cannot be worked out).  Newly allocated. */
char *sportello_stats_report_format_count (const SportelloStatsReport *report,
                                           const SportelloStatsRow    *row);
char *sportello_stats_report_format_total (const SportelloStatsReport *report);

/* The whole report.  CSV: "dimension,key,key2,count", the count written as
 * in sportello_stats_to_csv() ("<5" for hidden figures, ">=5" for cells
 * hidden by secondary suppression), a first row "total,sessions,,N".
 * JSON: {"from","to","kiosk","threshold","total":{count,suppressed},
 * "tables":[{"dimension","rows":[{"key","key2"?,"count"|null,"suppressed","shown"}]}]} */
char *sportello_stats_report_to_csv  (const SportelloStatsReport *report);
char *sportello_stats_report_to_json (const SportelloStatsReport *report);

G_END_DECLS
