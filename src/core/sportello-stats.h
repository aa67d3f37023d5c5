/* sportello-stats.h: anonymous session summaries and their aggregates
 *
 * A summary holds no personal data and no key that joins it to a booking:
 * no ticket code, no phone, no exact time (date and hour only), and the
 * store keeps rows in an order unrelated to when they were written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Stored values: append only. */
typedef enum
{
  SPORTELLO_END_FINISHED = 0,       /* reached the end (ticket, or "done") */
  SPORTELLO_END_IDLE = 1,           /* reset after the idle countdown */
  SPORTELLO_END_BACK_TO_START = 2,  /* pressed "start again" */
} SportelloEndReason;

/* "How did you hear about this desk?"  Stored values: append only. */
typedef enum
{
  SPORTELLO_CAMPAIGN_NOT_ASKED = 0,  /* the session ended before the question */
  SPORTELLO_CAMPAIGN_POSTER = 1,
  SPORTELLO_CAMPAIGN_SOCIAL = 2,     /* social network */
  SPORTELLO_CAMPAIGN_FRIEND = 3,     /* friend or family */
  SPORTELLO_CAMPAIGN_OFFICE = 4,     /* another office sent me */
  SPORTELLO_CAMPAIGN_PRESS = 5,      /* newspaper, radio, TV */
  SPORTELLO_CAMPAIGN_OTHER = 6,
  SPORTELLO_CAMPAIGN_SKIPPED = 7,    /* asked, no answer */
} SportelloCampaign;

#define SPORTELLO_N_CAMPAIGNS 8

/* "finished", "idle", "back-to-start" */
const char *sportello_end_reason_to_string   (SportelloEndReason reason);
gboolean    sportello_end_reason_from_string (const char *name, SportelloEndReason *out);
const char *sportello_end_reason_get_label   (SportelloEndReason reason);  /* msgid */
/* "not-asked", "poster", "social", "friend", "office", "press", "other", "skipped" */
const char *sportello_campaign_to_string     (SportelloCampaign campaign);
gboolean    sportello_campaign_from_string   (const char *name, SportelloCampaign *out);
const char *sportello_campaign_get_label     (SportelloCampaign campaign);  /* msgid */

/* Built by the kiosk during a session, handed to the store at its end. */
typedef struct
{
  char              *kiosk_id;
  GDateTime         *started_at;  /* local time; the store keeps only date and hour */
  char              *language;    /* language the session ended in */
  GPtrArray         *topics;      /* char *, topic ids viewed; duplicates ignored */
  GPtrArray         *services;    /* char *, service ids whose page was viewed */
  gboolean           booked;
  gboolean           walk_in;
  gboolean           checked_in;
  SportelloEndReason end_reason;
  SportelloCampaign  campaign;
} SportelloSessionSummary;

SportelloSessionSummary *sportello_session_summary_new  (const char *kiosk_id,
                                                         GDateTime  *started_at);
void                     sportello_session_summary_add_topic   (SportelloSessionSummary *summary,
                                                                const char              *topic_id);
void                     sportello_session_summary_add_service (SportelloSessionSummary *summary,
                                                                const char              *service_id);
void                     sportello_session_summary_free (SportelloSessionSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloSessionSummary, sportello_session_summary_free)

typedef enum
{
  SPORTELLO_STATS_BY_DAY,           /* key "YYYY-MM-DD" */
  SPORTELLO_STATS_BY_HOUR,          /* key "09" */
  SPORTELLO_STATS_BY_WEEKDAY,       /* key "1".."7", Monday = 1 */
  SPORTELLO_STATS_BY_HOUR_OF_WEEK,  /* key weekday "1".."7", key2 hour "00".."23" */
  SPORTELLO_STATS_BY_KIOSK,
  SPORTELLO_STATS_BY_LANGUAGE,
  SPORTELLO_STATS_BY_TOPIC,         /* sessions that viewed the topic */
  SPORTELLO_STATS_BY_SERVICE,       /* sessions that viewed the service */
  SPORTELLO_STATS_BY_CAMPAIGN,
  SPORTELLO_STATS_BY_END_REASON,
  SPORTELLO_STATS_BY_FUNNEL,        /* keys "sessions", "service-viewed", "booked", "walk-in", "checked-in" */
} SportelloStatsDimension;

/* "day", "hour", "weekday", "hour-of-week", "kiosk", "language", "topic",
 * "service", "campaign", "end-reason", "funnel" */
const char *sportello_stats_dimension_to_string   (SportelloStatsDimension by);
gboolean    sportello_stats_dimension_from_string (const char *name, SportelloStatsDimension *out);

typedef struct
{
  GDate                   from;      /* inclusive; invalid (cleared) = no lower bound */
  GDate                   to;        /* inclusive; invalid = no upper bound */
  const char             *kiosk_id;  /* NULL = every kiosk */
  SportelloStatsDimension by;
} SportelloStatsQuery;

typedef struct
{
  char     *key;
  char     *key2;        /* second key for two-way tables, else NULL */
  gint64    count;
  gboolean  suppressed;  /* count must be shown as "< threshold", never as its value */
} SportelloStatsRow;

SportelloStatsRow *sportello_stats_row_new  (const char *key,
                                             const char *key2,
                                             gint64      count);
void               sportello_stats_row_free (SportelloStatsRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloStatsRow, sportello_stats_row_free)

#define SPORTELLO_STATS_DEFAULT_THRESHOLD 5

/* Marks rows whose count is between 1 and threshold - 1 as suppressed
 * (primary suppression). Returns how many were marked. */
guint sportello_stats_suppress (GPtrArray *rows,
                                int        threshold);

/* CSV with a header line "dimension,key[,key2],count"; suppressed counts are
 * written as "<N".  JSON: {"dimension":..,"threshold":..,"rows":[{"key":..,"count":..|null,"suppressed":..}]} */
char *sportello_stats_to_csv  (GPtrArray               *rows,
                               SportelloStatsDimension  by,
                               int                      threshold);
char *sportello_stats_to_json (GPtrArray               *rows,
                               SportelloStatsDimension  by,
                               int                      threshold);

G_END_DECLS
