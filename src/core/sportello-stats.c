/* sportello-stats.c: anonymous session summaries and their aggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-stats.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int         value;
  const char *name;
  const char *label;
} EnumName;

static const EnumName end_reasons[] = {
  { SPORTELLO_END_FINISHED, "finished", N_("Finished") },
  { SPORTELLO_END_IDLE, "idle", N_("Idle timeout") },
  { SPORTELLO_END_BACK_TO_START, "back-to-start", N_("Back to start") },
};

static const EnumName campaigns[] = {
  { SPORTELLO_CAMPAIGN_NOT_ASKED, "not-asked", N_("Not asked") },
  { SPORTELLO_CAMPAIGN_POSTER, "poster", N_("Poster") },
  { SPORTELLO_CAMPAIGN_SOCIAL, "social", N_("Social network") },
  { SPORTELLO_CAMPAIGN_FRIEND, "friend", N_("Friend or family") },
  { SPORTELLO_CAMPAIGN_OFFICE, "office", N_("Another office") },
  { SPORTELLO_CAMPAIGN_PRESS, "press", N_("Newspaper, radio or TV") },
  { SPORTELLO_CAMPAIGN_OTHER, "other", N_("Other") },
  { SPORTELLO_CAMPAIGN_SKIPPED, "skipped", N_("Skipped") },
};

static const EnumName dimensions[] = {
  { SPORTELLO_STATS_BY_DAY, "day", NULL },
  { SPORTELLO_STATS_BY_HOUR, "hour", NULL },
  { SPORTELLO_STATS_BY_WEEKDAY, "weekday", NULL },
  { SPORTELLO_STATS_BY_HOUR_OF_WEEK, "hour-of-week", NULL },
  { SPORTELLO_STATS_BY_KIOSK, "kiosk", NULL },
  { SPORTELLO_STATS_BY_LANGUAGE, "language", NULL },
  { SPORTELLO_STATS_BY_TOPIC, "topic", NULL },
  { SPORTELLO_STATS_BY_SERVICE, "service", NULL },
  { SPORTELLO_STATS_BY_CAMPAIGN, "campaign", NULL },
  { SPORTELLO_STATS_BY_END_REASON, "end-reason", NULL },
  { SPORTELLO_STATS_BY_FUNNEL, "funnel", NULL },
};

static const EnumName *
lookup_value (const EnumName *names,
              gsize           n_names,
              int             value)
{
  for (gsize i = 0; i < n_names; i++)
    if (names[i].value == value)
      return &names[i];
  return NULL;
}

static gboolean
lookup_name (const EnumName *names,
             gsize           n_names,
             const char     *name,
             int            *out)
{
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i].name, name) == 0)
      {
        if (out != NULL)
          *out = names[i].value;
        return TRUE;
      }
  return FALSE;
}

const char *
sportello_end_reason_to_string (SportelloEndReason reason)
{
  const EnumName *e = lookup_value (end_reasons, G_N_ELEMENTS (end_reasons), reason);
  return e ? e->name : NULL;
}

gboolean
sportello_end_reason_from_string (const char         *name,
                                  SportelloEndReason *out)
{
  int value;

  if (!lookup_name (end_reasons, G_N_ELEMENTS (end_reasons), name, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
sportello_end_reason_get_label (SportelloEndReason reason)
{
  const EnumName *e = lookup_value (end_reasons, G_N_ELEMENTS (end_reasons), reason);
  return e ? e->label : NULL;
}

const char *
sportello_campaign_to_string (SportelloCampaign campaign)
{
  const EnumName *e = lookup_value (campaigns, G_N_ELEMENTS (campaigns), campaign);
  return e ? e->name : NULL;
}

gboolean
sportello_campaign_from_string (const char        *name,
                                SportelloCampaign *out)
{
  int value;

  if (!lookup_name (campaigns, G_N_ELEMENTS (campaigns), name, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

const char *
sportello_campaign_get_label (SportelloCampaign campaign)
{
  const EnumName *e = lookup_value (campaigns, G_N_ELEMENTS (campaigns), campaign);
  return e ? e->label : NULL;
}

const char *
sportello_stats_dimension_to_string (SportelloStatsDimension by)
{
  const EnumName *e = lookup_value (dimensions, G_N_ELEMENTS (dimensions), by);
  return e ? e->name : NULL;
}

gboolean
sportello_stats_dimension_from_string (const char              *name,
                                       SportelloStatsDimension *out)
{
  int value;

  if (!lookup_name (dimensions, G_N_ELEMENTS (dimensions), name, &value))
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

/* Session summaries */

SportelloSessionSummary *
sportello_session_summary_new (const char *kiosk_id,
                               GDateTime  *started_at)
{
  SportelloSessionSummary *summary = g_new0 (SportelloSessionSummary, 1);

  summary->kiosk_id = g_strdup (kiosk_id);
  summary->started_at = started_at ? g_date_time_ref (started_at) : NULL;
  summary->topics = g_ptr_array_new_with_free_func (g_free);
  summary->services = g_ptr_array_new_with_free_func (g_free);
  summary->end_reason = SPORTELLO_END_FINISHED;
  summary->campaign = SPORTELLO_CAMPAIGN_NOT_ASKED;
  return summary;
}

static void
add_unique (GPtrArray  *array,
            const char *id)
{
  if (id == NULL || *id == '\0')
    return;
  if (g_ptr_array_find_with_equal_func (array, id, g_str_equal, NULL))
    return;
  g_ptr_array_add (array, g_strdup (id));
}

void
sportello_session_summary_add_topic (SportelloSessionSummary *summary,
                                     const char              *topic_id)
{
  g_return_if_fail (summary != NULL);
  add_unique (summary->topics, topic_id);
}

void
sportello_session_summary_add_service (SportelloSessionSummary *summary,
                                       const char              *service_id)
{
  g_return_if_fail (summary != NULL);
  add_unique (summary->services, service_id);
}

void
sportello_session_summary_free (SportelloSessionSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->kiosk_id);
  g_clear_pointer (&summary->started_at, g_date_time_unref);
  g_free (summary->language);
  g_clear_pointer (&summary->topics, g_ptr_array_unref);
  g_clear_pointer (&summary->services, g_ptr_array_unref);
  g_free (summary);
}

/* Rows */

SportelloStatsRow *
sportello_stats_row_new (const char *key,
                         const char *key2,
                         gint64      count)
{
  SportelloStatsRow *row = g_new0 (SportelloStatsRow, 1);

  row->key = g_strdup (key);
  row->key2 = g_strdup (key2);
  row->count = count;
  return row;
}

void
sportello_stats_row_free (SportelloStatsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->key2);
  g_free (row);
}

guint
sportello_stats_suppress (GPtrArray *rows,
                          int        threshold)
{
  guint marked = 0;

  g_return_val_if_fail (rows != NULL, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      row->suppressed = row->count >= 1 && row->count < threshold;
      if (row->suppressed)
        marked++;
    }
  return marked;
}

static gboolean
has_two_keys (SportelloStatsDimension by)
{
  return by == SPORTELLO_STATS_BY_HOUR_OF_WEEK;
}

/* RFC 4180 quoting, and a leading apostrophe for a cell a spreadsheet
 * would take for a formula. */
static void
append_csv_field (GString    *out,
                  const char *field)
{
  gboolean quote;

  if (field == NULL)
    field = "";
  quote = strpbrk (field, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (field[0] != '\0' && strchr ("=+-@", field[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

char *
sportello_stats_to_csv (GPtrArray               *rows,
                        SportelloStatsDimension  by,
                        int                      threshold)
{
  GString *out = g_string_new (NULL);
  const char *dimension = sportello_stats_dimension_to_string (by);
  gboolean two = has_two_keys (by);

  g_string_append (out, two ? "dimension,key,key2,count\n" : "dimension,key,count\n");
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      append_csv_field (out, dimension);
      g_string_append_c (out, ',');
      append_csv_field (out, row->key);
      if (two)
        {
          g_string_append_c (out, ',');
          append_csv_field (out, row->key2);
        }
      if (row->suppressed)
        g_string_append_printf (out, ",<%d\n", threshold);
      else
        g_string_append_printf (out, ",%" G_GINT64_FORMAT "\n", row->count);
    }
  return g_string_free (out, FALSE);
}

char *
sportello_stats_to_json (GPtrArray               *rows,
                         SportelloStatsDimension  by,
                         int                      threshold)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dimension");
  json_builder_add_string_value (builder, sportello_stats_dimension_to_string (by));
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, threshold);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      if (has_two_keys (by))
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
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
