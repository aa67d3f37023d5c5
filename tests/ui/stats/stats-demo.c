/* stats-demo.c: fills a database with a month of demo session summaries
 * through the core (sportello_store_record_session), deterministically
 *
 *   stats-demo DB YYYY-MM [SESSIONS_PER_OPEN_DAY]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sportello.h"

static const char * const languages[] = { "ar", "ar", "ar", "fr", "fr", "en", "ur", "bn", "zh_CN", "uk", "ti" };
static const struct { const char *service; const char *topic; } services[] = {
  { "residence-permit", "documents" }, { "residence-permit", "documents" },
  { "employment-centre", "work" }, { "italian-courses", "school" },
  { "health-registration", "health" }, { "housing-help", "housing" },
  { "family-reunification", "family" }, { "legal-advice", "legal" },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  int year, month, per_day = argc > 3 ? atoi (argv[3]) : 40;

  if (argc < 3 || sscanf (argv[2], "%d-%d", &year, &month) != 2 || month < 1 || month > 12)
    {
      g_printerr ("usage: stats-demo DB YYYY-MM [SESSIONS_PER_OPEN_DAY]\n");
      return 2;
    }
  store = sportello_sqlite_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("stats-demo: %s\n", error->message);
      return 1;
    }

  for (int day = 1; day <= g_date_get_days_in_month (month, year); day++)
    {
      GDate date;
      int n;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, month, year);
      if (g_date_get_weekday (&date) == G_DATE_SUNDAY)
        continue;
      n = g_date_get_weekday (&date) == G_DATE_SATURDAY ? 3 : per_day + g_rand_int_range (rand, -8, 9);
      for (int i = 0; i < n; i++)
        {
          int hour = 9 + g_rand_int_range (rand, 0, 7);
          g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, hour,
                                                             g_rand_int_range (rand, 0, 60), 0);
          g_autoptr(SportelloSessionSummary) s = sportello_session_summary_new (
            i % 3 == 0 ? "kiosk-2" : "kiosk-1", when);
          int k = g_rand_int_range (rand, 0, G_N_ELEMENTS (services));
          int r = g_rand_int_range (rand, 0, 100);

          s->language = g_strdup (languages[g_rand_int_range (rand, 0, G_N_ELEMENTS (languages))]);
          sportello_session_summary_add_topic (s, services[k].topic);
          if (r < 85)
            sportello_session_summary_add_service (s, services[k].service);
          s->booked = r < 35;
          s->walk_in = r >= 35 && r < 50;
          s->checked_in = r < 20;
          s->end_reason = r < 70 ? SPORTELLO_END_FINISHED : r < 90 ? SPORTELLO_END_IDLE
                                                                   : SPORTELLO_END_BACK_TO_START;
          s->campaign = g_rand_int_range (rand, 0, SPORTELLO_N_CAMPAIGNS);
          if (!sportello_store_record_session (store, s, &error))
            {
              g_printerr ("stats-demo: %s\n", error->message);
              return 1;
            }
        }
    }
  return 0;
}
