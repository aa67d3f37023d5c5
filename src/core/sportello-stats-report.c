/* sportello-stats-report.c: the tables of the statistics window and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-stats-report.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "sportello-error.h"

/* A custom period longer than this is refused: one bar per day stops being
 * readable, and the query would scan years for nothing. */
#define MAX_PERIOD_DAYS 1100

static const SportelloStatsDimension table_dimensions[SPORTELLO_REPORT_N_TABLES] = {
  [SPORTELLO_REPORT_DAY] = SPORTELLO_STATS_BY_DAY,
  [SPORTELLO_REPORT_LANGUAGE] = SPORTELLO_STATS_BY_LANGUAGE,
  [SPORTELLO_REPORT_SERVICE] = SPORTELLO_STATS_BY_SERVICE,
  [SPORTELLO_REPORT_TOPIC] = SPORTELLO_STATS_BY_TOPIC,
  [SPORTELLO_REPORT_FUNNEL] = SPORTELLO_STATS_BY_FUNNEL,
  [SPORTELLO_REPORT_END_REASON] = SPORTELLO_STATS_BY_END_REASON,
  [SPORTELLO_REPORT_CAMPAIGN] = SPORTELLO_STATS_BY_CAMPAIGN,
  [SPORTELLO_REPORT_HOUR_OF_WEEK] = SPORTELLO_STATS_BY_HOUR_OF_WEEK,
};

static const char * const table_names[SPORTELLO_REPORT_N_TABLES] = {
  "day", "language", "service", "topic", "funnel", "end-reason", "campaign",
  "hour-of-week",
};

static const char * const funnel_keys[] = {
  "sessions", "service-viewed", "booked", "walk-in", "checked-in",
};

static int
compare_by_keys (gconstpointer a,
                 gconstpointer b)
{
  const SportelloStatsRow *ra = *(SportelloStatsRow * const *) a;
  const SportelloStatsRow *rb = *(SportelloStatsRow * const *) b;
  int cmp = g_strcmp0 (ra->key, rb->key);

  return cmp != 0 ? cmp : g_strcmp0 (ra->key2, rb->key2);
}

static int
compare_by_count_desc (gconstpointer a,
                       gconstpointer b)
{
  const SportelloStatsRow *ra = *(SportelloStatsRow * const *) a;
  const SportelloStatsRow *rb = *(SportelloStatsRow * const *) b;

  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return g_strcmp0 (ra->key, rb->key);
}

static SportelloStatsRow *
find_row (GPtrArray  *rows,
          const char *key,
          const char *key2)
{
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0 && g_strcmp0 (row->key2, key2) == 0)
        return row;
    }
  return NULL;
}

static gboolean
can_complement (const SportelloStatsRow *row,
                const char              *protected_key)
{
  return !row->suppressed
         && (protected_key == NULL || g_strcmp0 (row->key, protected_key) != 0);
}

/* Whether candidate is a better complement than best: a non-zero cell
 * protects for real, a hidden zero only when nothing else is left; then one
 * that also completes its crossing group; then the smallest. */
static gboolean
better_complement (const SportelloStatsRow *candidate,
                   gboolean                 candidate_helps,
                   const SportelloStatsRow *best,
                   gboolean                 best_helps)
{
  if (best == NULL)
    return TRUE;
  if ((candidate->count > 0) != (best->count > 0))
    return candidate->count > 0;
  if (candidate_helps != best_helps)
    return candidate_helps;
  return candidate->count < best->count;
}

static guint
count_hidden (GPtrArray *rows)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (row->suppressed)
        n++;
    }
  return n;
}

guint
sportello_stats_suppress_group (GPtrArray  *rows,
                                const char *protected_key)
{
  SportelloStatsRow *best = NULL;

  g_return_val_if_fail (rows != NULL, 0);

  if (count_hidden (rows) != 1)
    return 0;

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (can_complement (row, protected_key)
          && better_complement (row, FALSE, best, FALSE))
        best = row;
    }

  if (best == NULL)
    return 0;
  best->suppressed = TRUE;
  return 1;
}

/* Groups of rows sharing key (or key2), in order of first appearance. */
static GPtrArray *
group_rows (GPtrArray *rows,
            gboolean   by_key2)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      const char *k = by_key2 ? row->key2 : row->key;
      GPtrArray *group;

      if (k == NULL)
        k = "";
      group = g_hash_table_lookup (index, k);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
          g_hash_table_insert (index, (gpointer) k, group);
        }
      g_ptr_array_add (group, row);
    }

  return groups;
}

static GPtrArray *
find_group_of (GPtrArray               *groups,
               const SportelloStatsRow *row)
{
  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);

      for (guint j = 0; j < group->len; j++)
        if (g_ptr_array_index (group, j) == row)
          return group;
    }
  return NULL;
}

/* One pass over the groups of one direction; cross are the groups of the
 * other direction, used to prefer a complement that also completes its
 * column (or row).  Returns how many cells were hidden. */
static guint
suppress_pass (GPtrArray *groups,
               GPtrArray *cross)
{
  guint hidden = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);
      SportelloStatsRow *best = NULL;
      gboolean best_helps = FALSE;

      if (count_hidden (group) != 1)
        continue;

      for (guint j = 0; j < group->len; j++)
        {
          SportelloStatsRow *row = g_ptr_array_index (group, j);
          GPtrArray *other;
          gboolean helps;

          if (!can_complement (row, NULL))
            continue;
          other = find_group_of (cross, row);
          helps = other != NULL && count_hidden (other) == 1;
          if (better_complement (row, helps, best, best_helps))
            {
              best = row;
              best_helps = helps;
            }
        }

      if (best != NULL)
        {
          best->suppressed = TRUE;
          hidden++;
        }
    }

  return hidden;
}

guint
sportello_stats_suppress_two_way (GPtrArray *rows)
{
  g_autoptr(GPtrArray) by_row = NULL;
  g_autoptr(GPtrArray) by_column = NULL;
  guint total = 0;
  guint hidden;

  g_return_val_if_fail (rows != NULL, 0);

  by_row = group_rows (rows, FALSE);
  by_column = group_rows (rows, TRUE);

  /* Each pass only adds hidden cells, so this ends. */
  do
    {
      hidden = suppress_pass (by_row, by_column);
      hidden += suppress_pass (by_column, by_row);
      total += hidden;
    }
  while (hidden > 0);

  return total;
}

SportelloStatsDimension
sportello_report_table_get_dimension (SportelloReportTable table)
{
  g_return_val_if_fail ((int) table >= 0 && table < SPORTELLO_REPORT_N_TABLES,
                        SPORTELLO_STATS_BY_DAY);
  return table_dimensions[table];
}

const char *
sportello_report_table_to_string (SportelloReportTable table)
{
  g_return_val_if_fail ((int) table >= 0 && table < SPORTELLO_REPORT_N_TABLES, NULL);
  return table_names[table];
}

static void
fill_days (GPtrArray   *rows,
           const GDate *from,
           const GDate *to)
{
  GDate day = *from;

  while (g_date_compare (&day, to) <= 0)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%04d-%02d-%02d",
                  g_date_get_year (&day), g_date_get_month (&day),
                  g_date_get_day (&day));
      if (find_row (rows, key, NULL) == NULL)
        g_ptr_array_add (rows, sportello_stats_row_new (key, NULL, 0));
      g_date_add_days (&day, 1);
    }
}

static void
fill_keys (GPtrArray          *rows,
           const char * const *keys,
           guint               n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    if (find_row (rows, keys[i], NULL) == NULL)
      g_ptr_array_add (rows, sportello_stats_row_new (keys[i], NULL, 0));
}

/* Every weekday for every hour from the first to the last that holds data,
 * zeros included, so that secondary suppression sees whole rows and
 * columns. */
static void
fill_hour_of_week (GPtrArray *rows)
{
  int lo = 24, hi = -1;

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      int hour = row->key2 != NULL ? atoi (row->key2) : -1;

      if (row->count > 0 && hour >= 0 && hour <= 23)
        {
          lo = MIN (lo, hour);
          hi = MAX (hi, hour);
        }
    }

  for (int wd = 1; wd <= 7; wd++)
    for (int hour = lo; hour <= hi; hour++)
      {
        char key[4], key2[4];

        g_snprintf (key, sizeof key, "%d", wd);
        g_snprintf (key2, sizeof key2, "%02d", hour);
        if (find_row (rows, key, key2) == NULL)
          g_ptr_array_add (rows, sportello_stats_row_new (key, key2, 0));
      }
}

static int
funnel_rank (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (funnel_keys); i++)
    if (g_strcmp0 (key, funnel_keys[i]) == 0)
      return (int) i;
  return (int) G_N_ELEMENTS (funnel_keys);
}

static int
compare_funnel (gconstpointer a,
                gconstpointer b)
{
  const SportelloStatsRow *ra = *(SportelloStatsRow * const *) a;
  const SportelloStatsRow *rb = *(SportelloStatsRow * const *) b;

  return funnel_rank (ra->key) - funnel_rank (rb->key);
}

static int
end_reason_rank (const char *key)
{
  SportelloEndReason reason;

  return sportello_end_reason_from_string (key, &reason) ? (int) reason : 100;
}

static int
compare_end_reason (gconstpointer a,
                    gconstpointer b)
{
  const SportelloStatsRow *ra = *(SportelloStatsRow * const *) a;
  const SportelloStatsRow *rb = *(SportelloStatsRow * const *) b;
  int cmp = end_reason_rank (ra->key) - end_reason_rank (rb->key);

  return cmp != 0 ? cmp : g_strcmp0 (ra->key, rb->key);
}

/* Rows left with a key the store should never return (an empty language)
 * would be unreadable: they stay, under their raw key. */
static void
shape_table (SportelloStatsReport *report,
             SportelloReportTable  table)
{
  GPtrArray *rows = report->tables[table];

  switch (table)
    {
    case SPORTELLO_REPORT_DAY:
      fill_days (rows, &report->from, &report->to);
      g_ptr_array_sort (rows, compare_by_keys);
      break;
    case SPORTELLO_REPORT_HOUR_OF_WEEK:
      fill_hour_of_week (rows);
      g_ptr_array_sort (rows, compare_by_keys);
      break;
    case SPORTELLO_REPORT_FUNNEL:
      fill_keys (rows, funnel_keys, G_N_ELEMENTS (funnel_keys));
      g_ptr_array_sort (rows, compare_funnel);
      break;
    case SPORTELLO_REPORT_END_REASON:
      {
        const char *keys[] = {
          sportello_end_reason_to_string (SPORTELLO_END_FINISHED),
          sportello_end_reason_to_string (SPORTELLO_END_IDLE),
          sportello_end_reason_to_string (SPORTELLO_END_BACK_TO_START),
        };

        fill_keys (rows, keys, G_N_ELEMENTS (keys));
        g_ptr_array_sort (rows, compare_end_reason);
      }
      break;
    case SPORTELLO_REPORT_LANGUAGE:
    case SPORTELLO_REPORT_SERVICE:
    case SPORTELLO_REPORT_TOPIC:
    case SPORTELLO_REPORT_CAMPAIGN:
    default:
      g_ptr_array_sort (rows, compare_by_count_desc);
      break;
    }
}

static void
suppress_report (SportelloStatsReport *report)
{
  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      GPtrArray *rows = report->tables[t];

      sportello_stats_suppress (rows, report->threshold);

      /* A total below the threshold hides every figure: they are all
       * parts of it (primary suppression alone already hides each one). */
      if (report->total_suppressed)
        {
          for (guint i = 0; i < rows->len; i++)
            {
              SportelloStatsRow *row = g_ptr_array_index (rows, i);

              if (row->count > 0)
                row->suppressed = TRUE;
            }
          continue;
        }

      if (t == SPORTELLO_REPORT_HOUR_OF_WEEK)
        sportello_stats_suppress_two_way (rows);
      else if (t == SPORTELLO_REPORT_FUNNEL)
        /* "sessions" is the total shown on every page: never a complement. */
        sportello_stats_suppress_group (rows, "sessions");
      else
        sportello_stats_suppress_group (rows, NULL);
    }
}

SportelloStatsReport *
sportello_stats_report_query (SportelloStore  *store,
                              const GDate     *from,
                              const GDate     *to,
                              const char      *kiosk_id,
                              int              threshold,
                              GError         **error)
{
  g_autoptr(SportelloStatsReport) report = NULL;
  const SportelloStatsRow *sessions;

  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_date_valid (from) || !g_date_valid (to))
    {
      g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                           "The period needs a valid first and last day");
      return NULL;
    }
  if (g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                           "The first day of the period comes after its last day");
      return NULL;
    }
  if (g_date_days_between (from, to) >= MAX_PERIOD_DAYS)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The period is longer than %d days", MAX_PERIOD_DAYS);
      return NULL;
    }
  if (threshold < SPORTELLO_REPORT_MIN_THRESHOLD
      || threshold > SPORTELLO_REPORT_MAX_THRESHOLD)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The suppression threshold must be between %d and %d, not %d",
                   SPORTELLO_REPORT_MIN_THRESHOLD, SPORTELLO_REPORT_MAX_THRESHOLD,
                   threshold);
      return NULL;
    }

  report = g_new0 (SportelloStatsReport, 1);
  report->from = *from;
  report->to = *to;
  report->kiosk_id = g_strdup (kiosk_id);
  report->threshold = threshold;

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      SportelloStatsQuery query = { 0, };

      query.from = *from;
      query.to = *to;
      query.kiosk_id = kiosk_id;
      query.by = table_dimensions[t];
      report->tables[t] = sportello_store_query_stats (store, &query, error);
      if (report->tables[t] == NULL)
        return NULL;
      g_ptr_array_set_free_func (report->tables[t],
                                 (GDestroyNotify) sportello_stats_row_free);
      shape_table (report, t);
    }

  sessions = find_row (report->tables[SPORTELLO_REPORT_FUNNEL], "sessions", NULL);
  report->total = sessions != NULL ? sessions->count : 0;
  report->total_suppressed = report->total > 0 && report->total < threshold;

  suppress_report (report);

  return g_steal_pointer (&report);
}

void
sportello_stats_report_free (SportelloStatsReport *report)
{
  if (report == NULL)
    return;
  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    g_clear_pointer (&report->tables[t], g_ptr_array_unref);
  g_free (report->kiosk_id);
  g_free (report);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

GPtrArray *
sportello_stats_report_list_kiosks (SportelloStore  *store,
                                    GError         **error)
{
  SportelloStatsQuery query = { 0, };
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *kiosks;

  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);

  g_date_clear (&query.from, 1);
  g_date_clear (&query.to, 1);
  query.by = SPORTELLO_STATS_BY_KIOSK;
  rows = sportello_store_query_stats (store, &query, error);
  if (rows == NULL)
    return NULL;
  g_ptr_array_set_free_func (rows, (GDestroyNotify) sportello_stats_row_free);

  kiosks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (row->key != NULL && row->key[0] != '\0')
        g_ptr_array_add (kiosks, g_strdup (row->key));
    }
  g_ptr_array_sort (kiosks, compare_strings);
  return kiosks;
}

const SportelloStatsRow *
sportello_stats_report_lookup (const SportelloStatsReport *report,
                               SportelloReportTable        table,
                               const char                 *key,
                               const char                 *key2)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail ((int) table >= 0 && table < SPORTELLO_REPORT_N_TABLES, NULL);

  return find_row (report->tables[table], key, key2);
}

gint64
sportello_stats_report_get_max (const SportelloStatsReport *report,
                                SportelloReportTable        table)
{
  GPtrArray *rows;
  gint64 max = 0;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail ((int) table >= 0 && table < SPORTELLO_REPORT_N_TABLES, 0);

  rows = report->tables[table];
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (!row->suppressed && row->count > max)
        max = row->count;
    }
  return MAX (max, report->threshold);
}

gboolean
sportello_stats_report_get_hour_range (const SportelloStatsReport *report,
                                       int                        *first,
                                       int                        *last)
{
  GPtrArray *rows;
  int lo = 24, hi = -1;

  g_return_val_if_fail (report != NULL, FALSE);

  rows = report->tables[SPORTELLO_REPORT_HOUR_OF_WEEK];
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      int hour;

      if (row->count <= 0 || row->key2 == NULL)
        continue;
      hour = atoi (row->key2);
      if (hour < 0 || hour > 23)
        continue;
      lo = MIN (lo, hour);
      hi = MAX (hi, hour);
    }

  if (hi < 0)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return TRUE;
}

char *
sportello_stats_report_format_count (const SportelloStatsReport *report,
                                     const SportelloStatsRow    *row)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (row == NULL)
    return g_strdup ("0");
  if (row->suppressed && row->count < report->threshold)
    return g_strdup_printf ("< %d", report->threshold);
  if (row->suppressed)
    return g_strdup_printf ("≥ %d", report->threshold);
  return g_strdup_printf ("%" G_GINT64_FORMAT, row->count);
}

char *
sportello_stats_report_format_total (const SportelloStatsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (report->total_suppressed)
    return g_strdup_printf ("< %d", report->threshold);
  return g_strdup_printf ("%" G_GINT64_FORMAT, report->total);
}

/* The count as exports write it. */
static char *
export_count (const SportelloStatsReport *report,
              const SportelloStatsRow    *row)
{
  if (row->suppressed && row->count < report->threshold)
    return g_strdup_printf ("<%d", report->threshold);
  if (row->suppressed)
    return g_strdup_printf (">=%d", report->threshold);
  return g_strdup_printf ("%" G_GINT64_FORMAT, row->count);
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
sportello_stats_report_to_csv (const SportelloStatsReport *report)
{
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new ("dimension,key,key2,count\n");
  if (report->total_suppressed)
    g_string_append_printf (out, "total,sessions,,<%d\n", report->threshold);
  else
    g_string_append_printf (out, "total,sessions,,%" G_GINT64_FORMAT "\n", report->total);

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      GPtrArray *rows = report->tables[t];

      for (guint i = 0; i < rows->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (rows, i);
          g_autofree char *count = export_count (report, row);

          g_string_append (out, table_names[t]);
          g_string_append_c (out, ',');
          append_csv_field (out, row->key);
          g_string_append_c (out, ',');
          append_csv_field (out, row->key2);
          g_string_append_c (out, ',');
          g_string_append (out, count);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

static char *
format_iso_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

char *
sportello_stats_report_to_json (const SportelloStatsReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  from = format_iso_date (&report->from);
  to = format_iso_date (&report->to);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "kiosk");
  if (report->kiosk_id != NULL)
    json_builder_add_string_value (builder, report->kiosk_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, report->threshold);

  json_builder_set_member_name (builder, "total");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  if (report->total_suppressed)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, report->total);
  json_builder_set_member_name (builder, "suppressed");
  json_builder_add_boolean_value (builder, report->total_suppressed);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      GPtrArray *rows = report->tables[t];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dimension");
      json_builder_add_string_value (builder, table_names[t]);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (rows, i);
          g_autofree char *shown = export_count (report, row);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, row->key);
          if (row->key2 != NULL)
            {
              json_builder_set_member_name (builder, "key2");
              json_builder_add_string_value (builder, row->key2);
            }
          json_builder_set_member_name (builder, "count");
          if (row->suppressed)
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, row->count);
          json_builder_set_member_name (builder, "suppressed");
          json_builder_add_boolean_value (builder, row->suppressed);
          json_builder_set_member_name (builder, "shown");
          json_builder_add_string_value (builder, shown);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
